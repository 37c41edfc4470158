"""DVC stages `extract` (each of `languages`) and `extract_pretrain` (base_model.pretrain_wikis: en for
the demo base model): python stages/extract.py --lang ja -> data/extracted/ja.parquet + metrics."""

from leia.corpus.dumpfiles import dump_languages, wiki_dump_path
from leia.corpus.extract import extract_dump
from leia.io import write_json
from leia.params import get, get_bool, get_int
from leia.stages_main import lang_stage, run


def main() -> None:
    params, lang = lang_stage(__doc__, allowed=dump_languages)
    dump = wiki_dump_path(get(params, "download.out"), lang, str(get(params, "dump.date")))
    stats = extract_dump(
        dump, f"data/extracted/{lang}.parquet", lang=lang,
        processes=get_int(params, "extract.processes", min=1),
        drop_empty_parens=get_bool(params, "extract.drop_empty_parens", True),
    )  # fmt: skip
    write_json(f"metrics/extract/{lang}.json", stats.metrics())
    print(f"{lang}: {stats.articles} articles, {stats.anchors} anchors in {stats.seconds:.1f}s")


if __name__ == "__main__":
    run(main)
