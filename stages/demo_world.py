"""DVC stage `demo_world`: python stages/demo_world.py [--out DIR] -> data/mirror/ (params demo_world.*,
languages, dump.date, dump.wikidata_date): the generated world laid out like dumps.wikimedia.org, plus
kb/ and eval/, written in English and every target language of `languages`, so that
`dvc exp run -S 'languages=[ja,ar]'` gets an Arabic wiki."""

import argparse
from pathlib import Path

from leia.demo.world import param_names, write_world
from leia.params import dump_mirror, get, get_int, get_list, load_params
from leia.stages_main import run

_NAMES = {"size": "demo_world.size", "languages": "languages"} | {
    "out": "--out / sources.local",
    "date": "dump.date",
    "wikidata_date": "dump.wikidata_date",
}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--params", default="params.yaml")
    p.add_argument("--out", default=None, help="output folder (default: the folder in sources.local)")
    a = p.parse_args()
    params = load_params(a.params)
    languages = get_list(params, "languages")
    with param_names(_NAMES):
        s = write_world(
            Path(a.out or dump_mirror(params)),
            seed=get_int(params, "demo_world.seed"),
            size=get_int(params, "demo_world.size"),
            languages=languages,
            date=str(get(params, "dump.date")),
            wikidata_date=str(get(params, "dump.wikidata_date")),
        )
    mb = s.bytes_written / 1e6
    print(f"demo world: {s.entities} entities, pages {s.pages}, {mb:.1f} MB, {s.seconds:.1f} s")


if __name__ == "__main__":
    run(main)
