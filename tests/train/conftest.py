"""Fixtures for the training tests (helpers live in train_world.py)."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import yaml
from train_world import TINY, _english, _target, tokenized_table


@pytest.fixture(scope="session")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built once: data/extracted/{en,ja}, models/tokenizer, models/base (tiny demo), data/tokenized/ja."""
    from transformers import AutoTokenizer

    from leia.train import tokenizer
    from leia.train.base_model import run

    root = tmp_path_factory.mktemp("world")
    rng = np.random.default_rng(0)
    (root / "data/extracted").mkdir(parents=True)
    for lang, texts in (("en", _english(rng, 40)), ("ja", _target(rng, 40))):
        pq.write_table(pa.table({"text": texts}), root / f"data/extracted/{lang}.parquet")
    (root / "params.yaml").write_text(yaml.safe_dump(TINY))
    cwd = os.getcwd()
    os.chdir(root)
    try:
        tokenizer.run(TINY)
        run(TINY)
    finally:
        os.chdir(cwd)
    tok = AutoTokenizer.from_pretrained(root / "models/base")
    texts = pq.read_table(root / "data/extracted/ja.parquet")["text"].to_pylist()
    (root / "data/tokenized").mkdir(parents=True)
    pq.write_table(tokenized_table(tok, texts, rng), root / "data/tokenized/ja.parquet")
    return root


@pytest.fixture
def run_dir(world: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh working directory sharing the world's inputs (symlinked), cwd set to it."""
    for sub in ("data", "models"):
        (tmp_path / sub).mkdir()
    (tmp_path / "data/tokenized").symlink_to(world / "data/tokenized")
    (tmp_path / "models/base").symlink_to(world / "models/base")
    monkeypatch.chdir(tmp_path)
    return tmp_path
