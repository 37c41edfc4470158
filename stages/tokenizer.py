"""DVC stage `tokenizer`: python stages/tokenizer.py -> models/tokenizer/ (demo: byte-level BPE trained on
data/extracted; else the tokenizer of base_model.name_or_path)."""

import argparse

from leia.params import load_params
from leia.stages_main import run
from leia.train.tokenizer import run as build


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--params", default="params.yaml")
    build(load_params(p.parse_args().params))


if __name__ == "__main__":
    run(main)
