"""Fixtures for the live tree: units, their session-cached plans, a copy of the tree to break.

Plans run with the emulator switch unset: they are what `terragrunt plan` would plan on AWS
(with mock outputs for dependencies, since nothing is applied). Each unit is planned once per
session, by whichever worker asks first (see ``tfharness.session``).
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from tfharness import live
from tfharness.emulator import Emulator
from tfharness.live import Unit
from tfharness.paths import REPO_ROOT
from tfharness.session import CachedPlan, cached_plan, plan_key
from tfharness.stack import StackRunner
from tfharness.toolchain import Toolchain

UNITS = live.units()
UNIT_IDS = [u.rel for u in UNITS]


def unit_plan_key(unit: Unit) -> str:
    return plan_key(unit.path, {live.EMULATOR_SWITCH: None})


@pytest.fixture(scope="session")
def live_runner(toolchain: Toolchain, plan_emulator: Emulator) -> StackRunner:
    """Plans units on this worker's emulator as `terragrunt plan` would on AWS."""
    return StackRunner(
        toolchain, plan_emulator, live.emulator_env(False, {}), workers=1, progress=None
    )


@pytest.fixture(scope="session")
def unit_plan_file(live_runner: StackRunner) -> Callable[[Unit], CachedPlan]:
    """``unit_plan_file(unit)``: the unit's plan as stored for the session (or its error)."""

    def compute(unit: Unit) -> dict[str, Any]:
        plan = live_runner.plan_unit(unit).plan
        assert plan is not None
        return plan

    def get(unit: Unit) -> CachedPlan:
        return cached_plan(unit_plan_key(unit), lambda: compute(unit))

    return get


@pytest.fixture(scope="session")
def unit_plan(unit_plan_file: Callable[[Unit], CachedPlan]) -> Callable[[Unit], dict[str, Any]]:
    """``unit_plan(unit)``: the unit's plan JSON (raises RuntimeError if the plan failed)."""
    return lambda unit: unit_plan_file(unit).load()


def copy_tree(target: Path) -> Path:
    """The root config, live/ and modules/ copied into a fresh git repository at ``target``."""
    ignore = shutil.ignore_patterns(".*", "__pycache__")
    shutil.copy2(REPO_ROOT / "terragrunt.hcl", target / "terragrunt.hcl")
    shutil.copytree(REPO_ROOT / "live", target / "live", ignore=ignore)
    shutil.copytree(REPO_ROOT / "modules", target / "modules", ignore=ignore)
    subprocess.run(["git", "init", "-q", str(target)], check=True)
    return target


@pytest.fixture
def tree_copy(tmp_path: Path) -> Path:
    """A private copy of the tree for tests that break it on purpose."""
    return copy_tree(tmp_path)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
