"""Every module example: plan matches its inventory, the plan scans clean, apply works.

Examples are discovered from ``modules/*/examples/*``; adding one adds its tests.
"""

from __future__ import annotations

import pytest
from tfharness import e2e, inventory
from tfharness.examples import Example, discover
from tfharness.paths import relative
from tfharness.runner import session_scan_plans

EXAMPLES = discover()


def regenerate_hint(example: Example) -> str:
    return (
        "To regenerate inventory run: "
        f"python -m tfharness inventory {relative(example.path)} --save"
    )


@pytest.mark.plan
@pytest.mark.parametrize("example", EXAMPLES, ids=[e.id for e in EXAMPLES])
def test_plan_matches_inventory(example: Example, plan_of) -> None:
    if not example.inventory_path.is_file():
        pytest.fail(
            f"{example.id} has no inventory at {relative(example.inventory_path)}.\n"
            + regenerate_hint(example),
            pytrace=False,
        )
    summary = plan_of(example.path)
    problems = inventory.check(summary, inventory.load(example.inventory_path))
    if problems:
        lines = "\n  ".join(str(p) for p in problems)
        pytest.fail(
            f"{relative(example.inventory_path)} does not match the plan of {example.id}:\n"
            f"  {lines}\n{regenerate_hint(example)}",
            pytrace=False,
        )


@pytest.mark.plan
@pytest.mark.scan
@pytest.mark.parametrize("example", EXAMPLES, ids=[e.id for e in EXAMPLES])
def test_plan_scans_clean(example: Example, plan_of, toolchain, plan_emulator) -> None:
    plan_of(example.path)  # a failed plan is reported here, not as "no findings"
    result = session_scan_plans(EXAMPLES, toolchain, plan_emulator).for_module(example.id)
    problems = result.violations()
    assert not problems, f"checkov on the plan of {example.id}:\n  " + "\n  ".join(problems)


@pytest.mark.e2e
@pytest.mark.slow
@pytest.mark.parametrize("example", EXAMPLES, ids=[e.id for e in EXAMPLES])
def test_apply_replan_destroy(example: Example, toolchain, fresh_emulator) -> None:
    result = e2e.run(example.path, toolchain, example.e2e_spec(), fresh_emulator)
    problems = result.problems()
    assert not problems, f"{example.id} on the embedded AWS:\n  " + "\n  ".join(problems)
