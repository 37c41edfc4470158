"""Entry point of the training stage (also what torchrun/deepspeed re-execute on every rank)."""

from __future__ import annotations

import argparse
import sys

from leia.params import load_params


def parse(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="stages/train.py", description="LEIA / FT language-adaptation tuning")
    p.add_argument("--lang", required=True)
    p.add_argument(
        "--method", required=True, help="ft | leia | leia-namemask | leia-{left|right|replace}-{0.0|0.5}"
    )
    p.add_argument("--seed", type=int, required=True)
    p.add_argument("--params", default="params.yaml")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    from leia.train import launch
    from leia.train.config import read
    from leia.train.trainer import plan, prepare_checkpoints, train

    argv = sys.argv[1:] if argv is None else argv
    ns = parse(argv)
    cfg = read(load_params(ns.params), lang=ns.lang, method=ns.method, seed=ns.seed)
    corpus, sched = plan(cfg)  # parameter and input errors surface here, before any model load
    if launch.already_launched():
        train(cfg, corpus, sched)
        return
    prepare_checkpoints(cfg, sched)
    if cfg.launcher.kind == "python":
        train(cfg, corpus, sched)
    else:
        launch.relaunch(cfg.launcher, argv)


if __name__ == "__main__":
    from leia.stages_main import run

    run(main)
