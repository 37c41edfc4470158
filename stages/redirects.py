"""DVC stage `redirects`: python stages/redirects.py --lang ja -> data/redirects/ja.parquet + metrics."""

from leia.corpus.dumpfiles import wiki_dump_path
from leia.corpus.redirects import extract_redirects
from leia.io import write_json
from leia.params import get
from leia.stages_main import lang_stage, run


def main() -> None:
    params, lang = lang_stage(__doc__)
    dump = wiki_dump_path(get(params, "download.out"), lang, str(get(params, "dump.date")))
    stats = extract_redirects(dump, f"data/redirects/{lang}.parquet")
    write_json(f"metrics/redirects/{lang}.json", stats.metrics())
    print(f"{lang}: {stats.redirects} redirects ({stats.cycles_dropped} on cycles dropped)")


if __name__ == "__main__":
    run(main)
