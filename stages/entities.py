"""DVC stage `entities`: python stages/entities.py --lang ja -> data/entities/ja.parquet +
metrics/entities/ja.json (anchors resolved to English names, the paper's filters applied)."""

from leia.corpus.entities import run as build
from leia.stages_main import lang_stage, run


def main() -> None:
    params, lang = lang_stage(__doc__)
    build(params, lang)


if __name__ == "__main__":
    run(main)
