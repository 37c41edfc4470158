"""DVC stage `entities`: python stages/entities.py --lang ja -> data/entities/ja.parquet +
metrics/entities/ja.json (anchors resolved to English names, the paper's filters applied)."""

from leia.corpus.entities import build_entities
from leia.io import write_json
from leia.params import get_int
from leia.stages_main import lang_stage, run


def main() -> None:
    params, lang = lang_stage(__doc__)
    metrics = build_entities(
        f"data/extracted/{lang}.parquet",
        f"data/redirects/{lang}.parquet",
        "data/sitelinks.parquet",
        lang,
        f"data/entities/{lang}.parquet",
        min_anchors=get_int(params, "entities.min_anchors", min=1),
        batch_articles=get_int(params, "entities.batch_articles", 50_000, min=1),
    )
    write_json(f"metrics/entities/{lang}.json", metrics)
    print(
        f"{lang}: {metrics['articles']} articles, {metrics['anchors']} anchors, "
        f"{100 * metrics['resolved_share']:.1f}% resolved to English, {metrics['kept']} kept"
    )


if __name__ == "__main__":
    run(main)
