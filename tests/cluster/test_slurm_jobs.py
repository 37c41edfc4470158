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


def test_runs_wait_for_what_they_read_and_record_themselves() -> None:
    jobs = {j.key: j for j in make_jobs(_plan(), ["train", "evaluate"], RES)}
    assert list(jobs) == [
        "prepare",
        "train_ja-ft-1",
        "train_ja-leia-1",
        "evaluate_ja-ft-1",
        "evaluate_ja-leia-1",
    ]
    # Upstream stages in plan order, downstream ones (stats) left to the following `dvc repro`.
    assert jobs["prepare"].command == "dvc repro extract@ja tokenize@ja base_model eval_data"
    assert jobs["train_ja-ft-1"].after == ("prepare",)
    assert jobs["evaluate_ja-leia-1"].after == ("prepare", "train_ja-leia-1")  # not the FT run
    assert jobs["train_ja-ft-1"].command == "python stages/train.py --lang ja --method ft --seed 1"
    assert (jobs["train_ja-ft-1"].gpus_per_node, jobs["evaluate_ja-ft-1"].gpus_per_node) == (8, 1)
    # No job waits for all of them: each run records itself (no all-or-nothing commit job).
    text = script(jobs["train_ja-ft-1"], "/r", "abc123")
    lines = text.splitlines()
    assert lines[4:6] == [
        "python -m leia.cli slurm check-gpu",  # a GPU run must not fall back to the CPU
        "export MASTER_PORT=$((20000 + SLURM_JOB_ID % 40000))",  # two jobs on one node: two ports
    ]
    assert "python stages/train.py --lang ja --method ft --seed 1 &" in lines  # the trap runs meanwhile
    assert "trap 'touch \"$LEIA_STOP_FILE\"' USR1" in lines and '  scontrol requeue "$SLURM_JOB_ID"' in lines
    assert lines[-1] == "python -m leia.cli slurm record train@ja-ft-1 --commit abc123"
    evaluate = script(jobs["evaluate_ja-ft-1"], "/r", "abc123").splitlines()
    assert evaluate[-2:] == [
        "python stages/evaluate.py ft",
        "python -m leia.cli slurm record evaluate@ja-ft-1 --commit abc123",
    ]
    assert "record" not in script(jobs["prepare"], "/r", "abc123") and "check-gpu" not in script(
        jobs["prepare"], "/r", "abc123"
    )


def test_only_training_selected_and_nothing_to_do() -> None:
    jobs = make_jobs(_plan(), ["train"], RES)
    assert [j.key for j in jobs] == ["prepare", "train_ja-ft-1", "train_ja-leia-1"]
    assert jobs[0].command == "dvc repro extract@ja tokenize@ja base_model"
    up_to_date = [s for s in _plan() if not s.name.startswith(("train@", "evaluate@"))]
    assert make_jobs(up_to_date, ["train", "evaluate"], RES) == []
    done_upstream = [StageRun("train@ja-ft-1", "python stages/train.py", frozenset())]
    assert [j.key for j in make_jobs(done_upstream, ["train"], RES)] == ["train_ja-ft-1"]
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
    # DeepSpeed's runner learns the job's nodes from a hostfile (tests/cluster/test_multinode.py)
    assert 'scontrol show hostnames "$SLURM_JOB_NODELIST" | sed "s/$/ slots=8/" > "$LEIA_HOSTFILE"' in text
    assert (
        "export NODE_RANK=$SLURM_NODEID; exec python stages/train.py --lang ja --method ft --seed 1" in text
    )
    single = script(next(j for j in make_jobs(_plan(), ["train"], RES) if j.key == "train_ja-ft-1"), "/r")
    assert "python stages/train.py --lang ja --method ft --seed 1 &" in single.splitlines()
    assert "srun" not in single
    assert text.splitlines()[-1].startswith(
        "python -m leia.cli slurm record train@ja-ft-1"
    )  # once, not per node


def test_sbatch_line() -> None:
    res = Resources("gpu", "proj", "1-00:00:00", 32, "200G", 8, 1, ("--qos=high",), 1)
    train = next(j for j in make_jobs(_plan(), ["train"], res) if j.key == "train_ja-ft-1")
    args = sbatch_args(train, res, "/r", "/r/.slurm/logs", ["11"])
    assert args[:2] == ["sbatch", "--parsable"]
    for flag in (
        "--job-name=leia:train_ja-ft-1", "--chdir=/r", "--output=/r/.slurm/logs/train_ja-ft-1-%j.log",
        "--nodes=1", "--cpus-per-task=32", "--gpus-per-node=8", "--partition=gpu", "--account=proj",
        "--time=1-00:00:00", "--mem=200G", "--dependency=afterok:11", "--kill-on-invalid-dep=yes",
        "--requeue", "--signal=B:USR1@600",
    ):  # fmt: skip
        assert flag in args, flag
    assert args[-1] == "--qos=high"
    prepare = make_jobs(_plan(), ["train"], RES)[0]
    bare = sbatch_args(prepare, RES, "/r", "/r/l", [])
    assert not [a for a in bare if a.startswith(("--gpus", "--partition", "--dependency", "--mem", "--time"))]


def test_throttle_waits_for_an_earlier_training_to_end() -> None:
    train = next(j for j in make_jobs(_plan(), ["train"], RES) if j.key == "train_ja-leia-1")
    args = sbatch_args(train, RES, "/r", "/l", ["11"], queue_after="12")
    assert "--dependency=afterok:11,afterany:12" in args  # both: its inputs, and a slot


def test_each_kind_of_job_asks_for_its_own_resources() -> None:
    """An evaluation needs one GPU and a few CPUs, not a training node's; corpus work no GPU partition."""
    res = Resources("gpu", None, None, 32, "400G", 8, 1, (), 1, cpus_per_eval=4, mem_per_eval="60G",
                    prepare_partition="cpu")  # fmt: skip
    jobs = {j.key: j for j in make_jobs(_plan(), ["train", "evaluate"], res)}
    evaluate = sbatch_args(jobs["evaluate_ja-ft-1"], res, "/r", "/l", [])
    assert {"--cpus-per-task=4", "--mem=60G", "--gpus-per-node=1", "--partition=gpu"} <= set(evaluate)
    train = sbatch_args(jobs["train_ja-ft-1"], res, "/r", "/l", [])
    assert {"--cpus-per-task=32", "--mem=400G", "--gpus-per-node=8", "--partition=gpu"} <= set(train)
    prepare = sbatch_args(jobs["prepare"], res, "/r", "/l", [])
    assert "--partition=cpu" in prepare and not [a for a in prepare if a.startswith("--gpus")]


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
