"""DVC stage `methods`: python stages/methods.py -> data/methods/{method}.json, one resolved
configuration per configured method (what each train run depends on)."""

import argparse
from pathlib import Path

from leia.io import atomic_path, write_json
from leia.params import load_params
from leia.stages_main import run
from leia.train.methods import method_specs


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--params", default="params.yaml")
    p.add_argument("--out", type=Path, default=Path("data/methods"))
    args = p.parse_args()
    specs = method_specs(load_params(args.params))
    with atomic_path(args.out, is_dir=True) as tmp:
        for name, spec in specs.items():
            write_json(tmp / f"{name}.json", spec)
    for name, spec in specs.items():
        print(f"{name}: {spec}")


if __name__ == "__main__":
    run(main)
