"""DVC stage `methods`: python stages/methods.py -> data/methods/{method}.json, one resolved
configuration per configured method (what each train run depends on)."""

import argparse
from pathlib import Path

from leia.params import load_params
from leia.stages_main import run
from leia.train.methods import write_methods


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--params", default="params.yaml")
    p.add_argument("--out", type=Path, default=Path("data/methods"))
    args = p.parse_args()
    write_methods(load_params(args.params), args.out)


if __name__ == "__main__":
    run(main)
