"""DVC stage `sitelinks`: python stages/sitelinks.py -> data/sitelinks.parquet + metrics/sitelinks.json
(QID <-> title for enwiki and every target wiki, from the source chosen by `sitelinks.source`)."""

from leia.corpus.sitelinks import run as sitelinks
from leia.stages_main import log_to_stderr, params_stage, run


def main() -> None:
    params = params_stage(__doc__)
    log_to_stderr()
    sitelinks(params)


if __name__ == "__main__":
    run(main)
