"""Training methods: `ft`, `leia` and the ablations, resolved to one augmentation configuration."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from leia.contract import STRATEGIES
from leia.errors import ParamError
from leia.params import get_bool, get_choice, get_float

_ABLATION = re.compile(r"^leia-(left|right|replace)-(0\.0|0\.5)$")
KNOWN = "ft, leia, leia-namemask, leia-{left|right|replace}-{0.0|0.5}"


@dataclass(frozen=True)
class Method:
    """What the augmentation does for one run; strategy 'none' means no insertion (ft)."""

    name: str
    strategy: str
    p_skip: float
    mask_name_loss: bool

    @property
    def inserts(self) -> bool:
        return self.strategy != "none" and self.p_skip < 1.0


def resolve(name: str, params: dict[str, Any]) -> Method:
    """Map a method name to its configuration; the top-level keys are validated even for ft."""
    strategy = get_choice(params, "strategy", STRATEGIES)
    p_skip = get_float(params, "p_skip", min=0.0, max=1.0)
    mask = get_bool(params, "mask_name_loss")
    if name == "ft":
        return Method(name, "none", 1.0, False)
    if name == "leia":
        return Method(name, strategy, p_skip, mask)
    if name == "leia-namemask":
        return Method(name, strategy, p_skip, True)
    m = _ABLATION.match(name)
    if m:
        return Method(name, m.group(1), float(m.group(2)), mask)
    raise ParamError("methods", f"unknown method {name!r}", f"known: {KNOWN}")


def method_specs(params: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each configured method's resolved configuration. The train stage depends on its own method's
    file instead of the top-level strategy/p_skip/mask_name_loss, so that `dvc exp run -S strategy=left`
    retrains the LEIA runs and leaves the FT runs (whose spec does not change) alone."""
    from dataclasses import asdict

    from leia.params import get_list

    return {name: asdict(resolve(name, params)) for name in get_list(params, "methods")}


def write_methods(params: dict[str, Any], out: Path = Path("data/methods")) -> dict[str, dict[str, Any]]:
    """The methods operation (stage `methods`, `leia methods`): one {method}.json per configured method."""
    from leia.io import atomic_path, write_json

    specs = method_specs(params)
    with atomic_path(out, is_dir=True) as tmp:
        for name, spec in specs.items():
            write_json(tmp / f"{name}.json", spec)
    for name, spec in specs.items():
        print(f"{name}: {spec}")
    return specs
