"""DVC stage `tokenizer`: python stages/tokenizer.py -> models/tokenizer/ (demo: byte-level BPE trained on
data/extracted; else the tokenizer of base_model.name_or_path)."""

from leia.stages_main import params_stage, run
from leia.train.tokenizer import run as build


def main() -> None:
    build(params_stage(__doc__))


if __name__ == "__main__":
    run(main)
