"""DVC stages `extract` (each of `languages`) and `extract_pretrain` (base_model.pretrain_wikis: en for
the demo base model): python stages/extract.py --lang ja -> data/extracted/ja.parquet + metrics. For a
wiki of `languages` the same pass over the dump also writes data/redirects/ja.parquet + metrics, so each
dump is decompressed once."""

from leia.corpus.dumpfiles import dump_languages
from leia.corpus.extract import run as extract
from leia.stages_main import lang_stage, run


def main() -> None:
    params, lang = lang_stage(__doc__, allowed=dump_languages)
    extract(params, lang)


if __name__ == "__main__":
    run(main)
