"""Training runs on the tiny world: loss falls, seeds repeat, the new special rows, resume, no timings."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import torch
import yaml
from train_world import augment_fn, params

from leia.train.config import read
from leia.train.trainer import plan, prepare_checkpoints, train


def run(p: dict, method: str = "leia", seed: int = 1, **kw) -> dict:
    cfg = read(p, lang="ja", method=method, seed=seed)
    corpus, sched = plan(cfg)
    prepare_checkpoints(cfg, sched)
    return train(cfg, corpus, sched, augment_fn=augment_fn(), **kw)


def losses(summary: dict) -> list[float]:
    return [row["loss"] for row in summary["log"]]


class SeeOptimizer:
    """Records the optimizer's eps as the Trainer built it."""

    eps: list[float] = []

    def __getattr__(self, name):
        return lambda *a, **k: None

    def on_train_begin(self, args, state, control, optimizer=None, **kw):
        self.eps = sorted({g["eps"] for g in optimizer.param_groups})


def test_loss_falls_and_outputs_are_written(run_dir: Path) -> None:
    seen = SeeOptimizer()
    s = run(params(), callbacks=[seen])
    got = losses(s)
    assert s["schedule"]["steps"] == len(got) >= 5
    assert got[-1] < got[0] - 0.1
    assert seen.eps == [1e-6]  # the original's --adam_epsilon
    out = run_dir / "models/ja/leia/seed1"
    assert (out / "model.safetensors").exists() and (out / "tokenizer.json").exists()
    assert json.loads((out / "leia_run.json").read_text())["method"]["strategy"] == "right"
    assert (run_dir / "dvclive/ja-leia-seed1/plots/metrics/train/loss.tsv").exists()
    assert not list(run_dir.rglob("dvc.yaml")), "the logger must not write a dvc.yaml"
    assert not (run_dir / "checkpoints/ja/leia/seed1").exists(), "finished runs leave no checkpoints"
    live = json.loads((run_dir / "dvclive/ja-leia-seed1/metrics.json").read_text())
    assert live["schedule"]["steps"] == live["step"] == s["schedule"]["steps"]


def test_no_wall_clock_figure_in_written_files(run_dir: Path) -> None:
    """dvclive/ and the model folder are DVC-tracked: throughput stays in the returned summary and stderr."""
    s = run(params())
    assert len(s["timing"]) == len(s["log"]) and all(r["tokens_per_s"] > 0 for r in s["timing"])
    written = [*(run_dir / "dvclive").rglob("*"), *(run_dir / "models/ja/leia/seed1").glob("*.json")]
    names = [p.name for p in written]
    assert "metrics.json" in names and "leia_run.json" in names
    for f in written:
        if f.is_file():
            found = re.findall(
                r"(tokens_per_s|mfu|seconds|runtime|per_second)\b", f.read_text(errors="replace")
            )
            assert not found, (f, found)


def test_same_seed_same_first_losses(run_dir: Path) -> None:
    a, b, c = (losses(run(params(), seed=s))[:3] for s in (1, 1, 2))
    assert a == b
    assert a != c


def test_special_rows_at_step_zero(world: Path) -> None:
    """Input rows = mean of the old input rows; untied output rows as the original's resize left them
    (studio-ousia/leia@7c1eac8 train.py under transformers 4.35: the model's init, normal(0,
    initializer_range)), seeded; tied output rows are the input rows."""
    from transformers import AutoModelForCausalLM, AutoTokenizer, LlamaForCausalLM

    from leia.train.special_tokens import add_translate_tokens

    out_rows = {}
    for tied, seed in ((False, 1), (False, 1), (False, 2), (True, 1)):
        tok = AutoTokenizer.from_pretrained(world / "models/base")
        model = AutoModelForCausalLM.from_pretrained(world / "models/base")
        if tied:
            model = LlamaForCausalLM(
                model.config.__class__(**{**model.config.to_dict(), "tie_word_embeddings": True})
            )
            assert model.get_output_embeddings().weight is model.get_input_embeddings().weight
        n = len(tok)
        before_in = model.get_input_embeddings().weight[:n].detach().clone()
        before_out = model.get_output_embeddings().weight[:n].detach().clone()
        o, c = add_translate_tokens(model, tok, seed=seed)
        assert (o, c) == (n, n + 1) and tok.convert_ids_to_tokens([o, c]) == ["<translate>", "</translate>"]
        w_in, w_out = model.get_input_embeddings().weight, model.get_output_embeddings().weight
        assert w_in.shape[0] == w_out.shape[0] == n + 2
        assert torch.allclose(w_in[:n], before_in) and torch.allclose(w_out[:n], before_out)
        assert torch.allclose(w_in[o], before_in.mean(0), atol=1e-6) and torch.equal(w_in[c], w_in[o])
        if tied:
            assert torch.equal(w_out[[o, c]], w_in[[o, c]])
        else:
            assert not torch.allclose(w_out[o], before_out.mean(0), atol=1e-3)
            assert not torch.equal(w_out[o], w_out[c])
            out_rows.setdefault(seed, []).append(w_out[[o, c]].detach().clone())
        assert tok("<translate>x</translate>", add_special_tokens=False)["input_ids"][0] == o
    assert torch.equal(*out_rows[1]) and not torch.equal(out_rows[1][0], out_rows[2][0])


