"""Stage errors name what the user got wrong; Ctrl-C ends with one line that says how to resume."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from leia.errors import InputError, ParamError
from leia.profiles import resolve

ROOT = Path(__file__).resolve().parents[1]


def test_unknown_task_is_named_not_blamed_on_the_demo_world(tmp_path: Path, monkeypatch) -> None:
    from leia.evaluation.run import prepare_eval_data

    params = resolve("demo", ROOT / "profiles")
    params["sources"]["local"] = {"demo": str(tmp_path / "mirror")}
    params["evaluate"]["tasks"] = ["xcodah", "nosuchtask"]
    with pytest.raises(ParamError, match=r"'evaluate\.tasks': unknown task\(s\) \['nosuchtask'\]") as e:
        prepare_eval_data(params, tmp_path / "eval")
    assert "demo" not in str(e.value)
    params["evaluate"]["tasks"] = ["xcodah"]  # a valid list, but the demo world never ran
    with pytest.raises(InputError, match="demo evaluation sets missing.*run the demo world stage"):
        prepare_eval_data(params, tmp_path / "eval")
    assert not (tmp_path / "eval").exists()


_SLOW_STAGE = """
import sys, time
from leia.stages_main import run

def main():
    print("ready", flush=True)
    time.sleep(60)

run(main)
"""


def test_ctrl_c_prints_one_line_and_says_rerun_resumes(tmp_path: Path) -> None:
    script = tmp_path / "stages" / "train.py"
    script.parent.mkdir()
    script.write_text(_SLOW_STAGE)
    proc = subprocess.Popen(
        [sys.executable, str(script), "--lang", "ja", "--method", "leia", "--seed", "1"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        # a shell's background job (`cmd &`, as CI runners may start us) ignores SIGINT, and the child
        # would inherit that: give it Ctrl-C's default, as a terminal would
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )  # fmt: skip
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    time.sleep(0.2)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in err
    assert lines[0].startswith("interrupted: train --lang ja --method leia --seed 1 stopped by Ctrl-C")
    assert "`dvc repro` again to resume" in lines[0]
