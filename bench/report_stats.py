"""Time the stats and report stages on a synthetic grid shaped like the paper profile.

.venv/bin/python bench/report_stats.py --langs 7 --seeds 5     # the paper's grid (lead, quiet machine)
.venv/bin/python bench/report_stats.py --langs 2 --seeds 2     # smoke
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "report"))

from conftest import make_world  # noqa: E402

from leia.report.pipeline import run_report, run_stats  # noqa: E402

LANGS = ["ar", "es", "hi", "ja", "ru", "sw", "zh"]
METHODS = ["ft", "leia", "leia-namemask"] + [
    f"leia-{s}-{p}" for s in ("left", "right", "replace") for p in ("0.0", "0.5")
]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--langs", type=int, default=2)
    ap.add_argument("--seeds", type=int, default=2)
    ap.add_argument("--resamples", type=int, default=10000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        root = Path(d)
        langs = {lang: ["xcodah", "xcsqa"] for lang in LANGS[: args.langs]}
        methods = {m: 0.02 * i for i, m in enumerate(METHODS)}
        t0 = time.perf_counter()
        # X-CSQA has 1,000 questions, X-CODAH 300: use 1,000 for both (upper bound)
        params = make_world(root, langs=langs, methods=methods, seeds=list(range(1, args.seeds + 1)), n=1000)
        params["stats"]["paired_resamples"] = args.resamples
        t1 = time.perf_counter()
        entries, _ = run_stats(
            params, root / "results/eval", root / "metrics/stats.json", root / "results/stats.csv"
        )
        t2 = time.perf_counter()
        files = run_report(
            params, root / "metrics/stats.json", root / "results/eval", root / "dvclive", root / "reports"
        )
        t3 = time.perf_counter()
    runs = args.langs * (1 + len(METHODS) * args.seeds)
    print(
        f"{runs} runs x 2 tasks x 1000 examples: fixtures {t1 - t0:.1f}s, stats {t2 - t1:.1f}s "
        f"({len(entries)} entries, {args.resamples} resamples), report {t3 - t2:.1f}s ({len(files)} files)"
    )


if __name__ == "__main__":
    main()