def test_new_output_rows_follow_the_models_init_distribution() -> None:
    """normal(0, initializer_range): what LlamaPreTrainedModel._init_weights (transformers 4.35.2, pinned by
    the original's requirements.txt) gives the resized lm_head, and what transformers 5's resize gives
    with mean_resizing=False."""
    from tokenizers import Tokenizer, models
    from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast

    from leia.train.special_tokens import add_translate_tokens

    vocab = {f"w{i}": i for i in range(50)}
    tok = PreTrainedTokenizerFast(tokenizer_object=Tokenizer(models.WordLevel(vocab, unk_token="w0")))
    config = LlamaConfig(
        vocab_size=50, hidden_size=2048, intermediate_size=8, num_hidden_layers=1, num_attention_heads=1,
        initializer_range=0.05, tie_word_embeddings=False,
    )  # fmt: skip
    torch.manual_seed(0)
    model = LlamaForCausalLM(config)
    with torch.no_grad():
        model.get_output_embeddings().weight.add_(1.0)  # old rows far from the init: the mean would show
    o, c = add_translate_tokens(model, tok, seed=3)
    rows = model.get_output_embeddings().weight[[o, c]].detach()
    assert abs(rows.std().item() - 0.05) < 0.004 and abs(rows.mean().item()) < 0.004
    ref = LlamaForCausalLM(config)
    ref.resize_token_embeddings(52, mean_resizing=False)
    ref_rows = ref.get_output_embeddings().weight[50:].detach()
    assert abs(ref_rows.std().item() - 0.05) < 0.004 and abs(ref_rows.mean().item()) < 0.004


class Kill:
    """Simulates a kill right after step `at` was logged (the checkpoint of step at-1 is on disk)."""

    def __init__(self, at: int) -> None:
        self.at = at

    def __getattr__(self, name):  # every other TrainerCallback event: do nothing
        return lambda *a, **k: None

    def on_log(self, args, state, control, **kw):
        if state.global_step == self.at:
            raise KeyboardInterrupt("killed")


def test_rerun_after_kill_resumes_from_last_checkpoint(run_dir: Path, tmp_path_factory) -> None:
    p = params(train__save_steps=2)
    with pytest.raises(KeyboardInterrupt):
        run(p, callbacks=[Kill(5)])
    ck = run_dir / "checkpoints/ja/leia/seed1"
    assert (ck / "checkpoint-4").is_dir() and not (run_dir / "models/ja/leia/seed1").exists()
    resumed = run(p)
    assert resumed["resumed_from"].endswith("checkpoint-4")
    rows = (run_dir / "dvclive/ja-leia-seed1/plots/metrics/train/loss.tsv").read_text().splitlines()[1:]
    assert [int(r.split("\t")[0]) for r in rows] == list(range(1, resumed["steps_run"] + 1))
    shutil.rmtree(run_dir / "dvclive")
    full = run(p)
    assert full["resumed_from"] is None
    tail = losses(full)[4:]
    assert losses(resumed) == pytest.approx(tail, rel=1e-5)


def test_checkpoints_of_other_params_are_not_resumed(run_dir: Path) -> None:
    with pytest.raises(KeyboardInterrupt):
        run(params(train__save_steps=2), callbacks=[Kill(3)])
    s = run(params(train__save_steps=2, train__lr=1.0e-3))
    assert s["resumed_from"] is None


