"""tfharness.reachability on small hand-built plans: resolution, NACL/SG/route semantics."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from tfharness import reachability as r

ANY = "0.0.0.0/0"


@dataclass
class Res:
    address: str
    values: dict[str, Any]
    refs: dict[str, list[str]] = field(default_factory=dict)
    unknown: tuple[str, ...] = ()


def _module_node(tree: dict[str, Any], prefix: str) -> dict[str, Any]:
    node = tree
    for name in [p for p in prefix.split(".") if p and p != "module"]:
        node = node.setdefault("module_calls", {}).setdefault(
            name, {"expressions": {}, "module": {}}
        )
        node = node["module"]
    return node


def build_plan(
    resources: list[Res],
    inputs: dict[str, dict[str, list[str]]] | None = None,
    outputs: dict[str, dict[str, list[str]]] | None = None,
) -> dict[str, Any]:
    """A plan JSON with ``resources``; ``inputs``/``outputs`` wire module calls by prefix."""
    planned: dict[str, Any] = {"resources": []}
    config: dict[str, Any] = {}
    changes = []
    seen: set[tuple[str, str]] = set()
    for res in resources:
        prefix, base, key = r.split_address(res.address)
        resource_type = base.split(".")[-2]
        mode = "data" if base.startswith("data.") else "managed"
        entry = {"address": res.address, "mode": mode, "type": resource_type, "values": res.values}
        if key is not None:
            entry["index"] = key
        planned["resources"].append(entry)
        changes.append(
            {"address": res.address, "change": {"after_unknown": dict.fromkeys(res.unknown, True)}}
        )
        node = _module_node(config, prefix)
        if (prefix, base) not in seen:
            seen.add((prefix, base))
            node.setdefault("resources", []).append(
                {
                    "address": base,
                    "mode": mode,
                    "type": resource_type,
                    "expressions": {a: {"references": refs} for a, refs in res.refs.items()},
                }
            )
    for prefix, values in (inputs or {}).items():
        parent, _, name = prefix.rstrip(".").rpartition("module.")
        call = _module_node(config, parent)["module_calls"][name.strip(".")]
        call["expressions"].update({k: {"references": v} for k, v in values.items()})
    for prefix, values in (outputs or {}).items():
        node = _module_node(config, prefix)
        node["outputs"] = {k: {"expression": {"references": v}} for k, v in values.items()}
    return {
        "planned_values": {"root_module": planned},
        "resource_changes": changes,
        "configuration": {"root_module": config},
    }


def three_tier(*, data_default_route: bool = False, extra: list[Res] | None = None) -> list[Res]:
    """Two AZs (a, b): public/app/data subnets, IGW, one NAT, tier route tables, no NACLs."""
    res = [
        Res("aws_vpc.this", {"cidr_block": "10.0.0.0/16"}),
        Res("aws_internet_gateway.this", {}),
        Res('aws_nat_gateway.this["a"]', {}, {"subnet_id": ["aws_subnet.public", "each.key"]}),
        Res("aws_route_table.public", {}),
        Res(
            "aws_route.public_internet",
            {"destination_cidr_block": ANY},
            {
                "route_table_id": ["aws_route_table.public"],
                "gateway_id": ["aws_internet_gateway.this.id", "aws_internet_gateway.this"],
            },
            ("gateway_id",),
        ),
    ]
    for tier, third in (("public", 0), ("app", 10), ("data", 20)):
        for index, az in enumerate("ab"):
            res.append(
                Res(
                    f'aws_subnet.{tier}["{az}"]',
                    {
                        "cidr_block": f"10.0.{third + index}.0/24",
                        "availability_zone": f"us-east-1{az}",
                    },
                )
            )
            table = "aws_route_table.public" if tier == "public" else f"aws_route_table.{tier}"
            res.append(
                Res(
                    f'aws_route_table_association.{tier}["{az}"]',
                    {},
                    {
                        "subnet_id": [f"aws_subnet.{tier}", "each.key"],
                        "route_table_id": [table, "each.key"],
                    },
                )
            )
            if tier != "public":
                res.append(Res(f'aws_route_table.{tier}["{az}"]', {}))
                if tier == "app" or data_default_route:
                    res.append(
                        Res(
                            f'aws_route.{tier}_nat["{az}"]',
                            {"destination_cidr_block": ANY},
                            {
                                "route_table_id": [f"aws_route_table.{tier}", "each.key"],
                                "nat_gateway_id": [
                                    "aws_nat_gateway.this",
                                    "local.single",
                                    "each.key",
                                ],
                            },
                            ("nat_gateway_id",),
                        )
                    )
    return res + (extra or [])


def nacl(
    name: str, subnets: str, ingress: list[tuple[Any, ...]], egress: list[tuple[Any, ...]]
) -> Res:
    """(rule_no, action, protocol, cidr, from, to) rules on the subnets of one tier."""

    def rules(entries: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
        return [
            {
                "rule_no": n,
                "action": a,
                "protocol": p,
                "cidr_block": c,
                "from_port": f,
                "to_port": t,
            }
            for n, a, p, c, f, t in entries
        ]

    return Res(
        f"aws_network_acl.{name}",
        {"ingress": rules(ingress), "egress": rules(egress)},
        {"subnet_ids": ["var.unused", subnets]},
    )


def node(network: r.Network, name: str, subnet: str | None = None, **spec: Any) -> r.Node:
    return r.build_nodes(network, {name: {"subnet": subnet, **spec} if subnet else spec})[name]


# --- NACL semantics ---------------------------------------------------------------------------


def _acl(*rules: tuple[int, bool, str, str, int, int]) -> r.Nacl:
    entries = tuple(
        r.NaclRule(n, allow, proto, ipaddress.IPv4Network(cidr), (low, high))
        for n, allow, proto, cidr, low, high in rules
    )
    return r.Nacl("acl", entries, ())


def test_nacl_rules_apply_in_rule_number_order() -> None:
    peer = ipaddress.IPv4Address("198.51.100.7")
    deny_first = _acl((200, True, "tcp", ANY, 0, 65535), (100, False, "tcp", ANY, 22, 22))
    assert deny_first.blocked("ingress", "tcp", peer, (22, 22)) == (22, 22)
    assert deny_first.blocked("ingress", "tcp", peer, (80, 80)) is None
    allow_first = _acl((100, True, "tcp", ANY, 0, 65535), (200, False, "tcp", ANY, 22, 22))
    assert allow_first.blocked("ingress", "tcp", peer, (22, 22)) is None


def test_nacl_return_traffic_must_pass_on_every_ephemeral_port() -> None:
    peer = ipaddress.IPv4Address("10.0.1.5")
    partial = _acl((100, True, "tcp", "10.0.1.0/24", 1024, 30000))
    assert partial.blocked("ingress", "tcp", peer, (1024, 65535)) == (30001, 65535)
    split = _acl(
        (100, True, "tcp", "10.0.1.0/24", 1024, 30000), (110, True, "tcp", ANY, 30001, 65535)
    )
    assert split.blocked("ingress", "tcp", peer, (1024, 65535)) is None


def test_nacl_matches_protocol_and_peer() -> None:
    peer = ipaddress.IPv4Address("10.0.2.5")
    acl = _acl((100, True, "tcp", "10.0.1.0/24", 0, 65535), (110, True, "-1", "10.0.2.0/24", 0, 0))
    assert acl.blocked("ingress", "udp", peer, (53, 53)) is None  # protocol -1: every port
    assert acl.blocked("ingress", "tcp", ipaddress.IPv4Address("10.0.3.5"), (80, 80)) == (80, 80)
    assert acl.blocked("egress", "tcp", peer, (80, 80)) == (80, 80)  # implicit deny


# --- resolution ---------------------------------------------------------------------------------


def test_references_resolve_through_module_inputs_and_outputs() -> None:
    plan = r.Plan(
        build_plan(
            [
                Res('module.vpc.aws_subnet.app["a"]', {}),
                Res('module.vpc.aws_subnet.app["b"]', {}),
                Res("module.acl.aws_network_acl.app", {}, {"subnet_ids": ["var.subnet_ids"]}),
            ],
            inputs={"module.acl.": {"subnet_ids": ["module.vpc.app_subnet_ids", "module.vpc"]}},
            outputs={
                "module.vpc.": {"app_subnet_ids": ["var.availability_zones", "aws_subnet.app"]}
            },
        )
    )
    assert plan.resolve("module.acl.aws_network_acl.app", "subnet_ids") == {
        'module.vpc.aws_subnet.app["a"]',
        'module.vpc.aws_subnet.app["b"]',
    }


def test_instance_keys_resolve_by_each_key_composite_key_literal_index_or_single_instance() -> None:
    plan = r.Plan(
        build_plan(
            [
                Res('aws_route_table.app["a"]', {}),
                Res('aws_route_table.app["b"]', {}),
                Res("aws_sg.x[0]", {}),
                Res('aws_nat.only["a"]', {}),
                Res(
                    'aws_route.same["b"]',
                    {},
                    {
                        "rt": ["aws_route_table.app", "each.key"],
                        "nat": ["aws_nat.only", "each.key"],
                    },
                ),
                Res(
                    'aws_route.vpn["b|10.9.0.0/16"]',
                    {},
                    {"rt": ["aws_route_table.app", "each.value.az"]},
                ),
                Res("aws_rule.y", {}, {"sg": ["aws_sg.x[0].id", "aws_sg.x[0]", "aws_sg.x"]}),
            ]
        )
    )
    assert plan.resolve('aws_route.same["b"]', "rt") == {'aws_route_table.app["b"]'}
    assert plan.resolve('aws_route.same["b"]', "nat") == {'aws_nat.only["a"]'}
    assert plan.resolve('aws_route.vpn["b|10.9.0.0/16"]', "rt") == {'aws_route_table.app["b"]'}
    assert plan.resolve("aws_rule.y", "sg") == {"aws_sg.x[0]"}


def test_wiring_through_locals_is_refused() -> None:
    plan = r.Plan(
        build_plan(
            [
                Res('aws_route_table.app["a"]', {}),
                Res('aws_route_table.app["b"]', {}),
                Res("aws_route.x", {}, {"route_table_id": ["local.table"]}),
            ]
        )
    )
    with pytest.raises(r.ModelError, match="exactly one"):
        plan.resolve_one("aws_route.x", "route_table_id")


# --- routes, NAT, isolation ---------------------------------------------------------------------


def test_a_subnet_without_a_default_route_reaches_nothing_outside() -> None:
    network = r.Network(build_plan(three_tier()))
    db = node(network, "db", 'aws_subnet.data["a"]')
    internet = node(network, "internet", address="203.0.113.10")
    verdict = network.evaluate(db, internet, 443)
    assert not verdict.allows("route")
    assert verdict.allows("nacl")  # no NACLs in this plan: the AWS default allows all


def test_a_default_route_in_the_data_tier_is_seen() -> None:
    network = r.Network(build_plan(three_tier(data_default_route=True)))
    db = node(network, "db", 'aws_subnet.data["b"]')
    internet = node(network, "internet", address="203.0.113.10")
    assert network.evaluate(db, internet, 443).allowed


def test_inbound_from_the_internet_needs_a_public_address_and_an_igw_route() -> None:
    network = r.Network(build_plan(three_tier()))
    internet = node(network, "internet", address="203.0.113.10")
    alb = node(network, "alb", 'aws_subnet.public["a"]', public=True)
    app = node(network, "app", 'aws_subnet.app["a"]')
    assert network.evaluate(internet, alb, 443).allowed
    assert not network.evaluate(internet, app, 443).allows("route")


def test_the_nat_path_crosses_the_public_nacl_both_ways() -> None:
    public_nacl = nacl(
        "public",
        "aws_subnet.public",
        ingress=[
            (100, "allow", "tcp", "10.0.10.0/23", 443, 443),
            (110, "allow", "tcp", ANY, 1024, 65535),
        ],
        egress=[(100, "allow", "tcp", ANY, 443, 443)],  # no rule forwards replies to the app tier
    )
    network = r.Network(build_plan(three_tier(extra=[public_nacl])))
    app = node(network, "app", 'aws_subnet.app["b"]')
    internet = node(network, "internet", address="203.0.113.10")
    verdict = network.evaluate(app, internet, 443)
    assert verdict.allows("route")
    assert any("reply from NAT" in reason for reason in verdict.denials["nacl"])


def test_subnets_without_a_nacl_fall_back_to_the_managed_default_acl() -> None:
    default = Res("aws_default_network_acl.this", {"ingress": [], "egress": []})
    network = r.Network(build_plan(three_tier(extra=[default])))
    app = node(network, "app", 'aws_subnet.app["a"]')
    db = node(network, "db", 'aws_subnet.data["a"]')
    assert not network.evaluate(app, db, 5432).allows("nacl")


# --- security groups ------------------------------------------------------------------------------


def _sg_plan() -> r.Network:
    groups = [Res(f"aws_security_group.{g}", {}) for g in ("alb", "app", "db")]
    rule_values = {"ip_protocol": "tcp", "from_port": 8080, "to_port": 8080}
    rules = [
        Res(
            "aws_vpc_security_group_egress_rule.alb_to_app",
            rule_values,
            {
                "security_group_id": ["aws_security_group.alb.id"],
                "referenced_security_group_id": ["aws_security_group.app.id"],
            },
            ("referenced_security_group_id",),
        ),
        Res(
            "aws_vpc_security_group_ingress_rule.app_from_alb",
            rule_values,
            {
                "security_group_id": ["aws_security_group.app.id"],
                "referenced_security_group_id": ["aws_security_group.alb.id"],
            },
            ("referenced_security_group_id",),
        ),
        Res(
            "aws_vpc_security_group_egress_rule.app_to_s3",
            {"ip_protocol": "tcp", "from_port": 443, "to_port": 443, "prefix_list_id": "pl-s3"},
            {
                "security_group_id": ["aws_security_group.app.id"],
                "prefix_list_id": ["data.aws_ec2_managed_prefix_list.s3"],
            },
        ),
        Res("data.aws_ec2_managed_prefix_list.s3", {"id": "pl-s3"}),
    ]
    return r.Network(build_plan(three_tier(extra=groups + rules)))


def test_security_groups_admit_referenced_groups_on_their_port_only() -> None:
    network = _sg_plan()
    alb = node(network, "alb", 'aws_subnet.public["a"]', security_groups=["aws_security_group.alb"])
    app = node(network, "app", 'aws_subnet.app["a"]', security_groups=["aws_security_group.app"])
    db = node(network, "db", 'aws_subnet.data["a"]', security_groups=["aws_security_group.db"])
    assert network.evaluate(alb, app, 8080).allows("sg")
    assert not network.evaluate(alb, app, 8081).allows("sg")
    assert not network.evaluate(alb, db, 8080).allows("sg")
    assert not network.evaluate(app, alb, 8080).allows("sg")  # stateful, but not symmetric


def test_prefix_list_rules_match_members_by_id() -> None:
    network = _sg_plan()
    app = node(network, "app", 'aws_subnet.app["a"]', security_groups=["aws_security_group.app"])
    s3 = node(
        network, "s3", address="52.216.8.10", prefix_lists=["data.aws_ec2_managed_prefix_list.s3"]
    )
    other = node(network, "other", address="52.216.8.11")
    assert network.evaluate(app, s3, 443).allows("sg")
    assert not network.evaluate(app, other, 443).allows("sg")


# --- flow tables ------------------------------------------------------------------------------


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "example.flows.yaml"
    path.write_text(text)
    return path


def test_flow_ids_name_hops_port_and_expectation(tmp_path: Path) -> None:
    table = r.load_flows(
        _write(
            tmp_path,
            "nodes: {a: {address: 1.1.1.1}, b: {address: 2.2.2.2}, c: {address: 3.3.3.3}}\n"
            "flows:\n"
            "  - {from: a, to: c, via: [b], port: 5432, expect: allow}\n"
            "  - {from: a, to: c, port: 22, expect: deny, denied_by: [nacl, sg]}\n",
        )
    )
    assert [f.id for f in table.flows] == ["a->b->c:5432 allowed", "a->c:22 denied"]


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("nodes: {a: {}}\nflows: [{from: a, to: z, port: 1, expect: allow}]", "undeclared node"),
        ("nodes: {a: {}}\nflows: [{from: a, to: a, port: 1, expect: deny}]", "names the layers"),
        (
            "nodes: {a: {}}\nflows: [{from: a, to: a, port: 1, expect: deny, denied_by: [waf]}]",
            "denied_by",
        ),
        ("nodes: {a: {}}\nflows: [{from: a, to: a, port: 1, expect: maybe}]", "allow or deny"),
        (
            "nodes: {a: {}}\nflows: [{from: a, to: a, port: 1, expect: allow},"
            " {from: a, to: a, port: 1, expect: allow}]",
            "duplicate",
        ),
        ("nodes: {}\nextra: 1", "unknown key"),
    ],
    ids=[
        "undeclared-node",
        "deny-without-layers",
        "unknown-layer",
        "bad-expect",
        "duplicate",
        "unknown-key",
    ],
)
def test_malformed_flow_tables_are_rejected(tmp_path: Path, text: str, error: str) -> None:
    with pytest.raises(r.FlowSpecError, match=error):
        r.load_flows(_write(tmp_path, text))


def test_a_denied_flow_fails_when_a_named_layer_lets_it_through() -> None:
    network = r.Network(build_plan(three_tier(data_default_route=True)))
    nodes = r.build_nodes(
        network, {"db": {"subnet": 'aws_subnet.data["a"]'}, "internet": {"address": "203.0.113.10"}}
    )
    flow = r.Flow("db", "internet", 443, "deny", ("route",))
    problem = r.check_flow(network, nodes, flow)
    assert problem is not None
    assert "db->internet:443 denied is expected to be denied by route" in problem


def test_nodes_must_sit_in_planned_subnets_and_groups() -> None:
    network = r.Network(build_plan(three_tier()))
    with pytest.raises(r.FlowSpecError, match="not a planned subnet"):
        r.build_nodes(network, {"x": {"subnet": 'aws_subnet.app["z"]'}})
    with pytest.raises(r.FlowSpecError, match="not a planned security group"):
        r.build_nodes(
            network,
            {
                "x": {
                    "subnet": 'aws_subnet.app["a"]',
                    "security_groups": ["aws_security_group.nope"],
                }
            },
        )
    with pytest.raises(r.FlowSpecError, match="inside the VPC"):
        r.build_nodes(network, {"x": {"address": "10.0.1.9"}})
