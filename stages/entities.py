"""DVC stage `entities`: python stages/entities.py --lang ja -> data/entities/ja.parquet +
metrics/entities/ja.json (anchors resolved to English names, the paper's filters applied)."""

import argparse
import logging

from leia.corpus.entities import build_entities
from leia.errors import ParamError
from leia.io import write_json
from leia.params import get_int, get_list, load_params
from leia.stages_main import run


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--params", default="params.yaml")
    p.add_argument("--lang", required=True)
    args = p.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    params = load_params(args.params)
    if args.lang not in get_list(params, "languages"):
        raise ParamError(
            "languages", f"does not include {args.lang!r}", "add it, or pass one of the listed codes"
        )
    metrics = build_entities(
        f"data/extracted/{args.lang}.parquet",
        f"data/redirects/{args.lang}.parquet",
        "data/sitelinks.parquet",
        args.lang,
        f"data/entities/{args.lang}.parquet",
        min_anchors=get_int(params, "entities.min_anchors", min=1),
        batch_articles=get_int(params, "entities.batch_articles", 50_000, min=1),
    )
    write_json(f"metrics/entities/{args.lang}.json", metrics)
    print(
        f"{args.lang}: {metrics['articles']} articles, {metrics['anchors']} anchors, "
        f"{100 * metrics['resolved_share']:.1f}% resolved to English, {metrics['kept']} kept"
    )


if __name__ == "__main__":
    run(main)
