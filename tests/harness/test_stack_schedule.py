"""The stack runner's scheduling: dependency order, critical path first, skips after failures.

The graph is the shape of the dev stack's apply: a long chain (kms → logs → vpc → db →
rotation) next to leaf units whose names sort first. With alphabetical dispatch the leaves
took the workers while the chain waited; the chain's head must start first.
"""

from __future__ import annotations

import threading
from itertools import pairwise
from pathlib import Path

from tfharness.live import Unit
from tfharness.stack_order import UnitResult, critical_path_order, run_in_dependency_order

LIVE = Path("/live")


def unit(name: str) -> Unit:
    return Unit(LIVE / "dev" / "us-east-1" / name, LIVE)


CHAIN = ["kms", "logs", "vpc", "db", "rotation"]
LEAVES = ["alarm-topic", "backup", "cognito"]


def stack() -> dict[Unit, set[Unit]]:
    needs = {unit(n): set() for n in CHAIN + LEAVES}
    for before, after in pairwise(CHAIN):
        needs[unit(after)].add(unit(before))
    needs[unit("cognito")].add(unit("kms"))
    return needs


def test_longest_chain_first_then_most_waiting() -> None:
    order = [u.name for u in critical_path_order(stack())]
    # kms heads the 5-unit chain; units that end a chain tie and go by name.
    assert order == ["kms", "logs", "vpc", "db", "alarm-topic", "backup", "cognito", "rotation"]


def test_more_waiting_units_break_a_tie_in_chain_length() -> None:
    needs = {unit(n): set() for n in ("a", "b", "c", "d")}
    needs[unit("c")].add(unit("b"))
    needs[unit("d")].add(unit("b"))
    needs[unit("c")].add(unit("a"))
    assert [u.name for u in critical_path_order(needs)][:2] == ["b", "a"]


def test_one_worker_runs_in_priority_order_and_respects_dependencies() -> None:
    ran: list[str] = []
    needs = stack()

    def work(u: Unit) -> UnitResult:
        assert all(n.name in ran for n in needs[u]), f"{u.name} started before its needs"
        ran.append(u.name)
        return UnitResult(u, "apply", "ok")

    results = run_in_dependency_order(needs, work, 1, action="apply", keep_going=False)
    assert ran[:2] == ["kms", "logs"], ran  # not alarm-topic, the first name
    assert sorted(ran) == sorted(CHAIN + LEAVES)
    assert all(r.ok for r in results.values())


def test_never_more_running_than_workers() -> None:
    lock, running, peak = threading.Lock(), [0], [0]
    release = threading.Event()

    def work(u: Unit) -> UnitResult:
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        release.wait(0.05)
        with lock:
            running[0] -= 1
        return UnitResult(u, "plan", "ok")

    run_in_dependency_order(stack(), work, 2, action="plan", keep_going=True)
    assert peak[0] == 2


def test_units_after_a_failure_are_skipped_unless_keep_going() -> None:
    def work(u: Unit) -> UnitResult:
        return UnitResult(u, "apply", "failed" if u.name == "vpc" else "ok")

    results = {
        u.name: r
        for u, r in run_in_dependency_order(
            stack(), work, 2, action="apply", keep_going=False
        ).items()
    }
    assert results["vpc"].status == "failed"
    assert results["db"].status == "skipped" and "vpc" in results["db"].detail
    assert results["rotation"].status == "skipped"
    assert results["cognito"].status == "ok"
    kept = run_in_dependency_order(stack(), work, 2, action="plan", keep_going=True)
    assert {u.name: r.status for u, r in kept.items()}["rotation"] == "ok"
