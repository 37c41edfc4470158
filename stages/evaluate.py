"""Stage evaluate: run the benchmarks of one language on one model -> results/eval/{run_id}/."""

from __future__ import annotations

import argparse

from leia.evaluation.run import run_evaluation
from leia.params import load_params
from leia.stages_main import run


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--lang", required=True)
    ap.add_argument("--model", required=True, help="model folder, e.g. models/ja/leia/seed1 or models/base")
    ap.add_argument("--run-id", required=True, help="{lang}-base or {lang}-{method}-seed{seed}")
    ap.add_argument("--method", default=None, help="default: from the run id")
    ap.add_argument("--seed", type=int, default=None, help="default: from the run id")
    ap.add_argument("--params", default="params.yaml")
    args = ap.parse_args()
    metrics = run_evaluation(
        load_params(args.params), lang=args.lang, model=args.model, run_id=args.run_id,
        method=args.method, seed=args.seed,
    )  # fmt: skip
    for task, res in metrics["results"].items():
        print(f"{args.run_id} {task}: " + ", ".join(f"{k}={v}" for k, v in res.items()))


if __name__ == "__main__":
    run(main)
