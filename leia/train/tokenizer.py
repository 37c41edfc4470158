"""Tokenizer stage: the demo's byte-level BPE trained on the extracted text, or the tokenizer of
base_model.name_or_path (a hub id or local folder) saved as-is, into models/tokenizer/.

The tokenizer is an output of its own so that tokenizing the corpus neither waits for nor reruns after
the base model's weights. The base model stage builds on it and copies its files into models/base,
where training and evaluation load tokenizer and model together. <translate> and </translate> are not
added here: training adds them (leia/train/special_tokens.py) as the original code does, so the
tokenized corpus holds only ids of the base vocabulary.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from leia import hf_tokenizer
from leia.errors import InputError, ParamError
from leia.io import atomic_path, write_json
from leia.params import get, get_int

TOKENIZER_DIR = Path("models/tokenizer")
EXTRACTED_DIR = Path("data/extracted")
# Which base_model.name_or_path the folder was built for; not copied into models/base, which has its own.
SOURCE_FILE = "leia_source.json"


def name_or_path(params: dict[str, Any]) -> str:
    name = get(params, "base_model.name_or_path")
    if not isinstance(name, str) or not name:
        raise ParamError("base_model.name_or_path", f"must be 'demo', a hub id or a path, got {name!r}")
    return name


def read_texts(paths: list[Path]) -> list[str]:
    import pyarrow.parquet as pq

    texts: list[str] = []
    for p in paths:
        if not p.exists():
            raise InputError(p, "not found", "run the extract stage first")
        texts += [t for t in pq.read_table(p, columns=["text"])["text"].to_pylist() if t]
    return texts


def demo_tokenizer(params: dict[str, Any], extracted: Path = EXTRACTED_DIR) -> Any:
    """Byte-level BPE trained on every extracted demo language (files in name order)."""
    from leia.train.demo_tokenizer import train_tokenizer

    vocab_size = get_int(params, "base_model.demo.vocab_size", min=300)
    files = sorted(extracted.glob("*.parquet"))
    if not files:
        raise InputError(extracted, "has no extracted text (*.parquet)", "run the extract stage first")
    return train_tokenizer(read_texts(files), vocab_size)


def pretrained_tokenizer(name: str) -> tuple[Path, Any]:
    """The folder of a hub id's (gated meta-llama needs HF_TOKEN or `hf auth login`) or a local folder's
    tokenizer files, and the tokenizer loaded from them as the paper's tools ran it (leia.hf_tokenizer)."""
    folder = hf_tokenizer.resolve(name)
    return folder, hf_tokenizer.load(folder)


def run(params: dict[str, Any], out: Path = TOKENIZER_DIR) -> dict[str, Any]:
    name = name_or_path(params)
    with atomic_path(out, is_dir=True) as tmp:
        if name == "demo":
            tok = demo_tokenizer(params)
            tok.save_pretrained(tmp)
        else:  # the published files byte for byte: re-saving them would write this transformers' layout
            folder, tok = pretrained_tokenizer(name)
            hf_tokenizer.copy_files(folder, tmp)
        source = {"name_or_path": name, "vocab": len(tok)}
        write_json(tmp / SOURCE_FILE, source)
    return source


def check_built_for(folder: Path, name: str) -> None:
    """Refuse a missing tokenizer folder, or one built for another base_model.name_or_path."""
    src = folder / SOURCE_FILE
    if not src.is_file():
        raise InputError(folder, "no tokenizer here", "run its stage first: dvc repro tokenizer")
    try:
        built_for = json.loads(src.read_text(encoding="utf-8"))["name_or_path"]
    except (ValueError, KeyError, TypeError) as e:
        raise InputError(src, f"unreadable ({e})", "rebuild it: dvc repro tokenizer") from None
    if built_for != name:
        raise InputError(
            src,
            f"the tokenizer was built for {built_for!r}, but base_model.name_or_path is {name!r}",
            "rebuild it: dvc repro tokenizer",
        )


def load(folder: Path, name: str) -> Any:
    """The tokenizer saved by this stage, checked to be the one for base_model.name_or_path `name`."""
    check_built_for(folder, name)
    return hf_tokenizer.load(folder)


def copy_files(folder: Path, dst: Path) -> None:
    """Copy the tokenizer's files (not SOURCE_FILE) byte for byte into a model folder."""
    for f in sorted(folder.iterdir()):
        if f.is_file() and f.name != SOURCE_FILE:
            shutil.copyfile(f, dst / f.name)
