"""Remove a security control from a copy of the modules and prove a named test catches it.

The mutations live next to each module's inventories (``tests/modules/<module>/
mutations.yaml``); each names the detectors that must flag it.

checkov's start-up costs as much as scanning a dozen plans, so a module's mutants are checked
together: one worker (an xdist group per module) plans every mutant of the module, then runs
one checkov over all their plans and keeps each test's verdict. Skip comments are read from
each mutant's own copy (the harness follows every plan address to its block there). A mutant
is scanned on its own when a graph check must catch it: checkov's graph joins resources
across the plans of one run, and the mutants share addresses, so another mutant's flow log
would count for this one's VPC.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from tfharness import inventory, mutation, reachability
from tfharness.examples import Example
from tfharness.paths import CACHE_DIR, MODULES_DIR
from tfharness.plan import summarise
from tfharness.runner import plan_root
from tfharness.scan import ScanResult, bare_skips, scan_plans
from tfharness.terraform import TerraformError

MUTATIONS = mutation.discover()
SCAN_DETECTORS = ("checkov:", "scan")


@dataclass
class _Mutant:
    """One mutation's planned copy of ``modules/`` and what its detectors found so far."""

    m: mutation.Mutation
    tree: Path | None = None
    example: Path | None = None  # the planned root inside ``tree``
    plan: dict | None = None
    error: str | None = None
    missed: dict[str, str] = field(default_factory=dict)

    @property
    def needs_scan(self) -> bool:
        return self.error is None and any(d.startswith(SCAN_DETECTORS) for d in self.m.caught_by)

    @property
    def needs_own_scan(self) -> bool:
        """Scanned alone: graph checks (anything but single-resource ``CKV_AWS_*``) would
        join resources across the plans of one run, which share addresses."""
        return any(
            d.startswith("checkov:") and not d.startswith("checkov:CKV_AWS_")
            for d in self.m.caught_by
        )


def _original_refuses(m: mutation.Mutation, toolchain, emulator) -> bool:
    """Whether the unmutated example refuses ``m.example_vars`` (a plan error)."""
    try:
        plan_root(
            MODULES_DIR / m.module / "examples" / m.example, toolchain, emulator, m.example_vars
        )
    except TerraformError:
        return True
    return False


def _detect_without_scan(  # noqa: PLR0911 - one early return per detector kind reads best here
    detector: str, mutant: _Mutant, *, toolchain, emulator
) -> str | None:
    """None when ``detector`` (any but checkov/scan) flags the mutant, else why it did not."""
    m, plan, error = mutant.m, mutant.plan, mutant.error
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
    assert plan is not None and mutant.tree is not None
    if detector == "inventory":
        original = Example(m.module, m.example, Path())
        problems = inventory.check(summarise(plan), inventory.load(original.inventory_path))
        return None if problems else "the inventory still matches"
    if detector.startswith("reachability"):
        return _reachability(detector.partition(":")[2], m, plan)
    if detector == "source-lint":
        return None if bare_skips([mutant.tree / "modules" / m.module]) else "no bare skip found"
    raise AssertionError(f"{detector} is a scan detector")


def _detect_in_scan(detector: str, result: ScanResult) -> str | None:
    """None when the mutant's own scan ``result`` flags ``detector``, else why it did not."""
    if detector == "scan":
        return None if result.violations() else "the scan is still clean"
    check_id = detector.partition(":")[2]
    failed = {f.check_id for f in result.by_status("failed")}
    return None if check_id in failed else f"checkov did not fail {check_id}"


def _reachability(flow_id: str, m: mutation.Mutation, plan: dict) -> str | None:
    table = reachability.load_flows(reachability.flows_path(m.module, m.example))
    if flow_id and flow_id not in {f.id for f in table.flows}:
        return f"{m.module}/{m.example} has no flow {flow_id!r}"
    try:
        failures = reachability.check_table(plan, table)
    except reachability.ModelError as error:
        return None if not flow_id else f"the mutant's network cannot be modelled: {error}"
    if flow_id:
        return None if flow_id in failures else f"flow {flow_id!r} still holds"
    return None if failures else "every flow still holds"


