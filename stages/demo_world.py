"""DVC stage `demo_world`: python stages/demo_world.py -> data/mirror/ (params demo_world.*, dump.date,
dump.wikidata_date): the generated world laid out like dumps.wikimedia.org, plus kb/ and eval/."""

import argparse
from pathlib import Path

from leia.demo.world import param_names, write_world
from leia.params import get, get_int, get_list, load_params
from leia.stages_main import run

_NAMES = {k: f"demo_world.{k}" for k in ("size", "languages", "out")} | {
    "date": "dump.date",
    "wikidata_date": "dump.wikidata_date",
}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--params", default="params.yaml")
    params = load_params(p.parse_args().params)
    with param_names(_NAMES):
        s = write_world(
            Path(str(get(params, "demo_world.out"))),
            seed=get_int(params, "demo_world.seed"),
            size=get_int(params, "demo_world.size"),
            languages=get_list(params, "demo_world.languages"),
            date=str(get(params, "dump.date")),
            wikidata_date=str(get(params, "dump.wikidata_date")),
        )
    print(f"demo world: {s.entities} entities, pages {s.pages}, {s.bytes_written / 1e6:.1f} MB, {s.seconds:.1f} s")


if __name__ == "__main__":
    run(main)
