"""DVC stage `download`: python stages/download.py -> data/dumps/ (every dump file, md5-verified)."""

import argparse
import logging

from leia.corpus.download import download_all
from leia.params import load_params
from leia.stages_main import run


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--params", default="params.yaml")
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    for path in download_all(load_params(p.parse_args().params)):
        print(path)


if __name__ == "__main__":
    run(main)