def _plan_mutant(m: mutation.Mutation, toolchain, emulator) -> _Mutant:
    mutant = _Mutant(m)
    try:
        mutant.tree = mutation.mutant_tree(m)
    except mutation.MutationSpecError as error:
        mutant.missed["spec"] = str(error)
        return mutant
    mutant.example = mutant.tree / "modules" / m.module / "examples" / m.example
    try:
        mutant.plan = plan_root(mutant.example, toolchain, emulator, m.example_vars or None)
    except TerraformError as failure:
        mutant.error = failure.output
    except BaseException:
        shutil.rmtree(mutant.tree, ignore_errors=True)  # the caller never sees this mutant
        raise
    for detector in m.caught_by:
        if not detector.startswith(SCAN_DETECTORS):
            why = _detect_without_scan(detector, mutant, toolchain=toolchain, emulator=emulator)
        elif mutant.error is not None:
            why = f"the mutant does not plan: {mutant.error[-500:]}"
        else:
            continue  # decided by the module's scan
        if why:
            mutant.missed[detector] = why
    return mutant


def _scan_mutants(mutants: list[_Mutant], workdir: Path) -> None:
    """One checkov run for every mutant but those a graph check must catch (one run each)."""
    shared: dict[str, Path] = {}
    runs: list[dict[str, Path]] = []
    roots: dict[str, Path] = {}
    for mutant in mutants:
        if not mutant.needs_scan:
            continue
        assert mutant.tree is not None
        plan_file = workdir / f"{mutant.m.id}.json"
        plan_file.write_text(json.dumps(mutant.plan))
        roots[mutant.m.test_id] = (
            mutant.tree / "modules" / mutant.m.module / "examples" / (mutant.m.example)
        )
        if mutant.needs_own_scan:
            runs.append({mutant.m.test_id: plan_file})
        else:
            shared[mutant.m.test_id] = plan_file
    if shared:
        runs.append(shared)
    results = ScanResult()
    for plans in runs:
        found = scan_plans(plans, {owner: roots[owner] for owner in plans})
        results.findings += found.findings
        results.parsing_errors += found.parsing_errors
    for mutant in filter(lambda mutant: mutant.needs_scan, mutants):
        own = results.for_module(mutant.m.test_id)
        for detector in mutant.m.caught_by:
            if detector.startswith(SCAN_DETECTORS) and (why := _detect_in_scan(detector, own)):
                mutant.missed[detector] = why


_VERDICTS: dict[str, dict[str, str]] = {}


def test_every_module_with_mutations_has_a_sentinel() -> None:
    """``make test`` runs the sentinels only: a module without one would have no mutation in CI."""
    modules = {m.module for m in MUTATIONS}
    guarded = {m.module for m in MUTATIONS if m.sentinel}
    assert modules - guarded == set(), "mark a mutation `sentinel: true` in each of these"


def _selected(session: pytest.Session) -> set[str]:
    """Test ids of the mutations this session runs (after ``-k``/``-m`` deselection)."""
    return {
        item.callspec.params["m"].test_id
        for item in session.items
        if isinstance(item, pytest.Function)
        and item.originalname == "test_removed_control_is_caught"
        and hasattr(item, "callspec")
    }


def _verdicts(m: mutation.Mutation, selected: set[str], toolchain, emulator) -> dict[str, str]:
    """{detector: why it missed} for ``m``; the first call plans every selected mutation of
    its module and scans them together."""
    if m.test_id not in _VERDICTS:
        batch = [
            other
            for other in MUTATIONS
            if other.module == m.module
            and other.test_id not in _VERDICTS
            and (other.test_id in selected or other == m)
        ]
        base = CACHE_DIR / "mutants"
        base.mkdir(parents=True, exist_ok=True)
        workdir = Path(tempfile.mkdtemp(prefix=f"{m.module}-plans-", dir=base))
        mutants: list[_Mutant] = []
        try:  # every mutant's tree goes, even when a later plan or the scan raises
            for other in batch:
                mutants.append(_plan_mutant(other, toolchain, emulator))
            _scan_mutants(mutants, workdir)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
            for mutant in mutants:
                if mutant.tree is not None:
                    shutil.rmtree(mutant.tree, ignore_errors=True)
        _VERDICTS.update({mutant.m.test_id: mutant.missed for mutant in mutants})
    return _VERDICTS[m.test_id]


@pytest.mark.plan
@pytest.mark.scan
@pytest.mark.parametrize(
    "m",
    [
        pytest.param(
            m,
            marks=[pytest.mark.xdist_group(f"mutations-{m.module}")]
            + ([] if m.sentinel else [pytest.mark.mutation_sweep]),
        )
        for m in MUTATIONS
    ],
    ids=[m.test_id for m in MUTATIONS],
)
def test_removed_control_is_caught(
    m: mutation.Mutation, request: pytest.FixtureRequest, toolchain, plan_emulator
) -> None:
    missed = _verdicts(m, _selected(request.session), toolchain, plan_emulator)
    assert not missed, f"mutation {m.test_id} escaped: {missed}"
