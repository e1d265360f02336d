"""modules/security-groups: each group admits only the previous hop and reaches only the next."""

from __future__ import annotations

import json
from typing import Any

import pytest
from tfharness.badinput import BadInput
from tfharness.plan import PlanSummary, summarise
from tfharness.reachability import Plan

M = "module.under_test"
BASE = {"name": "unit", "vpc_id": "vpc-0123456789abcdef0"}
CIDRS = {
    "alb_ingress_cloudfront": False,
    "alb_ingress_cidrs": ["203.0.113.0/24"],
    "alb_http_redirect": True,
    "app_egress_to_s3": False,
    "app_https_egress_cidrs": [],
}

pytestmark = pytest.mark.plan

_PLANS: dict[str, PlanSummary] = {}


def _plan(plan_call, inputs: dict[str, Any]) -> PlanSummary:
    key = json.dumps(inputs, sort_keys=True)
    if key not in _PLANS:
        _PLANS[key] = summarise(plan_call("security-groups", {**BASE, **inputs}))
    return _PLANS[key]


def _short(address: str) -> str:
    """``module.under_test.aws_security_group.endpoints[0]`` → ``endpoints``."""
    if not address.startswith(M):
        return address
    return address.removeprefix(f"{M}.").split(".", 1)[1].removesuffix("[0]")


def _edges(summary: PlanSummary) -> set[tuple[str, str, str, int]]:
    """(group, direction, peer, port) of every rule; peers are groups, CIDRs or prefix lists."""
    plan = Plan(summary.raw)
    edges = set()
    for rule_type, direction in (
        ("aws_vpc_security_group_ingress_rule", "in"),
        ("aws_vpc_security_group_egress_rule", "out"),
    ):
        for address, values in summary.of_type(rule_type).items():
            group = _short(plan.resolve_one(address, "security_group_id"))
            if values.get("cidr_ipv4"):
                peer = values["cidr_ipv4"]
            elif plan.is_set(address, "referenced_security_group_id"):
                peer = _short(plan.resolve_one(address, "referenced_security_group_id"))
            else:
                peer = (
                    "prefix-list:" + plan.resolve_one(address, "prefix_list_id").rsplit(".", 1)[1]
                )
            assert values["from_port"] == values["to_port"], f"{address} spans ports"
            assert values["ip_protocol"] == "tcp", f"{address} is not TCP"
            edges.add((group, direction, peer, values["from_port"]))
    return edges


def test_the_chain_admits_only_the_previous_hop_and_reaches_only_the_next(plan_call) -> None:
    assert _edges(_plan(plan_call, {})) == {
        ("alb", "in", "prefix-list:cloudfront[0]", 443),
        ("alb", "out", "app", 8080),
        ("app", "in", "alb", 8080),
        ("app", "out", "proxy", 5432),
        ("app", "out", "cache", 6379),
        ("app", "out", "endpoints", 443),
        ("app", "out", "prefix-list:s3[0]", 443),
        ("app", "out", "0.0.0.0/0", 443),
        ("proxy", "in", "app", 5432),
        ("proxy", "in", "rotation", 5432),
        ("proxy", "out", "db", 5432),
        ("db", "in", "proxy", 5432),
        ("db", "in", "rotation", 5432),
        ("cache", "in", "app", 6379),
        ("endpoints", "in", "app", 443),
        ("endpoints", "in", "rotation", 443),
        ("rotation", "out", "db", 5432),
        ("rotation", "out", "proxy", 5432),
        ("rotation", "out", "endpoints", 443),
    }


def test_cidr_sources_http_redirect_and_no_egress_beyond_the_vpc(plan_call) -> None:
    edges = _edges(_plan(plan_call, CIDRS))
    assert ("alb", "in", "203.0.113.0/24", 443) in edges
    assert ("alb", "in", "203.0.113.0/24", 80) in edges
    assert not [e for e in edges if e[2].startswith("prefix-list:")]
    assert not [e for e in edges if e[1] == "out" and "/" in e[2]], "no egress to any CIDR"


