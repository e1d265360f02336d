"""Every example with a flows table: each flow, checked on the example's plan as a packet filter.

``tests/modules/<module>/<example>.flows.yaml`` declares where the nodes sit and which flows
the example's route tables, NACLs and security groups must allow or deny (see
``tfharness.reachability``). Each flow is its own test, so a broken rule fails a named flow.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest
from tfharness import reachability
from tfharness.examples import discover
from tfharness.paths import MODULES_DIR

TABLES = {
    (module, example): reachability.load_flows(path)
    for module, example, path in reachability.discover()
}
CASES = [(key, flow) for key, table in TABLES.items() for flow in table.flows]


@cache
def _model(
    module: str, example: str, plan_of: Any
) -> tuple[reachability.Network, dict[str, reachability.Node]]:
    plan = plan_of(MODULES_DIR / module / "examples" / example).raw
    network = reachability.Network(plan)
    return network, reachability.build_nodes(network, TABLES[(module, example)].nodes)


def test_every_flows_table_belongs_to_an_example() -> None:
    examples = {(e.module, e.name) for e in discover()}
    orphans = sorted(f"{m}/{e}" for m, e in TABLES if (m, e) not in examples)
    assert not orphans, f"flows tables without an example: {orphans}"


@pytest.mark.plan
@pytest.mark.parametrize(
    ("key", "flow"), CASES, ids=[f"{m}/{e}:{flow.id}" for (m, e), flow in CASES]
)
def test_flow(key: tuple[str, str], flow: reachability.Flow, plan_of) -> None:
    network, nodes = _model(*key, plan_of)
    problem = reachability.check_flow(network, nodes, flow)
    assert problem is None, problem + (f"\n  why this flow matters: {flow.why}" if flow.why else "")
