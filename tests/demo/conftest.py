"""A small demo world shared by the tests (generated once per session)."""

from __future__ import annotations

import pytest

from demo.helpers import make
from leia.demo.world import WorldSummary


@pytest.fixture(scope="session")
def world(tmp_path_factory: pytest.TempPathFactory) -> WorldSummary:
    return make(tmp_path_factory.mktemp("demo") / "mirror")
