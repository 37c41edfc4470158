"""Stage eval_data: normalise the evaluation sets (demo mirror or published files) into data/eval/."""

from __future__ import annotations

import argparse

from leia.evaluation.run import prepare_eval_data
from leia.params import load_params
from leia.stages_main import run


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--params", default="params.yaml")
    args = ap.parse_args()
    manifest = prepare_eval_data(load_params(args.params))
    for key, entry in sorted(manifest.items()):
        print(f"{key}: {entry['n']}")


if __name__ == "__main__":
    run(main)
