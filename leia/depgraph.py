"""The project files a stage script imports, transitively: what its DVC code deps must be.

Every `import` statement in a file counts, including those inside functions (they run when the
function does) and under `if TYPE_CHECKING:` (harmless extra precision). Only modules that resolve
to a file under the project root are followed; the standard library and installed packages are not.
Importing `leia.a.b` also runs `leia/__init__.py` and `leia/a/__init__.py`, so those count too.
"""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path
from typing import Any

from leia.errors import InputError

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("leia",)  # top-level packages of ours; anything else is third-party or stdlib


def module_file(name: str, root: Path = ROOT) -> Path | None:
    """`leia.train.main` -> leia/train/main.py (or the package's __init__.py); None if not ours."""
    if name.split(".")[0] not in PACKAGES:
        return None
    base = root.joinpath(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _module_name(path: Path, root: Path) -> str | None:
    rel = path.relative_to(root).with_suffix("")
    parts = list(rel.parts)
    if parts[0] not in PACKAGES:
        return None  # a stage script: not importable as a module of ours
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imported_names(path: Path, root: Path) -> set[str]:
    """Absolute module names `path` imports, with `from x import y` giving x.y when y is a module."""
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    except SyntaxError as e:
        raise InputError(str(path), f"line {e.lineno}: cannot parse ({e.msg})", "fix the syntax error") from e
    own = _module_name(path, root)
    is_pkg = path.name == "__init__.py"
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                if own is None:
                    continue  # relative import in a script: Python rejects it at run time
                pkg = own.split(".") if is_pkg else own.split(".")[:-1]
                pkg = pkg[: len(pkg) - (node.level - 1)]
                base = ".".join(pkg + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            names.add(base)
            for alias in node.names:
                if alias.name != "*":
                    names.add(f"{base}.{alias.name}")  # kept only if it is a module file
    return names


@cache
def _direct(path: Path, root: Path) -> frozenset[Path]:
    out: set[Path] = set()
    for name in _imported_names(path, root):
        parts = name.split(".")
        # importing a.b.c runs a/__init__.py, a/b/__init__.py and a/b/c.py
        for i in range(1, len(parts) + 1):
            f = module_file(".".join(parts[:i]), root)
            if f is not None:
                out.add(f)
    return frozenset(out)


def import_closure(script: str | Path, root: Path = ROOT) -> list[str]:
    """Project files `script` imports transitively (itself included), as sorted root-relative paths."""
    root = root.resolve()
    start = (root / script).resolve()
    if not start.is_file():
        raise InputError(str(script), "no such file", "give a path relative to the project root")
    seen: set[Path] = set()
    todo = [start]
    while todo:
        f = todo.pop()
        if f in seen:
            continue
        seen.add(f)
        todo.extend(_direct(f, root) - seen)
    return sorted(p.relative_to(root).as_posix() for p in seen)


# --- dvc.yaml: a stage's code deps are exactly the import closure of the script its cmd runs ------

CODE_DIRS = ("leia/", "stages/")
_SCRIPT = re.compile(r"\bpython\s+(stages/[\w/.-]+\.py)\b")


def stage_bodies(dvc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Stage name -> the mapping holding its cmd/deps/params (`do:` for foreach stages)."""
    return {name: (st["do"] if "do" in st else st) for name, st in (dvc.get("stages") or {}).items()}


def stage_script(name: str, body: dict[str, Any]) -> str:
    m = _SCRIPT.search(str(body.get("cmd", "")))
    if m is None:
        raise InputError("dvc.yaml", f"stage {name}: cmd does not run `python stages/<script>.py`", "")
    return m.group(1)


def is_code_dep(dep: str, root: Path = ROOT) -> bool:
    """A dep the import graph decides: an importable .py file under leia/ or stages/, or a package.

    A .py file in a folder that is not a package (leia/evaluation/tasks/utils.py, loaded by lm-eval
    from a copy) and non-Python files are data deps, listed by hand; their imports are followed."""
    if "${" in dep or not dep.startswith(CODE_DIRS):
        return False
    p = root / dep
    if dep.startswith("stages/"):
        return dep.endswith(".py") or p.is_dir()
    if p.is_dir():
        return (p / "__init__.py").is_file()
    return dep.endswith(".py") and (p.parent / "__init__.py").is_file()


def expected_code_deps(script: str, data_deps: list[str], root: Path = ROOT) -> list[str]:
    """The stage script's import closure, plus that of Python files among its data deps."""
    entries = [script]
    for dep in data_deps:
        p = root / dep
        if "${" in dep or not p.exists() or not dep.startswith(CODE_DIRS):
            continue
        entries += [f.relative_to(root).as_posix() for f in ([p] if p.is_file() else sorted(p.rglob("*.py")))]
        entries = [e for e in entries if e.endswith(".py")]
    covered = tuple(d.rstrip("/") for d in data_deps)
    out: set[str] = set()
    for entry in entries:
        out.update(import_closure(entry, root))
    files = sorted(
        f for f in out if f != script and not any(f == c or f.startswith(c + "/") for c in covered)
    )
    return [script, *files]  # the script first: the list reads as "this script and what it imports"


def code_dep_drift(dvc: dict[str, Any], root: Path = ROOT) -> dict[str, tuple[list[str], list[str]]]:
    """Stage -> (code deps listed, code deps wanted) for every stage where the two differ."""
    drift = {}
    for name, body in stage_bodies(dvc).items():
        deps = [str(d if isinstance(d, str) else next(iter(d))) for d in body.get("deps") or []]
        have = [d for d in deps if is_code_dep(d, root)]
        want = expected_code_deps(
            stage_script(name, body), [d for d in deps if not is_code_dep(d, root)], root
        )
        if sorted(have) != sorted(want):
            drift[name] = (have, want)
    return drift


# --- validate: reruns whenever any stage would, and only then ---------------------------------------

_VAR = re.compile(r"\$\{\s*([A-Za-z_][\w.]*)\s*\}")


def _strings(node: Any) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for k, v in node.items() for s in _strings(k) + _strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in _strings(v)]
    return []


def params_keys(body: dict[str, Any]) -> list[str]:
    """The params.yaml keys a stage lists (`- params.yaml:` whole-file entries are not keys)."""
    return [str(p) for p in body.get("params") or [] if isinstance(p, str)]


def validate_params(dvc: dict[str, Any], validate: str = "validate") -> list[str]:
    """Every params key another stage depends on or dvc.yaml interpolates (`${languages}`).

    A value can only make a stage rerun through these keys, so validating the whole file whenever one
    of them changes still fails before DVC removes any output; a key no stage reads (logging_steps)
    leaves `dvc status` clean."""
    keys: set[str] = set()
    for name, body in stage_bodies(dvc).items():
        if name != validate:
            keys.update(params_keys(body))
    for text in _strings(dvc.get("stages") or {}):
        keys.update(m for m in _VAR.findall(text) if m.split(".")[0] != "item")
    # a key under another listed key adds nothing (`dump` covers `dump.date`)
    return sorted(k for k in keys if not any(k.startswith(o + ".") for o in keys))
