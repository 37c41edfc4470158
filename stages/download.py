"""DVC stage `download`: python stages/download.py -> data/dumps/ (every dump file, md5-verified)."""

from leia.corpus.download import download_all
from leia.stages_main import log_to_stderr, params_stage, run


def main() -> None:
    params = params_stage(__doc__)
    log_to_stderr()
    for path in download_all(params):
        print(path)


if __name__ == "__main__":
    run(main)
