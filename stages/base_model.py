"""DVC stage `base_model`: models/tokenizer -> models/base/ (demo: a tiny Llama pretrained on English; else
base_model.name_or_path), with a copy of the tokenizer's files."""

from leia.stages_main import params_stage, run
from leia.train.base_model import run as build


def main() -> None:
    build(params_stage(__doc__))


if __name__ == "__main__":
    run(main)
