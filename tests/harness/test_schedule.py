"""The longest tests start first under ``--dist loadgroup`` (tfharness.schedule), and the list
of known-long tests names only tests that exist."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tfharness.paths import REPO_ROOT
from tfharness.schedule import KNOWN_LONG, base_nodeid


def _pytest(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_every_known_long_test_exists() -> None:
    """A renamed or removed test must leave KNOWN_LONG too (else its cost is silently lost)."""
    files = sorted({nodeid.split("::", 1)[0] for nodeid in KNOWN_LONG})
    run = _pytest(
        ["--collect-only", "-q", "-m", "not mutation_sweep", *files],
        REPO_ROOT,
        {**os.environ, "PYTHONPATH": os.pathsep.join(["scripts", "lambda_src"])},
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    collected = {base_nodeid(line.strip()) for line in run.stdout.splitlines() if "::" in line}
    gone = sorted(set(KNOWN_LONG) - collected)
    listed = "\n  ".join(gone)
    assert not gone, f"KNOWN_LONG (tfharness/schedule.py) names tests not collected:\n  {listed}"


ORDERED_TESTS = """
import os

import pytest


def _started(name):
    with open(os.environ["ORDER_OUT"], "a") as out:
        out.write(f"{os.environ['PYTEST_XDIST_WORKER']} {name}\\n")


@pytest.mark.parametrize("case", range(6))
def test_short(case):
    _started(f"short{case}")


@pytest.mark.parametrize(
    "case", [pytest.param(i, marks=pytest.mark.xdist_group("big")) for i in range(3)]
)
def test_grouped(case):
    _started(f"grouped{case}")


@pytest.mark.e2e
def test_long_apply():
    _started("e2e")
"""


def test_long_tests_start_first_and_groups_are_not_moved_ahead(tmp_path: Path) -> None:
    (tmp_path / "test_ordered.py").write_text(ORDERED_TESTS)
    (tmp_path / "pytest.ini").write_text("[pytest]\nmarkers =\n  e2e: apply test\n")
    order = tmp_path / "order.txt"
    env = {**os.environ, "ORDER_OUT": str(order), "PYTHONPATH": str(REPO_ROOT / "scripts")}
    run = _pytest(
        [
            "-q",
            "-p",
            "tfharness.xdist_groups",
            "-p",
            "tfharness.schedule",
            "-n",
            "2",
            "--dist",
            "loadgroup",
            str(tmp_path),
        ],
        tmp_path,
        env,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    first_on_worker: dict[str, str] = {}
    lines = order.read_text().splitlines()
    for line in lines:
        worker, name = line.split()
        first_on_worker.setdefault(worker, name)
    assert len(lines) == 10, lines
    # The e2e test is the first unit handed out: the first test of its worker.
    assert "e2e" in first_on_worker.values(), lines
    # Without the plugin, xdist moves the 3-test group ahead of everything.
    assert not any(name.startswith("grouped") for name in first_on_worker.values()), lines
