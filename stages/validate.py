"""DVC stage `validate`: python stages/validate.py -> data/params.validated.

The first stage of the DAG (demo_world, download_remote, methods and eval_data depend on its output,
and every other stage on theirs). It tracks the whole params.yaml, so after any edit it runs first
and a bad value stops `dvc repro` within seconds, before DVC removes any stage's outputs (a trained
model included). It also refuses a `sources.local` folder the demo world did not create. The output
is constant, so a valid edit does not rerun the stages downstream by itself."""

import argparse
from pathlib import Path

from leia.stages_main import run
from leia.validate import VALIDATED, validate_stage


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--params", default="params.yaml")
    p.add_argument("--out", type=Path, default=VALIDATED)
    args = p.parse_args()
    validate_stage(args.params, args.out)


if __name__ == "__main__":
    run(main)
