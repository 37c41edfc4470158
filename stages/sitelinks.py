"""DVC stage `sitelinks`: python stages/sitelinks.py -> data/sitelinks.parquet + metrics/sitelinks.json
(QID <-> title for enwiki and every target wiki, from the source chosen by `sitelinks.source`)."""

import argparse

from leia.corpus.sitelinks import run as sitelinks
from leia.params import load_params
from leia.stages_main import log_to_stderr, run


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--params", default="params.yaml")
    args = p.parse_args()
    log_to_stderr()
    sitelinks(load_params(args.params))


if __name__ == "__main__":
    run(main)
