"""DVC stage `demo_world`: python stages/demo_world.py [--out DIR] -> data/mirror/ (params demo_world.*,
languages, dump.date, dump.wikidata_date): the generated world laid out like dumps.wikimedia.org, plus
kb/ and eval/, written in English and every target language of `languages`, so that
`dvc exp run -S 'languages=[ja,ar]'` gets an Arabic wiki."""

import argparse
from pathlib import Path

from leia.demo.world import run as write
from leia.params import load_params
from leia.stages_main import run


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--params", default="params.yaml")
    p.add_argument(
        "--out", type=Path, default=None, help="output folder (default: the folder in sources.local)"
    )
    a = p.parse_args()
    write(load_params(a.params), a.out)


if __name__ == "__main__":
    run(main)
