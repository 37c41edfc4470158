"""DVC stage `validate`: python stages/validate.py -> data/params.validated.

The first stage of the DAG (demo_world, download_remote, methods and eval_data depend on its output,
and every other stage on theirs). It tracks the whole params.yaml, so after any edit it runs first
and a bad value stops `dvc repro` within seconds, before DVC removes any stage's outputs (a trained
model included). It also refuses a `sources.local` folder the demo world did not create. The output
is constant, so a valid edit does not rerun the stages downstream by itself."""

import argparse
from pathlib import Path

from leia.io import atomic_path
from leia.params import load_params
from leia.stages_main import run
from leia.validate import check_generated_outputs, validate_params

OUT = Path("data/params.validated")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--params", default="params.yaml")
    p.add_argument("--out", type=Path, default=OUT)
    args = p.parse_args()
    params = load_params(args.params)
    validate_params(params, source=args.params)
    check_generated_outputs(params)
    with atomic_path(args.out) as tmp:
        tmp.write_text("params.yaml passed leia.validate\n", encoding="utf-8")
    print(f"{args.params}: ok")


if __name__ == "__main__":
    run(main)
