"""DVC stage `base_model`: models/tokenizer -> models/base/ (demo: a tiny Llama pretrained on English; else
base_model.name_or_path), with a copy of the tokenizer's files."""

import argparse

from leia.params import load_params
from leia.stages_main import run
from leia.train.base_model import run as build


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--params", default="params.yaml")
    build(load_params(p.parse_args().params))


if __name__ == "__main__":
    run(main)
