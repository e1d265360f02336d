"""modules/nacl: rules generated from tier CIDRs and ports, attachment, quota, bad input."""

from __future__ import annotations

import ipaddress
import json
from typing import Any

import pytest
from tfharness.badinput import BadInput
from tfharness.paths import MODULES_DIR
from tfharness.plan import PlanSummary, summarise
from tfharness.reachability import Plan

M = "module.under_test"
PUBLIC = ["10.0.0.0/24", "10.0.1.0/24"]
APP = ["10.0.10.0/24", "10.0.11.0/24"]
DATA = ["10.0.20.0/24", "10.0.21.0/24"]
BASE = {
    "name": "unit",
    "vpc_id": "vpc-0123456789abcdef0",
    "public_subnet_ids": ["subnet-0000000000000000a", "subnet-0000000000000000b"],
    "app_subnet_ids": ["subnet-0000000000000001a", "subnet-0000000000000001b"],
    "data_subnet_ids": ["subnet-0000000000000002a", "subnet-0000000000000002b"],
    "public_subnet_cidrs": PUBLIC,
    "app_subnet_cidrs": APP,
    "data_subnet_cidrs": DATA,
}
CORPORATE = {
    "http_redirect": True,
    "corporate_cidrs": ["10.200.0.0/16"],
    "corporate_to_data_ports": [5432],
    "app_to_corporate_ports": [443, 2575],
    "nat_egress_ports": [443, 8443],
}
ANY = "0.0.0.0/0"

pytestmark = pytest.mark.plan

_PLANS: dict[str, PlanSummary] = {}


def _plan(plan_call, inputs: dict[str, Any]) -> PlanSummary:
    key = json.dumps(inputs, sort_keys=True)
    if key not in _PLANS:
        _PLANS[key] = summarise(plan_call("nacl", {**BASE, **inputs}))
    return _PLANS[key]


def _rules(summary: PlanSummary, tier: str, direction: str) -> list[tuple[Any, ...]]:
    """(action, protocol, cidr, from, to) in rule-number order."""
    entries = summary.resource(f"{M}.aws_network_acl.{tier}")[direction]
    return [
        (e["action"], e["protocol"], e["cidr_block"], e["from_port"], e["to_port"])
        for e in sorted(entries, key=lambda e: e["rule_no"])
    ]


def test_public_tier_admits_https_nat_traffic_and_replies_only(plan_call) -> None:
    summary = _plan(plan_call, {})
    assert _rules(summary, "public", "ingress") == [
        ("allow", "tcp", ANY, 443, 443),
        *[("allow", "tcp", cidr, 443, 443) for cidr in APP],
        ("allow", "tcp", ANY, 1024, 65535),
    ]
    assert _rules(summary, "public", "egress") == [
        *[("allow", "tcp", cidr, 8080, 8080) for cidr in APP],
        ("allow", "tcp", ANY, 443, 443),
        ("allow", "tcp", ANY, 1024, 65535),
    ]


def test_http_is_admitted_only_for_the_redirect(plan_call) -> None:
    without = _rules(_plan(plan_call, {}), "public", "ingress")
    assert not [r for r in without if r[3] == 80]
    with_redirect = _rules(_plan(plan_call, CORPORATE), "public", "ingress")
    assert ("allow", "tcp", ANY, 80, 80) in with_redirect


def test_app_tier_takes_the_app_port_from_the_public_tier_and_nothing_else(plan_call) -> None:
    rules = _rules(_plan(plan_call, {}), "app", "ingress")
    allows = [r for r in rules if r[0] == "allow" and r[2] in PUBLIC]
    assert allows == [("allow", "tcp", cidr, 8080, 8080) for cidr in PUBLIC]
    first_deny = rules.index(("deny", "-1", PUBLIC[0], 0, 0))
    reply = rules.index(("allow", "tcp", ANY, 1024, 65535))
    assert first_deny < reply, "the deny must come before the reply rule it narrows"
    assert rules[first_deny + 1] == ("deny", "-1", PUBLIC[1], 0, 0)


def test_data_tier_admits_only_database_and_cache_ports_from_app_and_data(plan_call) -> None:
    summary = _plan(plan_call, {})
    app_and_data = {ipaddress.ip_network(c) for c in APP + DATA}
    for action, protocol, cidr, low, high in _rules(summary, "data", "ingress"):
        assert action == "allow" and protocol == "tcp"
        assert ipaddress.ip_network(cidr) in app_and_data
        assert (low, high) in {(5432, 5432), (6379, 6379)} or (
            cidr in DATA and (low, high) == (1024, 65535)
        )
    for action, _, cidr, low, high in _rules(summary, "data", "egress"):
        assert action == "allow"
        assert ipaddress.ip_network(cidr) in app_and_data, (
            "data answers only the app and data tiers"
        )
        assert (low, high) == (1024, 65535) or (cidr in DATA and low in (5432, 6379))


