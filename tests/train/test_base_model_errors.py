"""base_model names the real reason a hub model does not load (hub failures simulated, no network)."""

from __future__ import annotations

import json
from pathlib import Path

import httpx2
import huggingface_hub
import pytest
import transformers.utils.hub as tf_hub
from huggingface_hub import constants
from huggingface_hub.errors import GatedRepoError, LocalEntryNotFoundError, RepositoryNotFoundError

from leia.errors import ParamError
from leia.train.base_model import load_pretrained
from leia.train.tokenizer import SOURCE_FILE, pretrained_tokenizer

REPO = "meta-llama/Llama-2-7b-hf"


def _response(status: int) -> httpx2.Response:
    url = f"https://huggingface.co/{REPO}/resolve/main/config.json"
    return httpx2.Response(status, request=httpx2.Request("GET", url))


def _hub_fails(mp: pytest.MonkeyPatch, exc: BaseException, *, token: str | None, offline: bool) -> None:
    """Every hub download raises `exc` (as huggingface_hub would); token and offline mode as given."""

    def fail(*args: object, **kwargs: object) -> None:
        raise exc

    mp.setattr(tf_hub, "hf_hub_download", fail)
    mp.setattr(tf_hub, "snapshot_download", fail)
    mp.setattr(huggingface_hub, "get_token", lambda: token)
    mp.setattr(constants, "HF_HUB_OFFLINE", offline)


def _load_error(tmp_path: Path) -> str:
    tokenizer = tmp_path / "tokenizer"  # what the tokenizer stage would have written for REPO
    tokenizer.mkdir(exist_ok=True)
    (tokenizer / SOURCE_FILE).write_text(json.dumps({"name_or_path": REPO}))
    with pytest.raises(ParamError) as e:
        load_pretrained(REPO, tmp_path / "base", tokenizer)
    assert not (tmp_path / "base").exists()
    return str(e.value)


def test_gated_without_token_says_log_in(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _hub_fails(monkeypatch, GatedRepoError("401 gated", response=_response(401)), token=None, offline=False)
    msg = _load_error(tmp_path)
    assert "gated model and no Hugging Face token was found" in msg
    assert "hf auth login" in msg and f"https://huggingface.co/{REPO}" in msg


def test_gated_with_token_says_accept_the_licence(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _hub_fails(monkeypatch, GatedRepoError("403 gated", response=_response(403)), token="hf_x", offline=False)
    msg = _load_error(tmp_path)
    assert "has no access" in msg and "accept the licence" in msg
    assert "no Hugging Face token" not in msg


def test_no_network(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    try:
        raise httpx2.ConnectError("[Errno -3] Temporary failure in name resolution")
    except httpx2.ConnectError as cause:
        exc = LocalEntryNotFoundError("cannot find the requested files in the local cache")
        exc.__cause__ = cause
    _hub_fails(monkeypatch, exc, token="hf_x", offline=False)
    msg = _load_error(tmp_path)
    assert "cannot reach the Hugging Face hub" in msg and "not in the cache" in msg
    assert "offline mode" not in msg and "gated" not in msg


def test_offline_mode_names_the_flag_and_env_sh(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _hub_fails(monkeypatch, LocalEntryNotFoundError("offline"), token=None, offline=True)
    msg = _load_error(tmp_path)
    assert "offline mode is on (HF_HUB_OFFLINE)" in msg and "source scripts/env.sh" in msg


def test_offline_for_real(tmp_path: Path) -> None:
    """The tests run offline (tests/conftest.py): a hub id not in the project cache fails for that reason."""
    assert "offline mode is on" in _load_error(tmp_path)


def test_unknown_repo(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    exc = RepositoryNotFoundError("404 not found", response=_response(404))
    _hub_fails(monkeypatch, exc, token=None, offline=False)
    msg = _load_error(tmp_path)
    assert "neither a local folder nor a model on the hub" in msg and "private repository" in msg


def test_tokenizer_stage_explains_hub_errors_too(monkeypatch: pytest.MonkeyPatch) -> None:
    _hub_fails(monkeypatch, GatedRepoError("401 gated", response=_response(401)), token=None, offline=False)
    with pytest.raises(ParamError, match="gated model and no Hugging Face token was found"):
        pretrained_tokenizer(REPO)


def test_tokenizer_stage_offline_for_real() -> None:
    with pytest.raises(ParamError, match="offline mode is on"):
        pretrained_tokenizer(REPO)
