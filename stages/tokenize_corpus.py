"""DVC stage `tokenize@{lang}`: data/entities/{lang}.parquet + models/tokenizer (not the base model's
weights) -> data/tokenized/{lang}.parquet.

Also writes metrics/tokenize/{lang}.json (tokens, articles, anchors_in, anchors_kept, kept_share, …).
"""

import os

# The tokenizer's batch encoding is multi-threaded in Rust; this process never forks afterwards, so the
# parallelism is safe (and saying so keeps `tokenizers` from warning or turning it off).
os.environ.setdefault("TOKENIZERS_PARALLELISM", "true")

from leia.corpus.tokenization import BOUNDARY_MODES, load_tokenizer, metrics, tokenize_file
from leia.io import write_json
from leia.params import get_choice, get_int
from leia.stages_main import lang_stage, run


def main() -> None:
    params, lang = lang_stage(__doc__)
    boundary = get_choice(params, "tokenize.boundary", BOUNDARY_MODES)
    batch_size = get_int(params, "tokenize.batch_size", min=1)
    toks = load_tokenizer("models/tokenizer")
    counts = tokenize_file(
        f"data/entities/{lang}.parquet",
        f"data/tokenized/{lang}.parquet",
        toks,
        boundary=boundary,
        batch_size=batch_size,
    )
    m = metrics(counts, boundary)
    write_json(f"metrics/tokenize/{lang}.json", m)
    print(
        f"tokenize {lang}: {m['articles']} articles, {m['tokens']} tokens, "
        f"{m['anchors_kept']}/{m['anchors_in']} anchors kept ({m['kept_share']:.2%}, boundary={boundary})"
    )


if __name__ == "__main__":
    run(main)
