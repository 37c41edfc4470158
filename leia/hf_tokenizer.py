"""Loading a Hugging Face tokenizer exactly as the tools behind the paper's numbers ran it.

The paper's tools (transformers 4.35, the JP LM Evaluation Harness) ran LLaMA-2's and Swallow's
`tokenizer.json` as it is on the hub: a `Prepend("▁")` + `Replace(" ", "▁")` normalizer and no
pre-tokenizer, which is what SentencePiece does with their `tokenizer.model`. transformers 5's
`AutoTokenizer` rebuilds a folder whose config says `LlamaTokenizer` from its vocabulary with a
`Metaspace(prepend_scheme=always)` pre-tokenizer instead, and every string with a leading space gets
other ids (`" Paris"`: SentencePiece `['▁', '▁Paris']`, rebuilt `['▁Paris']`).

So every stage loads tokenizers through `load`: the serialized `tokenizer.json` is run as it is
(`PreTrainedTokenizerFast`), and where the folder also holds the SentencePiece model it was made from,
the two must agree on `PROBES` before anything is tokenized. A folder without `tokenizer.json` is
refused: converting it here would be transformers 5's conversion, which is the thing that differs.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from leia.errors import InputError

# The files a tokenizer folder may hold; the tokenizer stage copies these byte for byte.
FILES = ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "added_tokens.json")
SP_MODEL = "tokenizer.model"

# Strings on which a tokenizer.json must agree with its SentencePiece model: leading, doubled and
# trailing spaces, newlines, the three scripts of the demo and paper languages, digits, byte fallback.
PROBES = (
    "Paris",
    " Paris",
    "  Paris",
    "Eiffel Tower",
    " パソコン",
    "東京は日本の首都である。",
    "回答：おしっこする",
    "Mji wa Tokyo ni mji mkuu wa Japani.",
    " Mji mkuu",
    "a  b   c ",
    "line one\n line two\n\nthree",
    "\ttab and 12,345.6",
    "Москва — столица России.",
    "القاهرة عاصمة مصر",
    "मुंबई भारत का शहर है।",
    "😀 emoji ㈱",
)


def resolve(name_or_path: str) -> Path:
    """A local folder as it is; a hub id's tokenizer files, downloaded into (or found in) the HF cache."""
    if Path(name_or_path).is_dir():
        return Path(name_or_path)
    from transformers.utils.hub import cached_files

    from leia.train.hub import explain_load_error

    try:
        found = cached_files(name_or_path, [*FILES, SP_MODEL], _raise_exceptions_for_missing_entries=False)
        if not any(Path(f).name == FILES[0] for f in found or []):  # ask for it alone: says why
            found = cached_files(name_or_path, [FILES[0]])
    except OSError as e:
        raise explain_load_error(name_or_path, e) from None
    return Path(found[0]).parent


def load(folder: str | os.PathLike[str]) -> Any:
    """The fast tokenizer of `folder`, its tokenizer.json run as serialized, vouched for by `vouch`."""
    from transformers import PreTrainedTokenizerFast

    folder = Path(folder)
    if not (folder / "tokenizer.json").is_file():
        raise InputError(
            folder,
            "has no tokenizer.json, and converting a SentencePiece model with transformers 5 does not "
            "give the ids the paper's tools gave",
            "convert it as those tools did, in a separate environment: pip install transformers==4.35.2 "
            'sentencepiece && python -c "from transformers import LlamaTokenizerFast as T; '
            "T(vocab_file='tokenizer.model', legacy=True).save_pretrained('.')\"",
        )
    try:
        tok = PreTrainedTokenizerFast.from_pretrained(str(folder))
    except (OSError, ValueError) as e:
        raise InputError(
            folder, f"cannot load its tokenizer.json: {e}", "rebuild it: dvc repro tokenizer"
        ) from None
    vouch(tok, folder)
    return tok


def vouch(tok: Any, folder: Path) -> None:
    """Refuse a tokenizer that does not tokenize `PROBES` as the SentencePiece model beside it does."""
    sp_path = folder / SP_MODEL
    if not sp_path.is_file():
        return
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_file=str(sp_path))
    if sp.get_piece_size() != tok.backend_tokenizer.get_vocab_size(with_added_tokens=False):
        return  # a tokenizer.model of another vocabulary (e.g. before tokens were added): nothing to compare
    bad = [s for s in PROBES if tok.encode(s, add_special_tokens=False) != sp.encode(s)]
    if bad:
        raise InputError(
            folder / "tokenizer.json",
            f"tokenizes {len(bad)} of {len(PROBES)} probe strings differently from {SP_MODEL} "
            f"(first: {bad[0]!r}: {tok.tokenize(bad[0])} vs SentencePiece "
            f"{sp.encode(bad[0], out_type=str)})",
            "use the tokenizer.json published with the model (or one converted by transformers 4.35), "
            "not one re-saved by another transformers version",
        )


def copy_files(src: Path, dst: Path) -> list[str]:
    """Copy the tokenizer files of `src` (those present) byte for byte into `dst`; their names."""
    names = [n for n in (*FILES, SP_MODEL) if (src / n).is_file()]
    for n in names:
        shutil.copyfile(src / n, dst / n)
    return names
