"""DVC stages `extract` (each of `languages`) and `extract_pretrain` (base_model.pretrain_wikis: en for
the demo base model): python stages/extract.py --lang ja -> data/extracted/ja.parquet + metrics. For a
wiki of `languages` the same pass over the dump also writes data/redirects/ja.parquet + metrics, so each
dump is decompressed once."""

from leia.corpus.dumpfiles import dump_languages, wiki_dump_path
from leia.corpus.extract import extract_dump
from leia.io import write_json
from leia.params import get, get_bool, get_int, get_list
from leia.stages_main import lang_stage, run


def main() -> None:
    params, lang = lang_stage(__doc__, allowed=dump_languages)
    dump = wiki_dump_path(get(params, "download.out"), lang, str(get(params, "dump.date")))
    redirects = lang in get_list(params, "languages")  # pretraining-only wikis need no redirects table
    stats = extract_dump(
        dump, f"data/extracted/{lang}.parquet", lang=lang,
        processes=get_int(params, "extract.processes", min=1),
        drop_empty_parens=get_bool(params, "extract.drop_empty_parens", True),
        redirects_out=f"data/redirects/{lang}.parquet" if redirects else None,
    )  # fmt: skip
    write_json(f"metrics/extract/{lang}.json", stats.metrics())
    print(f"{lang}: {stats.articles} articles, {stats.anchors} anchors in {stats.seconds:.1f}s")
    if (red := stats.redirects) is not None:
        write_json(f"metrics/redirects/{lang}.json", red.metrics())
        print(f"{lang}: {red.redirects} redirects ({red.cycles_dropped} on cycles dropped)")


if __name__ == "__main__":
    run(main)
