"""``--dist loadgroup`` really keeps an ``xdist_group`` on one worker (tfharness.xdist_groups).

The mutation tests rely on it: one worker plans all of a module's mutants and scans them in one
checkov run. Without the plugin, pytest 9 drops xdist's group tag and the tests scatter.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

from tfharness.paths import REPO_ROOT

GROUPED_TESTS = """
import os
from pathlib import Path

import pytest

CASES = [pytest.param(i, marks=pytest.mark.xdist_group(f"g{i % 2}")) for i in range(8)]


@pytest.mark.parametrize("case", CASES)
def test_case(case):
    out = Path(os.environ["GROUPS_OUT"]) / f"{case}"
    out.write_text(os.environ["PYTEST_XDIST_WORKER"])
"""


def test_each_group_runs_on_one_worker(tmp_path: Path) -> None:
    (tmp_path / "test_grouped.py").write_text(GROUPED_TESTS)
    out = tmp_path / "out"
    out.mkdir()
    env = {
        **os.environ,
        "GROUPS_OUT": str(out),
        "PYTHONPATH": str(REPO_ROOT / "scripts"),
    }
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "tfharness.xdist_groups",
            "-n",
            "4",
            "--dist",
            "loadgroup",
            str(tmp_path),
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    workers: dict[int, set[str]] = defaultdict(set)
    for path in out.iterdir():
        workers[int(path.name) % 2].add(path.read_text())
    assert len(list(out.iterdir())) == 8
    assert all(len(w) == 1 for w in workers.values()), f"groups ran on {dict(workers)}"
