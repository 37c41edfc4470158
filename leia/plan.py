"""`leia plan`: the stages `dvc repro` would run, and the GPU time the training runs would take.

`dvc repro --dry` cannot do this before anything exists: it stops at the first stage whose input is
another stage's missing output (treeverse/dvc#9021). Here a stage would run when DVC reports it
changed (or never run) or when any stage upstream of it would run."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import typer

from leia.errors import InputError
from leia.fidelity import steps_line
from leia.params import get, get_int, load_params

# The paper (§3.1, "Training details"): ~5 hours per model on eight A100 40GB for 50 steps of 4M
# tokens (209,715,200); Swahili's 20 steps took ~2 hours, the same rate. Tokens per GPU-second:
PAPER_TOKENS_PER_GPU_S = 209_715_200 / (5 * 3600 * 8)
PAPER_GPU = "A100-40GB"


@dataclass
class Planned:
    name: str  # e.g. train@ja-leia-1
    reason: str


def _reason(changes: list[Any], in_lock: bool) -> str:
    """DVC's status entry of one stage, in a few words."""
    if not in_lock:
        return "not run yet"
    parts: list[str] = []
    for change in changes:
        if isinstance(change, str):  # e.g. "always changed"
            parts.append(change)
            continue
        for kind, what in change.items():
            for path, state in what.items() if isinstance(what, dict) else []:
                if isinstance(state, dict):  # a params file: {key: state}
                    states = "/".join(sorted({str(v) for v in state.values()}))
                    parts.append(f"params {', '.join(state)} {states}")
                elif kind == "changed outs":
                    parts.append(f"output {path} {state}")
                else:
                    parts.append(f"{path} {'missing' if state == 'deleted' else state}")
    return ", ".join(parts[:3]) + (f" (+{len(parts) - 3})" if len(parts) > 3 else "")


def _locked(root: Path) -> set[str]:
    lock = root / "dvc.lock"
    if not lock.exists():
        return set()
    import yaml

    return set((yaml.safe_load(lock.read_text(encoding="utf-8")) or {}).get("stages", {}))


def plan(root: Path = Path(".")) -> list[Planned]:
    """The stages `dvc repro` would run, upstream first."""
    import networkx as nx
    from dvc.exceptions import DvcException
    from dvc.repo import Repo

    try:
        with Repo(str(root)) as repo:
            graph = repo.index.graph  # edges point from a stage to the stages it depends on
            status = repo.status()
            order = list(reversed(list(nx.topological_sort(graph))))
            locked = _locked(root)
            will: dict[str, Planned] = {}
            for stage in order:
                if stage.addressing in status:
                    reason = _reason(status[stage.addressing], stage.name in locked)
                    will[stage.name] = Planned(stage.name, reason)
                    continue
                ups = [u.name for u in graph.successors(stage) if u.name in will]
                if ups:
                    will[stage.name] = Planned(stage.name, f"after {ups[0]}" + (" …" if len(ups) > 1 else ""))
    except DvcException as e:
        raise InputError(root / "dvc.yaml", f"DVC cannot read the pipeline: {e}") from None
    return list(will.values())


def gpu_estimate(params: dict[str, Any], train_runs: list[str]) -> str | None:
    """Expected GPU-hours of the planned training runs (stage names train@lang-method-seed) at the
    paper's throughput; None for the demo. Pinned steps (train.max_steps) count exactly; otherwise a
    run's tokens are at most train.token_budget."""
    from leia.train.config import pinned_steps

    if str(get(params, "base_model.name_or_path", "demo")) == "demo" or not train_runs:
        return None
    budget = get_int(params, "train.token_budget", min=1)
    per_step = get_int(params, "train.global_batch_tokens", min=1)
    steps = [pinned_steps(params, name.split("@", 1)[1].split("-", 1)[0]) for name in train_runs]
    hours = [(budget if n is None else n * per_step) / PAPER_TOKENS_PER_GPU_S / 3600 for n in steps]
    bound = "up to " if None in steps else ""
    return (
        f"GPU time: {len(train_runs)} training run(s) of {bound}{min(hours):,.0f}-{max(hours):,.0f} "
        f"{PAPER_GPU} GPU-hours each ({min(hours) / 8:.1f}-{max(hours) / 8:.1f} h on 8 GPUs), "
        f"{sum(hours):,.0f} GPU-hours in all, at the paper's rate (§3.1: ~5 h on 8 A100 for 50 steps of 4M "
        "tokens, ~2 h for Swahili's 20). Evaluation is not included."
    )


def render(planned: list[Planned], params: dict[str, Any], *, every: bool = False) -> list[str]:
    profile = get(params, "profile", "?")
    lines = [f"profile '{profile}': {len(planned)} stage(s) would run (upstream first)"]
    groups: dict[str, list[Planned]] = {}
    for p in planned:
        groups.setdefault(p.name.split("@", 1)[0], []).append(p)
    for base, items in groups.items():
        if every or len(items) <= 3:
            lines += [f"  {p.name:<40} {p.reason}" for p in items]
            continue
        names = sorted(p.name for p in items)
        why = items[0].reason + (" (and the like)" if len({p.reason for p in items}) > 1 else "")
        lines.append(f"  {base + '@… x' + str(len(items)):<40} {why}  [{names[0]} … {names[-1]}]")
    train = [p.name for p in planned if p.name.startswith("train@")]
    if train:
        lines.append(steps_line(params))
    if (est := gpu_estimate(params, train)) is not None:
        lines.append(est)
    if not planned:
        lines.append("nothing to do: every stage is up to date")
    return lines


def register(app: typer.Typer) -> None:
    @app.command("plan")
    def plan_cmd(
        every: bool = typer.Option(False, "--all", help="list every stage, not one line per group"),
    ) -> None:
        """What `dvc repro` would run for params.yaml, with the paper runs' expected GPU-hours
        (works before anything exists, unlike `dvc repro --dry`)."""
        if not Path("dvc.yaml").exists():
            raise InputError("dvc.yaml", "not found", "run from the repository root")
        params = load_params("params.yaml")
        for line in render(plan(Path(".")), params, every=every):
            typer.echo(line)