def test_http_is_never_admitted_without_the_redirect(plan_call) -> None:
    edges = _edges(_plan(plan_call, {}))
    assert not [e for e in edges if e[3] == 80]


def test_groups_that_only_answer_have_no_egress(plan_call) -> None:
    edges = _edges(_plan(plan_call, {}))
    for group in ("db", "cache", "endpoints"):
        assert not [e for e in edges if e[0] == group and e[1] == "out"], group
    assert not [e for e in edges if e[0] == "rotation" and e[1] == "in"]


def test_an_existing_endpoints_group_carries_the_chains_rules(plan_call) -> None:
    """The network tier's endpoint group (created before the chain) gets the chain's 443
    rules, and no endpoints group of the chain's own is created."""
    given = "sg-0123456789abcdef9"
    summary = _plan(plan_call, {"endpoints_security_group_id": given})
    names = {v["name"] for v in summary.of_type("aws_security_group").values()}
    assert "unit-endpoints" not in names
    assert f"{M}.aws_security_group.endpoints[0]" not in summary.values
    rules = {
        address.rsplit(".", 1)[1]: values
        for rule_type in (
            "aws_vpc_security_group_ingress_rule",
            "aws_vpc_security_group_egress_rule",
        )
        for address, values in summary.of_type(rule_type).items()
    }
    assert rules["endpoints_from_app"]["security_group_id"] == given
    assert rules["endpoints_from_rotation"]["security_group_id"] == given
    assert rules["app_to_endpoints"]["referenced_security_group_id"] == given
    assert rules["rotation_to_endpoints"]["referenced_security_group_id"] == given


def test_ports_follow_the_inputs(plan_call) -> None:
    edges = _edges(_plan(plan_call, {"app_port": 8443, "database_port": 3306, "cache_port": 6380}))
    assert ("app", "in", "alb", 8443) in edges
    assert ("db", "in", "proxy", 3306) in edges
    assert ("cache", "in", "app", 6380) in edges


def test_every_group_and_rule_is_described(plan_call) -> None:
    summary = _plan(plan_call, {})
    for resource_type in (
        "aws_security_group",
        "aws_vpc_security_group_ingress_rule",
        "aws_vpc_security_group_egress_rule",
    ):
        for address, values in summary.of_type(resource_type).items():
            assert values["description"].strip(), address


# --- bad input ------------------------------------------------------------------------------------

BAD_INPUTS = [
    BadInput(
        "no-load-balancer-source",
        {"alb_ingress_cloudfront": False},
        "alb_ingress_cloudfront",
        "alb_ingress_cloudfront can be false only when alb_ingress_cidrs lists at least one CIDR",
        BASE,
    ),
    BadInput(
        "bad-alb-cidr",
        {"alb_ingress_cidrs": ["203.0.113.7"]},
        "alb_ingress_cidrs",
        "written as their network address",
        BASE,
    ),
    BadInput(
        "bad-egress-cidr",
        {"app_https_egress_cidrs": ["10.0.0.1/8"]},
        "app_https_egress_cidrs",
        "written as their network address",
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
        "database-port-huge", {"database_port": 65536}, "database_port", "between 1 and 65535", BASE
    ),
    BadInput("cache-port-fraction", {"cache_port": 6379.5}, "cache_port", "whole number", BASE),
    BadInput("bad-vpc-id", {"vpc_id": "vpc-XYZ"}, "vpc_id", "vpc_id must be a VPC id", BASE),
    BadInput("bad-name", {"name": "UNIT"}, "name", "name must be 2-32 characters", BASE),
    BadInput(
        "bad-endpoints-group",
        {"endpoints_security_group_id": "endpoints"},
        "endpoints_security_group_id",
        "endpoints_security_group_id must be a security group id",
        BASE,
    ),
]


@pytest.mark.parametrize("case", BAD_INPUTS, ids=[c.id for c in BAD_INPUTS])
def test_bad_input_is_rejected_with_the_rule(bad_input, case: BadInput) -> None:
    bad_input("security-groups", BAD_INPUTS, case)