def test_stage_entry_point_trains_ft(run_dir: Path) -> None:
    from leia.train.main import main

    (run_dir / "params.yaml").write_text(yaml.safe_dump(params()))
    main(["--lang", "ja", "--method", "ft", "--seed", "1"])
    run_info = json.loads((run_dir / "models/ja/ft/seed1/leia_run.json").read_text())
    assert run_info["method"]["strategy"] == "none"


def test_base_model_from_a_local_path(world: Path, run_dir: Path) -> None:
    """The real-model path with a local folder: tokenizer stage, then base_model, as DVC runs them."""
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from leia.train import tokenizer
    from leia.train.base_model import run as base

    p = params(base_model__name_or_path=str(world / "models/base"))
    assert tokenizer.run(p)["name_or_path"] == str(world / "models/base")
    source = base(p, out=Path("models/copy"))
    assert source["name_or_path"] == str(world / "models/base")
    m = AutoModelForCausalLM.from_pretrained("models/copy")
    ref = AutoModelForCausalLM.from_pretrained(world / "models/base")
    assert torch.equal(m.get_input_embeddings().weight, ref.get_input_embeddings().weight)
    tok, ref_tok = (
        AutoTokenizer.from_pretrained("models/copy"),
        AutoTokenizer.from_pretrained(world / "models/base"),
    )
    text = "alder voss was born in tokyo"
    assert len(tok) == len(ref_tok) and tok(text)["input_ids"] == ref_tok(text)["input_ids"]
    assert "revision" in json.loads((run_dir / "models/copy/leia_source.json").read_text())  # the model's


def test_base_model_holds_the_tokenizer_stage_files_byte_for_byte(world: Path) -> None:
    from leia.train.tokenizer import SOURCE_FILE

    files = sorted(f.name for f in (world / "models/tokenizer").iterdir() if f.name != SOURCE_FILE)
    assert "tokenizer.json" in files
    for name in files:
        assert (world / "models/base" / name).read_bytes() == (world / "models/tokenizer" / name).read_bytes()
    assert json.loads((world / "models/tokenizer" / SOURCE_FILE).read_text())["name_or_path"] == "demo"


def test_demo_tokenizer_is_trained_on_every_extracted_language_in_name_order(
    world: Path, tmp_path: Path
) -> None:
    """What keeps the demo's models/tokenizer (and so models/base and the corpus) byte-identical to the
    tokenizer the base model stage trained before the tokenizer was a stage of its own."""
    from train_world import TINY

    from leia.train.demo_tokenizer import train_tokenizer
    from leia.train.tokenizer import read_texts

    files = [world / "data/extracted/en.parquet", world / "data/extracted/ja.parquet"]
    tok: Any = train_tokenizer(read_texts(files), TINY["base_model"]["demo"]["vocab_size"])
    tok.save_pretrained(tmp_path)
    for name in ("tokenizer.json", "tokenizer_config.json"):
        assert (tmp_path / name).read_bytes() == (world / "models/tokenizer" / name).read_bytes(), name


def test_base_model_refuses_a_missing_or_foreign_tokenizer(world: Path, run_dir: Path) -> None:
    from leia.errors import InputError
    from leia.train.base_model import run as base

    local = params(base_model__name_or_path=str(world / "models/base"))
    with pytest.raises(InputError, match="dvc repro tokenizer"):
        base(local, out=Path("models/copy"))  # run_dir has no models/tokenizer
    with pytest.raises(InputError, match=r"built for 'demo'.*dvc repro tokenizer"):
        base(local, out=Path("models/copy"), tokenizer=world / "models/tokenizer")
    assert not (run_dir / "models/copy").exists()


def test_base_model_demo_pretraining_learned(world: Path) -> None:
    info = json.loads((world / "models/base/leia_source.json").read_text())
    assert info["name_or_path"] == "demo"
    assert info["pretrain"]["final_loss"] < info["pretrain"]["first_loss"] - 0.5
    assert set(info["pretrain"]) == {"first_loss", "final_loss", "tokens"}  # no wall-clock figure


