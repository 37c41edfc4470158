"""Check (or with --write, rewrite) dvc.yaml's code deps against each stage script's imports.

    python scripts/sync_deps.py           # exit 1 and list the differences if any stage is off
    python scripts/sync_deps.py --write   # replace every stage's code deps with its import closure

Data deps (data files, folders such as data/dumps, leia/evaluation/tasks/utils.py, which lm-eval
loads from a copy) are kept as they are, in their order; the code deps follow them, sorted.
validate's params are every key another stage depends on or dvc.yaml interpolates.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from ruamel.yaml import YAML

from leia.depgraph import ROOT, code_dep_drift, is_code_dep, params_keys, stage_bodies, validate_params
from leia.io import atomic_path


def _dep_name(d: object) -> str:
    return str(d if isinstance(d, str) else next(iter(d)))  # `- path: {options}` entries


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dvc-yaml", type=Path, default=ROOT / "dvc.yaml")
    ap.add_argument("--write", action="store_true", help="rewrite the code deps in place")
    args = ap.parse_args()

    yaml = YAML()  # round-trip: comments, order and quoting survive
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)  # dvc.yaml's own layout
    doc = yaml.load(args.dvc_yaml.read_text(encoding="utf-8"))
    drift = code_dep_drift(doc)
    bodies = stage_bodies(doc)
    want_validate = validate_params(doc)
    validate_off = "validate" in bodies and params_keys(bodies["validate"]) != want_validate
    if not drift and not validate_off:
        print(f"{args.dvc_yaml}: every stage's code deps match its imports; validate's params match")
        return 0
    for name, (have, want) in drift.items():
        extra, missing = sorted(set(have) - set(want)), sorted(set(want) - set(have))
        print(f"{name}: missing {missing or '-'}; not imported {extra or '-'}")
    if validate_off:
        print(f"validate: params should be {want_validate}")
    if not args.write:
        print("run `python scripts/sync_deps.py --write` to fix dvc.yaml", file=sys.stderr)
        return 1
    for name, (_, want) in drift.items():
        deps = bodies[name]["deps"]
        for i in reversed(range(len(deps))):
            if is_code_dep(_dep_name(deps[i])):
                del deps[i]
        deps.extend(want)
    if validate_off:
        params = bodies["validate"]["params"]
        del params[:]
        params.extend(want_validate)
    buf = io.StringIO()
    yaml.dump(doc, buf)
    with atomic_path(args.dvc_yaml) as tmp:
        tmp.write_text(buf.getvalue(), encoding="utf-8")
    also = " and validate's params" if validate_off else ""
    print(f"rewrote the code deps of {len(drift)} stage(s){also} in {args.dvc_yaml}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
