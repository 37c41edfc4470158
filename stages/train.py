"""DVC stage `train`: python stages/train.py --lang ja --method leia --seed 1 -> models/ja/leia/seed1/."""

from leia.stages_main import run
from leia.train.main import main

if __name__ == "__main__":
    run(main)
