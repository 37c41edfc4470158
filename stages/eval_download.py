"""DVC stage `eval_download` (paper profiles): python stages/eval_download.py -> evaluate.paths.* (the
published evaluation sets at pinned versions, sha256-verified; see leia/corpus/eval_download.py)."""

import argparse
import logging

from leia.corpus.eval_download import LOCK, fetch_eval_data
from leia.params import load_params
from leia.stages_main import run


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--params", default="params.yaml")
    p.add_argument(
        "--lock", default=str(LOCK), help="sha256 of the sources that publish none (default %(default)s)"
    )
    p.add_argument("--mirror", default=None, help="fetch https://HOST/PATH as MIRROR/HOST/PATH instead")
    a = p.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    from pathlib import Path

    for path in fetch_eval_data(load_params(a.params), lock=Path(a.lock), mirror=a.mirror):
        print(path)


if __name__ == "__main__":
    run(main)
