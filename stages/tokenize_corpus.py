"""DVC stage `tokenize@{lang}`: data/entities/{lang}.parquet + models/tokenizer (not the base model's
weights) -> data/tokenized/{lang}.parquet.

Also writes metrics/tokenize/{lang}.json (tokens, articles, anchors_in, anchors_kept, kept_share, …).
"""

from leia.corpus.tokenization import run as tokenize
from leia.stages_main import lang_stage, run


def main() -> None:
    params, lang = lang_stage(__doc__)
    tokenize(params, lang)


if __name__ == "__main__":
    run(main)
