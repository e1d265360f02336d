"""Remove a security control from a copy of the modules and prove a named test catches it.

The mutations live next to each module's inventories (``tests/modules/<module>/
mutations.yaml``); each names the detectors that must flag it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from tfharness import inventory, mutation
from tfharness.examples import Example
from tfharness.paths import MODULES_DIR
from tfharness.plan import summarise
from tfharness.runner import plan_root
from tfharness.scan import bare_skips, scan_plans
from tfharness.terraform import TerraformError

MUTATIONS = mutation.discover()


def _original_refuses(m: mutation.Mutation, toolchain, emulator) -> bool:
    """Whether the unmutated example refuses ``m.example_vars`` (a plan error)."""
    try:
        plan_root(
            MODULES_DIR / m.module / "examples" / m.example, toolchain, emulator, m.example_vars
        )
    except TerraformError:
        return True
    return False


def _detect(  # noqa: PLR0911 - one early return per detector kind reads best here
    detector: str,
    mutant: Path,
    m: mutation.Mutation,
    plan: dict | None,
    error: str | None,
    *,
    toolchain,
    emulator,
) -> str | None:
    """None when ``detector`` flags the mutant, else why it did not."""
    if detector == "accepts-bad-input":
        if error is not None:
            return f"the mutant still refuses {m.example_vars}"
        if not _original_refuses(m, toolchain, emulator):
            return f"the original module accepts {m.example_vars} too (not a bad input)"
        return None
    if detector.startswith("plan-error"):
        expected = detector.partition(":")[2]
        if error is None:
            return "the mutant still plans"
        return None if expected in error else f"plan failed without {expected!r}"
    if error is not None:
        return f"the mutant does not plan: {error[-500:]}"
    assert plan is not None
    if detector == "inventory":
        original = Example(m.module, m.example, Path())
        problems = inventory.check(summarise(plan), inventory.load(original.inventory_path))
        return None if problems else "the inventory still matches"
    if detector == "source-lint":
        return None if bare_skips([mutant / "modules" / m.module]) else "no bare skip found"
    plan_file = mutant / "plan.json"
    plan_file.write_text(json.dumps(plan))
    result = scan_plans({m.test_id: plan_file}, enrichment_root=mutant / "modules")
    if detector == "scan":
        return None if result.violations() else "the scan is still clean"
    check_id = detector.partition(":")[2]
    failed = {f.check_id for f in result.by_status("failed")}
    return None if check_id in failed else f"checkov did not fail {check_id}"


@pytest.mark.plan
@pytest.mark.scan
@pytest.mark.parametrize("m", MUTATIONS, ids=[m.test_id for m in MUTATIONS])
def test_removed_control_is_caught(m: mutation.Mutation, toolchain, plan_emulator) -> None:
    mutant = mutation.mutant_tree(m)
    try:
        example = mutant / "modules" / m.module / "examples" / m.example
        plan, error = None, None
        try:
            plan = plan_root(example, toolchain, plan_emulator, m.example_vars or None)
        except TerraformError as failure:
            error = failure.output
        missed = {
            d: why
            for d in m.caught_by
            if (
                why := _detect(
                    d, mutant, m, plan, error, toolchain=toolchain, emulator=plan_emulator
                )
            )
        }
        assert not missed, f"mutation {m.test_id} escaped: {missed}"
    finally:
        shutil.rmtree(mutant, ignore_errors=True)
