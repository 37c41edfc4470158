"""DVC stage `sitelinks`: python stages/sitelinks.py -> data/sitelinks.parquet + metrics/sitelinks.json
(QID <-> title for enwiki and every target wiki, from the source chosen by `sitelinks.source`)."""

import argparse
import logging
import os

from leia.corpus.decompress import TOOLS
from leia.corpus.dumpfiles import SITELINK_SOURCES
from leia.corpus.sitelinks import dump_path, read_sitelinks, site_id, write_sitelinks
from leia.io import write_json
from leia.params import get, get_choice, get_int, get_list, load_params
from leia.stages_main import run


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--params", default="params.yaml")
    args = p.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    params = load_params(args.params)
    source = get_choice(params, "sitelinks.source", SITELINK_SOURCES)
    path = dump_path(get(params, "download.out"), source, str(get(params, "dump.wikidata_date")))
    table, stats = read_sitelinks(
        path, source, [site_id(lang) for lang in ["en", *get_list(params, "languages")]],
        processes=get_int(params, "sitelinks.processes", 2, min=1),
        decompressor=get_choice(params, "sitelinks.decompressor", TOOLS, "auto"),
        progress=os.isatty(2),
    )  # fmt: skip
    write_sitelinks(table, "data/sitelinks.parquet")
    write_json("metrics/sitelinks.json", stats)
    print(f"sitelinks ({source}): {stats['rows']} rows, {stats['rows_per_site']}")


if __name__ == "__main__":
    run(main)
