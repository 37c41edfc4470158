"""The job plan: which runs become jobs, what each waits for, what its script and sbatch line say."""

from __future__ import annotations

import pytest

from leia.cluster.slurm import Resources, StageRun, make_jobs, resources, sbatch_args, script
from leia.errors import ParamError
from leia.train.config import Launcher
from leia.train.launch import command

RES = Resources(None, None, None, 2, None, 8, 1, (), 1)


def _plan() -> list[StageRun]:
    up = frozenset({"extract@ja", "tokenize@ja", "base_model"})
    return [
        StageRun("extract@ja", "python stages/extract.py --lang ja", frozenset()),
        StageRun("tokenize@ja", "python stages/tokenize_corpus.py --lang ja", frozenset({"extract@ja"})),
        StageRun("base_model", "python stages/base_model.py", frozenset()),
        StageRun("train@ja-ft-1", "python stages/train.py --lang ja --method ft --seed 1", up),
        StageRun("train@ja-leia-1", "python stages/train.py --lang ja --method leia --seed 1", up),
        StageRun("eval_data", "python stages/eval_data.py", frozenset()),
        StageRun("evaluate@ja-ft-1", "python stages/evaluate.py ft", up | {"train@ja-ft-1", "eval_data"}),
        StageRun(
            "evaluate@ja-leia-1", "python stages/evaluate.py leia", up | {"train@ja-leia-1", "eval_data"}
        ),
        StageRun("stats", "python stages/stats.py", frozenset({"evaluate@ja-ft-1", "evaluate@ja-leia-1"})),
    ]


def test_runs_wait_for_what_they_read_and_the_commit_for_all() -> None:
    jobs = {j.key: j for j in make_jobs(_plan(), ["train", "evaluate"], RES)}
    assert list(jobs) == [
        "prepare", "train_ja-ft-1", "train_ja-leia-1", "evaluate_ja-ft-1", "evaluate_ja-leia-1", "commit"
    ]  # fmt: skip
    # Upstream stages in plan order, downstream ones (stats) left to the following `dvc repro`.
    assert jobs["prepare"].command == "dvc repro extract@ja tokenize@ja base_model eval_data"
    assert jobs["train_ja-ft-1"].after == ("prepare",)
    assert jobs["evaluate_ja-leia-1"].after == ("prepare", "train_ja-leia-1")  # not the FT run
    assert jobs["commit"].after == (
        "train_ja-ft-1",
        "train_ja-leia-1",
        "evaluate_ja-ft-1",
        "evaluate_ja-leia-1",
    )
    assert jobs["commit"].command == (
        "dvc commit --force train@ja-ft-1 train@ja-leia-1 evaluate@ja-ft-1 evaluate@ja-leia-1"
    )
    assert jobs["train_ja-ft-1"].command == "python stages/train.py --lang ja --method ft --seed 1"
    assert (jobs["train_ja-ft-1"].gpus_per_node, jobs["evaluate_ja-ft-1"].gpus_per_node) == (8, 1)


def test_only_training_selected_and_nothing_to_do() -> None:
    jobs = make_jobs(_plan(), ["train"], RES)
    assert [j.key for j in jobs] == ["prepare", "train_ja-ft-1", "train_ja-leia-1", "commit"]
    assert jobs[0].command == "dvc repro extract@ja tokenize@ja base_model"
    up_to_date = [s for s in _plan() if not s.name.startswith(("train@", "evaluate@"))]
    assert make_jobs(up_to_date, ["train", "evaluate"], RES) == []
    done_upstream = [StageRun("train@ja-ft-1", "python stages/train.py", frozenset())]
    assert [j.key for j in make_jobs(done_upstream, ["train"], RES)] == ["train_ja-ft-1", "commit"]
    assert make_jobs(done_upstream, ["train"], RES)[0].after == ()


def test_an_unknown_stage_is_named() -> None:
    with pytest.raises(ParamError, match="--stages.*'trian'"):
        make_jobs(_plan(), ["trian"], RES)


def test_multi_node_script_starts_one_launcher_per_node_with_slurm_ranks() -> None:
    res = Resources(None, None, None, 32, None, 8, 1, (), 2)
    train = next(j for j in make_jobs(_plan(), ["train"], res) if j.key == "train_ja-ft-1")
    text = script(train, "/shared/my leia")
    assert train.nodes == 2
    assert "cd '/shared/my leia'\n" in text
    assert 'export MASTER_ADDR="$(scontrol show hostnames "$SLURM_JOB_NODELIST" | head -n 1)"' in text
    assert 'srun --nodes="$SLURM_JOB_NUM_NODES" --ntasks-per-node=1 --kill-on-bad-exit=1' in text
    assert (
        "export NODE_RANK=$SLURM_NODEID; exec python stages/train.py --lang ja --method ft --seed 1" in text
    )
    single = script(next(j for j in make_jobs(_plan(), ["train"], RES) if j.key == "train_ja-ft-1"), "/r")
    assert single.splitlines()[-1] == "python stages/train.py --lang ja --method ft --seed 1"
    assert "srun" not in single


def test_sbatch_line() -> None:
    res = Resources("gpu", "proj", "1-00:00:00", 32, "200G", 8, 1, ("--qos=high",), 1)
    train = next(j for j in make_jobs(_plan(), ["train"], res) if j.key == "train_ja-ft-1")
    args = sbatch_args(train, res, "/r", "/r/.slurm/logs", ["11"])
    assert args[:2] == ["sbatch", "--parsable"]
    for flag in (
        "--job-name=leia:train_ja-ft-1", "--chdir=/r", "--output=/r/.slurm/logs/train_ja-ft-1-%j.log",
        "--nodes=1", "--cpus-per-task=32", "--gpus-per-node=8", "--partition=gpu", "--account=proj",
        "--time=1-00:00:00", "--mem=200G", "--dependency=afterok:11", "--kill-on-invalid-dep=yes",
    ):  # fmt: skip
        assert flag in args, flag
    assert args[-1] == "--qos=high"
    prepare = make_jobs(_plan(), ["train"], RES)[0]
    bare = sbatch_args(prepare, RES, "/r", "/r/l", [])
    assert not [a for a in bare if a.startswith(("--gpus", "--partition", "--dependency", "--mem", "--time"))]


def test_resources_from_params() -> None:
    params = {
        "slurm": {"partition": "gpu", "cpus_per_task": 16, "gpus_per_train_node": 8, "gpus_per_eval": 1,
                  "time": None, "extra_args": ["--qos=high"]},
        "train": {"launcher": {"nnodes": 4}},
    }  # fmt: skip
    assert resources(params) == Resources("gpu", None, None, 16, None, 8, 1, ("--qos=high",), 4)
    params["slurm"]["extra_args"] = ["qos=high"]
    with pytest.raises(ParamError, match="slurm.extra_args"):
        resources(params)


def test_launcher_takes_rank_and_master_from_the_job(monkeypatch: pytest.MonkeyPatch) -> None:
    launcher = Launcher("torchrun", 8, 2, None, "127.0.0.1", 29500)
    monkeypatch.setenv("MASTER_ADDR", "node017")
    monkeypatch.setenv("NODE_RANK", "1")
    cmd = command(launcher, ["--lang", "ja"])
    assert "--master_addr=node017" in cmd and "--node_rank=1" in cmd and "--nnodes=2" in cmd
    monkeypatch.delenv("MASTER_ADDR")
    assert "--master_addr=127.0.0.1" in command(launcher, [])
