"""Benchmarks of the harness itself (measured, never asserted in tests)."""

from __future__ import annotations

import statistics
import subprocess
import time
from pathlib import Path

from tfharness.emulator import Emulator
from tfharness.plan import summarise
from tfharness.terraform import Terraform, working_copy
from tfharness.toolchain import ensure_toolchain

TARGET_RATIO = 1.10


def _raw_plan(workdir: Path, env: dict[str, str], terraform: str) -> float:
    start = time.perf_counter()
    subprocess.run(
        [terraform, "plan", "-input=false", "-no-color", "-lock=false"],
        cwd=workdir,
        env=env,
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start


def _raw_plan_and_show(workdir: Path, env: dict[str, str], terraform: str) -> float:
    """What any tool must run to get plan JSON: ``plan -out`` then ``show -json``."""
    start = time.perf_counter()
    for args in (
        ["plan", "-input=false", "-no-color", "-lock=false", "-out=raw.tfplan"],
        ["show", "-json", "raw.tfplan"],
    ):
        subprocess.run([terraform, *args], cwd=workdir, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def _harness_plan(tf: Terraform, workdir: Path) -> float:
    start = time.perf_counter()
    summarise(tf.plan_json(), str(workdir))
    return time.perf_counter() - start


def bench_harness(example: Path, runs: int = 5) -> int:
    """Median harness plan (plan -out, show -json, summary) vs raw ``terraform plan``.

    All run in the same initialised directory against the same emulator, interleaved so
    that machine load affects each alike. A second baseline, raw ``plan -out`` + ``show
    -json``, isolates the harness's own overhead: ``show -json`` starts the provider again
    to load its schema, which no wrapper around Terraform can avoid.
    """
    toolchain = ensure_toolchain()
    with Emulator() as emulator, working_copy(example) as workdir:
        tf = Terraform(workdir, toolchain, env=emulator.process_env())
        tf.init()
        env = {**emulator.process_env(), **toolchain.env()}
        _raw_plan(workdir, env, str(toolchain.terraform))  # warm file caches for both
        raw, raw_json, harness = [], [], []
        for _ in range(runs):
            raw.append(_raw_plan(workdir, env, str(toolchain.terraform)))
            raw_json.append(_raw_plan_and_show(workdir, env, str(toolchain.terraform)))
            harness.append(_harness_plan(tf, workdir))
    raw_median, harness_median = statistics.median(raw), statistics.median(harness)
    json_median = statistics.median(raw_json)
    ratio = harness_median / raw_median
    print(f"example            {example}")
    print(f"runs               {runs} each, interleaved")
    print(f"raw terraform plan median {raw_median:.2f}s  (min {min(raw):.2f}, max {max(raw):.2f})")
    spread = f"(min {min(harness):.2f}, max {max(harness):.2f})"
    print(f"harness plan       median {harness_median:.2f}s  {spread}")
    print(f"raw plan -out + show -json median {json_median:.2f}s")
    verdict = "within" if ratio <= TARGET_RATIO else "ABOVE"
    print(
        f"ratio harness/raw plan            {ratio:.2f}  ({verdict} the {TARGET_RATIO:.2f} target)"
    )
    print(
        f"ratio harness/raw plan+show -json {harness_median / json_median:.2f}  (harness overhead)"
    )
    return 0