def test_demo_pretraining_documents_start_with_bos(world: Path) -> None:
    from transformers import AutoTokenizer

    from leia.train.base_model import _english_stream

    tok = AutoTokenizer.from_pretrained(world / "models/base")
    stream = _english_stream(tok, ["alder voss", "river stone"]).tolist()
    body = [
        tok("alder voss", add_special_tokens=False)["input_ids"],
        tok("river stone", add_special_tokens=False)["input_ids"],
    ]
    assert stream == [tok.bos_token_id, *body[0], tok.bos_token_id, *body[1]]


@pytest.mark.e2e
def test_deepspeed_zero3_two_processes(run_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """torchrun --nproc_per_node 2 (gloo, CPU) + ZeRO-3 for a few steps; the gathered model reloads."""
    import socket

    from transformers import AutoModelForCausalLM

    from leia.train.main import main

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    repo = Path(__file__).resolve().parents[2]
    monkeypatch.setenv("TORCH_EXTENSIONS_DIR", str(repo / ".cache/torch_extensions"))
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    method = "leia"
    p = params(
        train__launcher__kind="torchrun",
        train__launcher__nproc_per_node=2,
        train__launcher__master_port=port,
        train__deepspeed__enabled=True,
        train__token_budget=1024,
    )
    (run_dir / "params.yaml").write_text(yaml.safe_dump(p))
    main(["--lang", "ja", "--method", method, "--seed", "1"])
    out = run_dir / f"models/ja/{method}/seed1"
    info = json.loads((out / "leia_run.json").read_text())
    assert info["world_size"] == 2 and info["schedule"]["grad_accum"] == 1
    model = AutoModelForCausalLM.from_pretrained(out)
    assert model.get_input_embeddings().weight.shape[0] == info["special_token_ids"][1] + 1
    assert os.path.exists(run_dir / f"dvclive/ja-{method}-seed1/metrics.json")


def test_pinned_steps_and_the_originals_loss_average(run_dir: Path) -> None:
    """train.max_steps pins the steps (the paper's 50/20); train.loss_average: micro_batch is the mean of
    micro-batch means (transformers 4.35.2), tokens the mean over a step's label tokens (transformers 5):
    equal when every micro-batch has as many label tokens (FT), not when names are masked (namemask)."""
    first = {}
    for method in ("ft", "leia-namemask"):
        for how in ("tokens", "micro_batch"):
            p = params(train__max_steps={"ja": 2}, train__loss_average=how, train__micro_batch_size=1)
            s = run(p, method=method)
            assert s["schedule"]["steps"] == s["steps_run"] == 2
            first[method, how] = losses(s)[0]
    assert first["ft", "tokens"] == pytest.approx(first["ft", "micro_batch"], rel=1e-5)
    assert first["leia-namemask", "tokens"] != pytest.approx(first["leia-namemask", "micro_batch"], rel=1e-5)


class Touch:
    """Creates `path` when the run reaches optimizer step `at` (what the SLURM job script does when the
    time limit is near)."""

    def __init__(self, path: Path, at: int) -> None:
        self.path, self.at = path, at

    def __getattr__(self, name):
        return lambda *a, **k: None

    def on_step_begin(self, args, state, control, **kw):
        if state.global_step == self.at:
            self.path.touch()


def test_stop_request_saves_a_checkpoint_and_the_rerun_finishes_as_an_uninterrupted_run(
    run_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from leia.errors import Preempted

    p = params(train__save_steps=0, train__max_steps={"ja": 6})  # no periodic checkpoints: only the stop's
    full = run(p, method="ft")
    whole = (run_dir / "models/ja/ft/seed1/model.safetensors").read_bytes()
    shutil.rmtree(run_dir / "models/ja")
    shutil.rmtree(run_dir / "dvclive")
    stop = run_dir / "STOP"
    monkeypatch.setenv("LEIA_STOP_FILE", str(stop))
    with pytest.raises(Preempted, match="stopped on request.*after step 3 of 6"):
        run(p, method="ft", callbacks=[Touch(stop, 2)])
    assert (run_dir / "checkpoints/ja/ft/seed1/checkpoint-3").is_dir()
    assert not (run_dir / "models/ja/ft/seed1").exists()
    stop.unlink()  # the requeued job starts without it
    resumed = run(p, method="ft")
    assert resumed["resumed_from"].endswith("checkpoint-3") and resumed["steps_run"] == 6
    assert losses(resumed) == pytest.approx(losses(full)[3:], rel=1e-6)
    assert (run_dir / "models/ja/ft/seed1/model.safetensors").read_bytes() == whole  # byte-identical
