"""`leia preview`: augmented text like the paper's Figure 1, from data/tokenized and models/base."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from leia.corpus.tokenization import load_tokenizer, tokenize_file
from leia.errors import InputError, ParamError
from leia.preview import preview

TEXTS = [
    ("東京", "アルダー・ヴォスは東京で生まれた画家である。東京は日本の首都である。", ["東京", "日本"]),
    ("大阪", "大阪は日本第二の都市であり、ヴォス社の本社がある。", ["大阪", "日本", "ヴォス社"]),
]
NAMES = {"東京": "Tokyo", "日本": "Japan", "大阪": "Osaka", "ヴォス社": "Voss Company"}


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """A repository-shaped folder with models/base (a byte-level BPE) and data/tokenized/ja.parquet."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    root = tmp_path_factory.mktemp("repo")
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    corpus = [t for _, t, _ in TEXTS] + ["Tokyo is the capital of Japan. Osaka. The Voss Company."]
    trainer = trainers.BpeTrainer(
        vocab_size=400, initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False
    )
    tok.train_from_iterator(corpus * 20, trainer)
    PreTrainedTokenizerFast(tokenizer_object=tok).save_pretrained(str(root / "models" / "base"))

    rows = []
    for title, text, words in TEXTS:
        anchors = sorted((text.find(w), text.find(w) + len(w), NAMES[w]) for w in words)
        rows.append((title, text, anchors))
    table = pa.table(
        {
            "id": pa.array([1, 2], pa.int64()),
            "title": [r[0] for r in rows],
            "text": [r[1] for r in rows],
            "anchor_start": pa.array([[a[0] for a in r[2]] for r in rows], pa.list_(pa.int32())),
            "anchor_end": pa.array([[a[1] for a in r[2]] for r in rows], pa.list_(pa.int32())),
            "anchor_target": [[a[2] for a in r[2]] for r in rows],
            "anchor_name": [[a[2] for a in r[2]] for r in rows],
        }
    )
    (root / "data" / "entities").mkdir(parents=True)
    pq.write_table(table, root / "data" / "entities" / "ja.parquet")
    toks = load_tokenizer(root / "models" / "base")
    tokenize_file(root / "data/entities/ja.parquet", root / "data/tokenized/ja.parquet", toks, progress=False)
    return root


def test_right_strategy_with_no_skip_inserts_every_name_after_its_anchor(world, monkeypatch):
    monkeypatch.chdir(world)
    items = preview("ja", strategy="right", p_skip=0.0, n=5, seed=0)
    assert sorted(i.title for i in items) == ["大阪", "東京"]
    by_title = {i.title: i for i in items}
    assert by_title["東京"].text == (
        "アルダー・ヴォスは東京<translate>Tokyo</translate>で生まれた画家である。"
        "東京は日本<translate>Japan</translate>の首都である。"  # only the first 東京 is a link
    )
    assert by_title["大阪"].inserted == by_title["大阪"].anchors == 3


def test_left_replace_and_skip(world, monkeypatch):
    monkeypatch.chdir(world)
    left = {i.title: i.text for i in preview("ja", strategy="left", p_skip=0.0, n=2)}
    assert left["大阪"].startswith("<translate>Osaka</translate>大阪は")
    rep = {i.title: i.text for i in preview("ja", strategy="replace", p_skip=0.0, n=2)}
    assert rep["大阪"].startswith("<translate>Osaka</translate>は<translate>Japan</translate>第二")
    none = {i.title: i for i in preview("ja", strategy="right", p_skip=1.0, n=2)}
    assert none["大阪"].text == TEXTS[1][1] and none["大阪"].inserted == 0


def test_cli_prints_highlighted_text(world, monkeypatch):
    from leia.cli import app

    monkeypatch.chdir(world)
    res = CliRunner().invoke(
        app, ["preview", "--lang", "ja", "--strategy", "right", "--p-skip", "0.0", "-n", "3"]
    )
    assert res.exit_code == 0, res.output
    assert "<translate>Tokyo</translate>" in res.output and "Voss Company" in res.output


def test_missing_inputs_name_the_stage_to_run(world, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError, match=r"dvc repro tokenize@ja"):
        preview("ja")
    with pytest.raises(InputError, match=r"dvc repro base_model"):
        preview("ja", tokenized=world / "data/tokenized/ja.parquet")
    monkeypatch.chdir(world)
    with pytest.raises(ParamError, match="strategy"):
        preview("ja", strategy="middle")