def test_corporate_rules_appear_only_for_the_ports_given(plan_call) -> None:
    summary = _plan(plan_call, CORPORATE)
    corporate = "10.200.0.0/16"
    assert ("allow", "tcp", corporate, 5432, 5432) in _rules(summary, "data", "ingress")
    assert ("allow", "tcp", corporate, 1024, 65535) in _rules(summary, "data", "egress")
    app_egress = _rules(summary, "app", "egress")
    assert ("allow", "tcp", corporate, 2575, 2575) in app_egress
    assert ("allow", "tcp", ANY, 8443, 8443) in app_egress
    assert not [r for r in _rules(summary, "app", "ingress") if r[2] == corporate]
    assert not [r for r in _rules(_plan(plan_call, {}), "data", "ingress") if r[2] == corporate]


def test_rule_counts_stay_within_the_default_quota(plan_call) -> None:
    summary = _plan(plan_call, {})
    counts = {
        tier: {
            d: len(summary.resource(f"{M}.aws_network_acl.{tier}")[d])
            for d in ("ingress", "egress")
        }
        for tier in ("public", "app", "data")
    }
    assert counts == {
        "public": {"ingress": 4, "egress": 4},
        "app": {"ingress": 7, "egress": 9},
        "data": {"ingress": 10, "egress": 8},
    }


def test_each_tier_nacl_is_attached_to_exactly_its_tier(plan_of) -> None:
    """Why CKV2_AWS_1 is skipped: checkov cannot follow subnet_ids through module inputs."""
    for example in ("vpc/examples/non-production", "nacl/examples/three-tier"):
        plan = Plan(plan_of(MODULES_DIR / example).raw)
        for tier in ("public", "app", "data"):
            subnets = plan.resolve(f"module.nacl.aws_network_acl.{tier}", "subnet_ids")
            expected = {
                a
                for a in plan.of_type("aws_subnet")
                if a.startswith(f"module.vpc.aws_subnet.{tier}[")
            }
            assert subnets == expected and len(expected) == 2, (example, tier)


# --- bad input ------------------------------------------------------------------------------------

BAD_INPUTS = [
    BadInput("bad-vpc-id", {"vpc_id": "main"}, "vpc_id", "vpc_id must be a VPC id", BASE),
    BadInput(
        "no-data-subnets",
        {"data_subnet_ids": []},
        "data_subnet_ids",
        "must list at least one subnet id",
        BASE,
    ),
    BadInput(
        "bad-app-cidr",
        {"app_subnet_cidrs": ["10.0.10.1/24"]},
        "app_subnet_cidrs",
        "written as its network address",
        BASE,
    ),
    BadInput(
        "app-port-0",
        {"app_port": 0},
        "app_port",
        "app_port must be a whole number between 1 and 65535",
        BASE,
    ),
    BadInput(
        "database-port-huge",
        {"database_ports": [70000]},
        "database_ports",
        "between 1 and 65535",
        BASE,
    ),
    BadInput(
        "no-database-port",
        {"database_ports": []},
        "database_ports",
        "at least one whole port number",
        BASE,
    ),
    BadInput(
        "cache-port-fraction", {"cache_ports": [6379.5]}, "cache_ports", "whole port numbers", BASE
    ),
    BadInput(
        "nat-port-0",
        {"nat_egress_ports": [0]},
        "nat_egress_ports",
        "whole port numbers between 1 and 65535",
        BASE,
    ),
    BadInput(
        "corporate-anywhere",
        {"corporate_cidrs": ["0.0.0.0/0"]},
        "corporate_cidrs",
        "never 0.0.0.0/0",
        BASE,
    ),
    BadInput(
        "corporate-port",
        {"corporate_to_app_ports": [-1]},
        "corporate_to_app_ports",
        "between 1 and 65535",
        BASE,
    ),
    BadInput(
        "corporate-data-port",
        {"corporate_to_data_ports": [99999]},
        "corporate_to_data_ports",
        "between 1 and 65535",
        BASE,
    ),
    BadInput(
        "app-corporate-port",
        {"app_to_corporate_ports": [0]},
        "app_to_corporate_ports",
        "between 1 and 65535",
        BASE,
    ),
    BadInput(
        "ephemeral-well-known",
        {"ephemeral_ports": {"from": 80, "to": 65535}},
        "ephemeral_ports",
        "well-known ports below 1024 are never return traffic",
        BASE,
    ),
    BadInput(
        "quota-above-aws-max",
        {"max_rules_per_direction": 41},
        "max_rules_per_direction",
        "between 1 and 40",
        BASE,
    ),
    BadInput(
        "ingress-cidr",
        {"public_ingress_cidrs": []},
        "public_ingress_cidrs",
        "at least one IPv4 CIDR",
        BASE,
    ),
    BadInput("bad-name", {"name": "-x"}, "name", "name must be 2-32 characters", BASE),
    # The data NACL of BASE needs 10 inbound rules: a quota of 9 must refuse the plan.
    BadInput(
        "rules-beyond-quota",
        {"max_rules_per_direction": 9},
        "max_rules_per_direction",
        "The data NACL needs 10 inbound",
        BASE,
    ),
]


@pytest.mark.parametrize("case", BAD_INPUTS, ids=[c.id for c in BAD_INPUTS])
def test_bad_input_is_rejected_with_the_rule(bad_input, case: BadInput) -> None:
    bad_input("nacl", BAD_INPUTS, case)
