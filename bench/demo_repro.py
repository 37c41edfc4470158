"""Time the demo's `dvc repro` per stage: run it and timestamp each "Running stage" line.

Usage (from a fresh clone, after `bash scripts/setup.sh && source scripts/env.sh`):
    python bench/demo_repro.py [--force]      # --force reruns every stage (dvc repro -f)
Prints one line per stage with its seconds, the sum per stage kind, and the total; exit code is
dvc's. Wall-clock figures stay here and in bench/RESULTS.md, never in a DVC-tracked output.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from collections import defaultdict


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--force", action="store_true", help="rerun every stage")
    args = ap.parse_args()
    cmd = ["dvc", "repro", *(["-f"] if args.force else [])]
    t0 = last = time.perf_counter()
    current, times = None, {}
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1)
    assert proc.stdout is not None
    for line in proc.stdout:
        m = re.match(r"^Running stage '([^']+)'", line)
        if m:
            now = time.perf_counter()
            if current:
                times[current] = now - last
            current, last = m.group(1), now
            print(f"[{now - t0:7.1f} s] {current}", flush=True)
    rc = proc.wait()
    end = time.perf_counter()
    if current:
        times[current] = end - last
    kinds: dict[str, float] = defaultdict(float)
    for name, s in times.items():
        kinds[name.split("@")[0]] += s
    print("\nper stage:")
    for name, s in times.items():
        print(f"  {name:28s} {s:7.1f} s")
    print("per kind:")
    for kind, s in sorted(kinds.items(), key=lambda kv: -kv[1]):
        print(f"  {kind:28s} {s:7.1f} s")
    print(f"total {end - t0:.1f} s (rc {rc})")
    return rc


if __name__ == "__main__":
    sys.exit(main())
