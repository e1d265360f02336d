"""Differential check against the real `terragrunt render --json` (skipped without the binary)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from tfharness.terragrunt import (
    build_graph,
    real_render_json,
    render_json,
    render_unit,
    terragrunt_binary,
)

from .conftest import FIXTURES

FIXTURE_UNITS = sorted(
    unit
    for tree in sorted(FIXTURES.iterdir())
    if tree.is_dir()
    for unit in build_graph(str(tree), env={}).units
)


def test_fixture_units_found() -> None:
    assert len(FIXTURE_UNITS) >= 3


@pytest.mark.skipif(
    terragrunt_binary() is None, reason="terragrunt binary not on PATH (cannot be installed here)"
)
@pytest.mark.parametrize("unit", FIXTURE_UNITS, ids=lambda u: str(Path(u).relative_to(FIXTURES)))
def test_render_matches_real_terragrunt(unit: str) -> None:
    env = {k: os.environ[k] for k in ("PATH", "HOME") if k in os.environ}
    real = real_render_json(unit, env=env)
    ours = json.loads(render_json(render_unit(unit, command="render", env={})))
    assert ours == real
