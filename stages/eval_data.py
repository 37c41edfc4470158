"""Stage eval_data: normalise the evaluation sets (demo mirror or published files) into data/eval/."""

from __future__ import annotations

from leia.evaluation.run import prepare_eval_data
from leia.stages_main import params_stage, run


def main() -> None:
    manifest = prepare_eval_data(params_stage(__doc__))
    for key, entry in sorted(manifest.items()):
        print(f"{key}: {entry['n']}")


if __name__ == "__main__":
    run(main)
