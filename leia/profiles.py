"""Checked-in configurations: profiles/demo.yaml is the base (params.yaml equals it byte for byte);
every other profile is an overlay that holds only what differs from it.

Merge rules (those of Docker Compose's `!override` and `!reset`): mappings merge key by key; a list or
a scalar replaces the base's value; `!override` takes a mapping whole instead of merging it;
`!reset` removes the key. A key the base lacks is an error outside `!override`: a typo would
otherwise add a setting that nothing reads. Read profiles through `resolve`, never as plain YAML.
"""

from __future__ import annotations

import copy
import io
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedBase, CommentedMap
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.tag import Tag

from leia.errors import InputError, ParamError

PROFILE_DIR = Path("profiles")
BASE = "demo"
OVERRIDE, RESET = "!override", "!reset"


def available(profiles_dir: Path = PROFILE_DIR) -> list[str]:
    return sorted(p.stem for p in Path(profiles_dir).glob("*.yaml"))


def profile_path(name: str, profiles_dir: Path = PROFILE_DIR) -> Path:
    path = Path(profiles_dir) / f"{name}.yaml"
    if not path.is_file():
        raise ParamError(
            "profile",
            f"no profile named {name!r} in {profiles_dir}",
            f"choose one of: {', '.join(available(profiles_dir))}",
        )
    return path


def _yaml() -> YAML:
    y = YAML()  # round-trip: comments, key order, flow style and quoting survive
    y.preserve_quotes = True
    y.width = 4096
    y.indent(mapping=2, sequence=4, offset=2)
    y.representer.add_representer(
        type(None), lambda r, _: r.represent_scalar("tag:yaml.org,2002:null", "null")
    )
    return y


def _load(path: Path) -> CommentedMap:
    try:
        data = _yaml().load(path.read_text(encoding="utf-8"))
    except MarkedYAMLError as e:
        where = f" at line {e.problem_mark.line + 1}" if e.problem_mark is not None else ""
        raise InputError(path, f"not valid YAML{where}: {e.problem}") from None
    if not isinstance(data, CommentedMap):
        raise InputError(path, "must be a YAML mapping of sections")
    return data


def _tag(value: Any) -> str | None:
    tag = getattr(value, "tag", None)
    return getattr(tag, "value", None) if tag is not None else None


def _untagged(value: Any) -> Any:
    """`value` without its `!override` tag (a plain copy: ruamel keeps the tag on the node)."""
    value = copy.deepcopy(value)
    if _tag(value) == OVERRIDE:
        value.yaml_set_ctag(Tag())
    return value


# ruamel keeps a key's end-of-line comment, and the comment lines below it up to the next key, in one
# token (ca.items[key][2]). An overlay's comment replaces the first line; the lines below stay the base's.
def _first_line(node: CommentedBase, key: Any) -> str | None:
    entry = node.ca.items.get(key)
    token = entry[2] if entry and len(entry) > 2 else None
    if token is None or not token.value.startswith("#"):
        return None
    return token.value.split("\n", 1)[0]


def _set_first_line(node: CommentedMap, key: Any, line: str, like: CommentedMap) -> None:
    entry = node.ca.items.get(key)
    token = entry[2] if entry and len(entry) > 2 else None
    if token is None:  # no comment in the base: take the overlay's token (its column) with one line
        node.ca.items[key] = entry = copy.deepcopy(like.ca.items[key])
        entry[2].value = line + "\n"
        return
    rest = token.value.split("\n", 1)[1] if "\n" in token.value else ""
    token.value = f"{line}\n{rest}"
    token.column = like.ca.items[key][2].column


def _strip_comments(value: Any) -> None:
    """Drop an overridden value's comment lines below its entries (the overlay's next section's)."""
    if isinstance(value, CommentedBase):
        for entry in value.ca.items.values():
            if entry and len(entry) > 2 and entry[2] is not None:
                entry[2].value = entry[2].value.split("\n", 1)[0] + "\n"
        for child in value.values() if isinstance(value, dict) else value:
            _strip_comments(child)


def _merge(base: CommentedMap, over: CommentedMap, path: Path, prefix: str = "") -> None:
    for key, value in over.items():
        dotted = f"{prefix}{key}"
        tag = _tag(value)
        if tag not in (None, OVERRIDE, RESET):
            raise InputError(path, f"{dotted}: unknown tag {tag}", f"use {OVERRIDE} or {RESET}")
        if tag == RESET:
            base.pop(key, None)
            continue
        if tag is None and key not in base:
            raise InputError(
                path,
                f"{dotted} is not in {BASE}.yaml",
                f"a typo? add it to profiles/{BASE}.yaml, or mark its mapping {OVERRIDE}",
            )
        if tag is None and isinstance(value, dict) and isinstance(base[key], dict):
            _merge(base[key], value, path, f"{dotted}.")
        else:
            new = _untagged(value)
            _strip_comments(new)
            base[key] = new
        if (line := _first_line(over, key)) is not None:
            _set_first_line(base, key, line, over)


def render(name: str, profiles_dir: Path = PROFILE_DIR) -> str:
    """The params.yaml text of profile `name`: the base's text, or the base with the overlay merged in
    (the base's comments kept, the overlay's where it has one; its header first)."""
    base_path = profile_path(BASE, profiles_dir)
    if name == BASE:
        return base_path.read_text(encoding="utf-8")
    path = profile_path(name, profiles_dir)
    base, over = _load(base_path), _load(path)
    _merge(base, over, path)
    buf = io.StringIO()
    _yaml().dump(base, buf)
    body = buf.getvalue().splitlines(keepends=True)
    while body and body[0].startswith("#"):  # the base's header describes the base
        body.pop(0)
    header = []
    for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
        if not line.startswith("#") or line.strip() == "#":
            break
        header.append(line)
    header.append(
        f"# Written by `leia profile use {name}`: profiles/{BASE}.yaml with profiles/{name}.yaml over it.\n"
    )
    return "".join(header + body)


def resolve(name: str, profiles_dir: Path = PROFILE_DIR) -> dict[str, Any]:
    """Profile `name` as params: exactly what `leia profile use` writes to params.yaml."""
    data = yaml.safe_load(render(name, profiles_dir))
    if not isinstance(data, dict):
        raise InputError(profile_path(name, profiles_dir), "must be a YAML mapping of sections")
    return data
