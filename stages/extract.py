"""DVC stage `extract`: python stages/extract.py --lang ja -> data/extracted/ja.parquet + metrics."""

import argparse
import logging

from leia.corpus.dumpfiles import dump_languages, wiki_dump_path
from leia.corpus.extract import extract_dump
from leia.errors import ParamError
from leia.io import write_json
from leia.params import get, get_int, load_params
from leia.stages_main import run


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--params", default="params.yaml")
    p.add_argument("--lang", required=True)
    args = p.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    params = load_params(args.params)
    if args.lang not in dump_languages(params):
        raise ParamError(
            "languages", f"does not include {args.lang!r}", "add it, or pass one of the listed codes"
        )
    dump = wiki_dump_path(get(params, "download.out"), args.lang, str(get(params, "dump.date")))
    stats = extract_dump(
        dump, f"data/extracted/{args.lang}.parquet", lang=args.lang,
        processes=get_int(params, "extract.processes", min=1),
    )  # fmt: skip
    write_json(f"metrics/extract/{args.lang}.json", stats.metrics())
    print(f"{args.lang}: {stats.articles} articles, {stats.anchors} anchors in {stats.seconds:.1f}s")


if __name__ == "__main__":
    run(main)
