"""Benchmark: `make plan-all` and `make demo` on this machine.

Times (wall and the CPU of Terraform and its providers) of:

* plan-all: every unit of both environments in both regions, planned in dependency order
  with the stack runner's worker pool (target <= 10 min on 2 cores);
* the demo: apply of the whole dev/us-east-1 stack on a fresh emulator (target <= 5 min),
  its second plan, and the destroy.

    python scripts/bench/live.py                 # both
    python scripts/bench/live.py --only plan-all --workers 3
    python scripts/bench/live.py --json bench.json

The machine's load average is printed with each figure: Terraform's CPU time is the
comparable number when other work shares the cores.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
if str(REPO / "scripts") not in sys.path:
    sys.path.insert(0, str(REPO / "scripts"))

from tfharness import live  # noqa: E402
from tfharness.emulator import Emulator  # noqa: E402
from tfharness.stack import StackRunner, default_workers  # noqa: E402
from tfharness.stack_order import failures  # noqa: E402
from tfharness.toolchain import ensure_toolchain  # noqa: E402


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(name: str, run: Callable[[], dict[Any, Any]]) -> dict[str, Any]:
    load_before = os.getloadavg()[0]
    cpu, start = _children_cpu(), time.monotonic()
    results = run()
    figure = {
        "name": name,
        "units": len(results),
        "failed": [r.unit.rel for r in failures(results)],
        "wall_s": round(time.monotonic() - start, 1),
        "terraform_cpu_s": round(_children_cpu() - cpu, 1),
        "load_avg_1m": [round(load_before, 1), round(os.getloadavg()[0], 1)],
    }
    print(json.dumps(figure), flush=True)
    return figure


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=("plan-all", "demo"))
    parser.add_argument("--workers", type=int, default=default_workers())
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--quiet", action="store_true", help="no per-unit progress")
    args = parser.parse_args(argv)
    toolchain = ensure_toolchain()
    progress = None if args.quiet else print
    figures = []
    print(f"{os.cpu_count()} cores, {args.workers} workers", flush=True)
    if args.only in (None, "plan-all"):
        units = sorted({u for env, region in live.stacks() for u in live.stack(env, region)})
        with Emulator() as emulator:
            runner = StackRunner(
                toolchain, emulator, live.emulator_env(False), args.workers, progress=progress
            )
            runner.plan_json = False  # as `make plan-all` (counts only; scan-all keeps JSON)
            figures.append(measure("plan-all", lambda: runner.run(units, "plan")))
    if args.only in (None, "demo"):
        units = live.stack("dev", "us-east-1")
        with Emulator() as emulator:
            runner = StackRunner(
                toolchain, emulator, live.emulator_env(True), args.workers, progress=progress
            )
            figures.append(measure("demo apply", lambda: runner.run(units, "apply")))
            figures.append(measure("demo second plan", lambda: runner.run(units, "replan")))
            figures.append(
                measure("demo destroy", lambda: runner.run(units, "destroy", reverse=True))
            )
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n")
    return 1 if any(f["failed"] for f in figures) else 0


if __name__ == "__main__":
    sys.exit(main())
