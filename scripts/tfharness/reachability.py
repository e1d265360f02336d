"""Reachability: a plan's route tables, NACLs and security groups evaluated as a packet filter.

A *flow* ("app -> db:5432") is checked layer by layer against what a plan would create:

* **route**: the source subnet's route table must have a path to the target (inside the VPC
  the local route always does; outside it, the longest matching route decides whether the
  packet goes to the internet gateway, a NAT gateway, the VPN gateway, a gateway endpoint or
  nowhere), and the reply must have one back.
* **nacl** (stateless, rule-number order, implicit deny): the request must leave the source
  subnet's NACL and enter the target's, and the reply must leave the target's and enter the
  source's on *every* port of the client's ephemeral range. Traffic within one subnet never
  crosses a NACL. A path through a NAT gateway crosses the NAT's subnet NACL too.
* **sg** (stateful): the source's groups must allow the request out and the target's groups
  must allow it in, by CIDR, referenced group or prefix list. Replies need no rule.

Security groups, subnets and route tables are unknown ids at plan time, so the model is wired
by *configuration references* (the plan's ``configuration`` section), followed through module
inputs and outputs: ``security_group_id = aws_security_group.db.id`` in a module called with
``vpc_id = module.vpc.vpc_id`` resolves to the planned instance address. A reference without
a literal index resolves to the referring instance's own key (``each.key``), to a key that
prefixes the referrer's as ``<key>|...`` (composite for_each keys), or to every instance.
References through ``local`` values cannot be followed (plan JSON does not record locals), so
modules must wire these attributes directly; the model refuses to guess and raises
:class:`ModelError` instead.

Flows and the nodes they connect are declared per example in
``tests/modules/<module>/<example>.flows.yaml`` (see :func:`load_flows`).
"""

from __future__ import annotations

import ipaddress
import itertools
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tfharness.paths import TESTS_DIR

LAYERS = ("route", "nacl", "sg")
DEFAULT_EPHEMERAL = (1024, 65535)
NAT_EPHEMERAL = (1024, 65535)  # AWS: NAT gateways use source ports 1024-65535
ANY_PORT = (0, 65535)
_PROTOCOLS = {"-1": "-1", "all": "-1", "6": "tcp", "tcp": "tcp", "17": "udp", "udp": "udp"}

_RESOURCE_REF = re.compile(
    r'^(?P<base>(?:data\.)?[a-z0-9_]+\.[A-Za-z0-9_-]+)(?:\[(?P<index>\d+|"[^"]*")\])?(?:\..*)?$'
)
_ADDRESS = re.compile(r"^(?P<module>(?:module\.[A-Za-z0-9_-]+(?:\[[^\]]+\])?\.)*)(?P<rest>.+)$")
_INSTANCE = re.compile(r"^(?P<base>(?:data\.)?[a-z0-9_]+\.[A-Za-z0-9_-]+)(?:\[(?P<key>.+)\])?$")


class ModelError(ValueError):
    """The plan cannot be turned into a network model (an unresolvable wiring)."""


class FlowSpecError(ValueError):
    """A flows file is malformed."""


# --- plan access and reference resolution ---------------------------------------------------


def _parse_key(raw: str | None) -> str | int | None:
    if raw is None:
        return None
    if raw.startswith('"'):
        return str(raw[1:-1])
    return int(raw)


def split_address(address: str) -> tuple[str, str, str | int | None]:
    """``module.a.aws_x.y["k"]`` -> (``module.a.``, ``aws_x.y``, ``"k"``)."""
    match = _ADDRESS.match(address)
    if not match:
        raise ModelError(f"not a resource address: {address}")
    module, rest = match.group("module"), match.group("rest")
    instance = _INSTANCE.match(rest)
    if not instance:
        raise ModelError(f"not a resource address: {address}")
    return module, instance.group("base"), _parse_key(instance.group("key"))


def _walk_modules(module: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    yield module
    for child in module.get("child_modules", []) or []:
        yield from _walk_modules(child)


class Plan:
    """Planned resource instances (and data sources read at plan time) plus their wiring."""

    def __init__(self, plan: Mapping[str, Any]) -> None:
        self.raw = plan
        self.values: dict[str, dict[str, Any]] = {}
        self.types: dict[str, str] = {}
        self.instances: dict[tuple[str, str], list[tuple[str, str | int | None]]] = {}
        roots = [plan.get("planned_values", {}).get("root_module", {})]
        roots.append(plan.get("prior_state", {}).get("values", {}).get("root_module", {}))
        for root in roots:
            for module in _walk_modules(root):
                for resource in module.get("resources", []) or []:
                    address = resource["address"]
                    if address in self.values:
                        continue
                    self.values[address] = resource.get("values") or {}
                    self.types[address] = resource["type"]
                    prefix, base, key = split_address(address)
                    self.instances.setdefault((prefix, base), []).append((address, key))
        self.unknown: dict[str, Any] = {
            rc["address"]: (rc.get("change") or {}).get("after_unknown") or {}
            for rc in plan.get("resource_changes", []) or []
        }
        self.config_root: Mapping[str, Any] = plan.get("configuration", {}).get("root_module", {})

    # configuration lookups ------------------------------------------------------------------

    def _module_config(self, prefix: str) -> Mapping[str, Any]:
        module = self.config_root
        for name in re.findall(r"module\.([A-Za-z0-9_-]+)", prefix):
            module = module.get("module_calls", {})[name]["module"]
        return module

    def _resource_config(self, prefix: str, base: str) -> Mapping[str, Any]:
        for resource in self._module_config(prefix).get("resources", []) or []:
            if resource["address"] == base:
                return dict(resource)
        raise ModelError(f"no configuration for {prefix}{base}")

    def of_type(self, resource_type: str) -> list[str]:
        return sorted(a for a, t in self.types.items() if t == resource_type)

    def configured(self, address: str, attribute: str) -> bool:
        """The configuration sets ``attribute`` to something other than an empty constant."""
        prefix, base, _ = split_address(address)
        expression = self._resource_config(prefix, base).get("expressions", {}).get(attribute)
        if expression is None:
            return False
        if isinstance(expression, Mapping) and "constant_value" in expression:
            return expression["constant_value"] not in (None, [], "")
        return True

    def is_unknown(self, address: str, attribute: str) -> bool:
        return bool(self.unknown.get(address, {}).get(attribute))

    def is_set(self, address: str, attribute: str) -> bool:
        """The attribute has a value at plan time or will have one after apply."""
        value = self.values.get(address, {}).get(attribute)
        return value not in (None, "", []) or self.is_unknown(address, attribute)

    # references -----------------------------------------------------------------------------

    def resolve(self, address: str, attribute: str) -> set[str]:
        """Instance addresses the attribute of ``address`` refers to (through modules)."""
        prefix, base, key = split_address(address)
        expression = self._resource_config(prefix, base).get("expressions", {}).get(attribute)
        return self._resolve_expression(prefix, expression, key)

    def resolve_one(self, address: str, attribute: str, resource_type: str | None = None) -> str:
        targets = self.resolve(address, attribute)
        if resource_type is not None:
            targets = {t for t in targets if self.types.get(t) == resource_type}
        if len(targets) != 1:
            raise ModelError(
                f"{address}.{attribute} resolves to {sorted(targets) or 'nothing'}; the model "
                "needs exactly one (wire it to the resource directly, not through a local)"
            )
        return next(iter(targets))

    def _resolve_expression(self, prefix: str, expression: Any, key: str | int | None) -> set[str]:
        if not isinstance(expression, Mapping):
            return set()
        references = [str(r) for r in expression.get("references", []) or []]
        indexed = {
            m.group("base") for r in references if (m := _RESOURCE_REF.match(r)) and m["index"]
        }
        targets: set[str] = set()
        for reference in references:
            head = reference.split(".", 1)[0]
            if head in ("local", "each", "count", "path", "self", "terraform"):
                continue
            if head == "var":
                targets |= self._resolve_variable(prefix, reference.split(".")[1])
            elif head == "module":
                parts = reference.split(".")
                if len(parts) >= 3:
                    targets |= self._resolve_output(prefix, parts[1], parts[2])
            else:
                match = _RESOURCE_REF.match(reference)
                if not match or (not match["index"] and match["base"] in indexed):
                    continue
                targets |= self._resolve_resource(
                    prefix, match["base"], _parse_key(match["index"]), key
                )
        return targets

    def _resolve_variable(self, prefix: str, name: str) -> set[str]:
        calls = re.findall(r"module\.([A-Za-z0-9_-]+)(?:\[[^\]]+\])?\.", prefix)
        if not calls:
            return set()  # root variables are constants from tfvars
        parent = prefix[: prefix.rindex(f"module.{calls[-1]}")]
        call = self._module_config(parent).get("module_calls", {})[calls[-1]]
        return self._resolve_expression(parent, call.get("expressions", {}).get(name), None)

    def _resolve_output(self, prefix: str, call: str, output: str) -> set[str]:
        child = f"{prefix}module.{call}."
        try:
            outputs = self._module_config(child).get("outputs", {})
        except KeyError:
            return set()
        return self._resolve_expression(child, (outputs.get(output) or {}).get("expression"), None)

    def _resolve_resource(
        self, prefix: str, base: str, index: str | int | None, key: str | int | None
    ) -> set[str]:
        instances = self.instances.get((prefix, base), [])
        if index is not None:
            return {a for a, k in instances if k == index}
        if key is not None:
            same = {a for a, k in instances if k == key}
            if same:
                return same
            if isinstance(key, str):
                prefixed = {
                    a for a, k in instances if isinstance(k, str) and key.startswith(f"{k}|")
                }
                if prefixed:
                    return prefixed
        return {a for a, _ in instances}


# --- the network model ------------------------------------------------------------------------


@dataclass(frozen=True)
class NaclRule:
    number: int
    allow: bool
    protocol: str  # "-1", "tcp", "udp", ...
    cidr: ipaddress.IPv4Network
    ports: tuple[int, int]


@dataclass(frozen=True)
class Nacl:
    address: str
    ingress: tuple[NaclRule, ...]
    egress: tuple[NaclRule, ...]

    def blocked(
        self, direction: str, protocol: str, peer: ipaddress.IPv4Address, ports: tuple[int, int]
    ) -> tuple[int, int] | None:
        """The first port range of ``ports`` this NACL drops (None: all pass)."""
        rules = self.ingress if direction == "ingress" else self.egress
        undecided = [ports]
        for rule in sorted(rules, key=lambda r: r.number):
            if rule.protocol not in ("-1", protocol) or peer not in rule.cidr:
                continue
            span = ANY_PORT if rule.protocol == "-1" else rule.ports
            remaining: list[tuple[int, int]] = []
            for low, high in undecided:
                overlap = (max(low, span[0]), min(high, span[1]))
                if overlap[0] > overlap[1]:
                    remaining.append((low, high))
                    continue
                if not rule.allow:
                    return overlap
                if low < overlap[0]:
                    remaining.append((low, overlap[0] - 1))
                if overlap[1] < high:
                    remaining.append((overlap[1] + 1, high))
            undecided = remaining
            if not undecided:
                return None
        return undecided[0] if undecided else None


ALLOW_ALL_NACL = Nacl(
    "(AWS default network ACL)",
    (NaclRule(100, True, "-1", ipaddress.IPv4Network("0.0.0.0/0"), ANY_PORT),),
    (NaclRule(100, True, "-1", ipaddress.IPv4Network("0.0.0.0/0"), ANY_PORT),),
)


@dataclass(frozen=True)
class SgRule:
    address: str
    group: str
    direction: str
    protocol: str
    ports: tuple[int, int]
    cidr: ipaddress.IPv4Network | None = None
    groups: frozenset[str] = frozenset()
    prefix_lists: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Route:
    address: str
    target_kind: str  # igw | nat | vgw | vpce | other
    target: str
    cidr: ipaddress.IPv4Network | None = None
    prefix_list: str | None = None


@dataclass(frozen=True)
class Subnet:
    address: str
    cidr: ipaddress.IPv4Network
    az: str


@dataclass(frozen=True)
class Node:
    """An endpoint of flows: inside a subnet (with groups) or outside the VPC (an address)."""

    name: str
    ip: ipaddress.IPv4Address
    subnet: str | None = None
    security_groups: frozenset[str] = frozenset()
    public: bool = False
    prefix_lists: frozenset[str] = frozenset()
    gateway_endpoint: str | None = None
    ephemeral: tuple[int, int] = DEFAULT_EPHEMERAL


@dataclass
class Verdict:
    """Why each layer drops a flow (an empty list: that layer lets it through)."""

    denials: dict[str, list[str]] = field(default_factory=lambda: {layer: [] for layer in LAYERS})

    def deny(self, layer: str, reason: str) -> None:
        self.denials[layer].append(reason)

    def allows(self, layer: str) -> bool:
        return not self.denials[layer]

    @property
    def allowed(self) -> bool:
        return all(self.allows(layer) for layer in LAYERS)

    def merge(self, other: Verdict) -> None:
        for layer in LAYERS:
            self.denials[layer] += other.denials[layer]

    def __str__(self) -> str:
        parts = []
        for layer in LAYERS:
            reasons = self.denials[layer]
            parts.append(
                f"{layer}: {'allows' if not reasons else 'denies (' + '; '.join(reasons) + ')'}"
            )
        return ", ".join(parts)


def _network(value: Any) -> ipaddress.IPv4Network:
    return ipaddress.IPv4Network(str(value), strict=False)


def _protocol(value: Any) -> str:
    text = str(value).lower()
    return _PROTOCOLS.get(text, text)


def _ports(protocol: str, low: Any, high: Any) -> tuple[int, int]:
    if protocol == "-1" or low in (None, -1):
        return ANY_PORT
    return int(low), int(high)


class Network:
    """Route tables, NACLs and security groups of one VPC, built from a plan."""

    def __init__(self, plan: Mapping[str, Any]) -> None:
        self.plan = Plan(plan)
        p = self.plan
        vpcs = p.of_type("aws_vpc")
        if len(vpcs) != 1:
            raise ModelError(f"the model handles exactly one aws_vpc; the plan has {vpcs}")
        self.vpc_cidr = _network(p.values[vpcs[0]]["cidr_block"])
        self.subnets = {
            a: Subnet(a, _network(p.values[a]["cidr_block"]), str(p.values[a]["availability_zone"]))
            for a in p.of_type("aws_subnet")
        }
        self.nat_subnets = {
            a: p.resolve_one(a, "subnet_id", "aws_subnet") for a in p.of_type("aws_nat_gateway")
        }
        self.vpn_gateways = {
            p.resolve_one(a, "vpn_gateway_id", "aws_vpn_gateway")
            for a in p.of_type("aws_vpn_connection")
        }
        self.route_tables = self._route_tables()
        self.associations = self._associations()
        self.nacls, self.subnet_nacl = self._nacls()
        self.sg_rules = self._sg_rules()
        self.prefix_list_ids = {
            a: str(p.values[a]["id"])
            for a in p.of_type("aws_ec2_managed_prefix_list") + p.of_type("aws_prefix_list")
            if p.values[a].get("id")
        }

    # building -------------------------------------------------------------------------------

    def _route_tables(self) -> dict[str, list[Route]]:
        p = self.plan
        tables: dict[str, list[Route]] = {}
        for address in p.of_type("aws_route_table") + p.of_type("aws_default_route_table"):
            if p.values[address].get("route") or p.configured(address, "route"):
                raise ModelError(f"{address}: inline routes are not modelled; use aws_route")
            tables[address] = []
        for address in p.of_type("aws_route"):
            values = p.values[address]
            table = p.resolve_one(address, "route_table_id")
            if table not in tables:
                raise ModelError(f"{address} belongs to {table}, which is not a route table")
            tables[table].append(self._route(address, values))
        for endpoint in p.of_type("aws_vpc_endpoint"):
            if p.values[endpoint].get("vpc_endpoint_type") != "Gateway":
                continue
            for table in p.resolve(endpoint, "route_table_ids"):
                tables[table].append(Route(endpoint, "vpce", endpoint, prefix_list=endpoint))
        for address in p.of_type("aws_vpc_endpoint_route_table_association"):
            endpoint = p.resolve_one(address, "vpc_endpoint_id", "aws_vpc_endpoint")
            table = p.resolve_one(address, "route_table_id")
            tables[table].append(Route(address, "vpce", endpoint, prefix_list=endpoint))
        return tables

    def _route(self, address: str, values: Mapping[str, Any]) -> Route:
        p = self.plan
        cidr = values.get("destination_cidr_block")
        prefix_list: str | None = None
        if not cidr:
            if p.is_set(address, "destination_prefix_list_id"):
                prefix_list = next(iter(p.resolve(address, "destination_prefix_list_id")), None)
                prefix_list = prefix_list or str(values.get("destination_prefix_list_id"))
            else:
                raise ModelError(f"{address}: only IPv4 and prefix-list routes are modelled")
        kind, target = "other", ""
        if p.is_set(address, "nat_gateway_id"):
            kind, target = "nat", p.resolve_one(address, "nat_gateway_id", "aws_nat_gateway")
        elif p.is_set(address, "gateway_id"):
            target = p.resolve_one(address, "gateway_id")
            kinds = {"aws_internet_gateway": "igw", "aws_vpn_gateway": "vgw"}
            kind = kinds.get(p.types[target], "other")
        elif p.is_set(address, "vpc_endpoint_id"):
            kind, target = "vpce", p.resolve_one(address, "vpc_endpoint_id")
        return Route(address, kind, target, _network(cidr) if cidr else None, prefix_list)

    def _associations(self) -> dict[str, str]:
        p = self.plan
        found: dict[str, str] = {}
        for address in p.of_type("aws_route_table_association"):
            subnet = p.resolve_one(address, "subnet_id", "aws_subnet")
            found[subnet] = p.resolve_one(address, "route_table_id")
        return found

    def _nacl_rules(self, entries: Iterable[Mapping[str, Any]]) -> tuple[NaclRule, ...]:
        rules = []
        for entry in entries:
            if not entry.get("cidr_block"):
                continue  # IPv6 rules
            protocol = _protocol(entry["protocol"])
            rules.append(
                NaclRule(
                    int(entry["rule_no"]),
                    entry["action"] == "allow",
                    protocol,
                    _network(entry["cidr_block"]),
                    _ports(protocol, entry.get("from_port"), entry.get("to_port")),
                )
            )
        return tuple(rules)

    def _nacls(self) -> tuple[dict[str, Nacl], dict[str, str]]:
        p = self.plan
        nacls: dict[str, Nacl] = {}
        subnet_nacl: dict[str, str] = {}
        extra: dict[str, dict[str, list[NaclRule]]] = {}
        for address in p.of_type("aws_network_acl_rule"):
            values = p.values[address]
            nacl = p.resolve_one(address, "network_acl_id")
            protocol = _protocol(values["protocol"])
            rule = NaclRule(
                int(values["rule_number"]),
                values["rule_action"] == "allow",
                protocol,
                _network(values["cidr_block"]),
                _ports(protocol, values.get("from_port"), values.get("to_port")),
            )
            direction = "egress" if values.get("egress") else "ingress"
            extra.setdefault(nacl, {"ingress": [], "egress": []})[direction].append(rule)
        for address in p.of_type("aws_network_acl") + p.of_type("aws_default_network_acl"):
            values = p.values[address]
            added = extra.get(address, {"ingress": [], "egress": []})
            nacls[address] = Nacl(
                address,
                self._nacl_rules(values.get("ingress") or []) + tuple(added["ingress"]),
                self._nacl_rules(values.get("egress") or []) + tuple(added["egress"]),
            )
            if p.types[address] == "aws_network_acl":
                for subnet in p.resolve(address, "subnet_ids"):
                    subnet_nacl[subnet] = address
        for address in p.of_type("aws_network_acl_association"):
            subnet = p.resolve_one(address, "subnet_id", "aws_subnet")
            subnet_nacl[subnet] = p.resolve_one(address, "network_acl_id")
        return nacls, subnet_nacl

    def _sg_rules(self) -> list[SgRule]:
        p = self.plan
        rules: list[SgRule] = []
        for rule_type, direction in (
            ("aws_vpc_security_group_ingress_rule", "ingress"),
            ("aws_vpc_security_group_egress_rule", "egress"),
        ):
            for address in p.of_type(rule_type):
                values = p.values[address]
                protocol = _protocol(values["ip_protocol"])
                peer_groups: frozenset[str] = frozenset()
                prefix_lists: set[str] = set()
                if p.is_set(address, "referenced_security_group_id"):
                    peer_groups = frozenset(p.resolve(address, "referenced_security_group_id"))
                    if not peer_groups:
                        raise ModelError(f"{address}: referenced group cannot be resolved")
                if p.is_set(address, "prefix_list_id"):
                    prefix_lists |= p.resolve(address, "prefix_list_id")
                    if values.get("prefix_list_id"):
                        prefix_lists.add(str(values["prefix_list_id"]))
                rules.append(
                    SgRule(
                        address,
                        p.resolve_one(address, "security_group_id", "aws_security_group"),
                        direction,
                        protocol,
                        _ports(protocol, values.get("from_port"), values.get("to_port")),
                        _network(values["cidr_ipv4"]) if values.get("cidr_ipv4") else None,
                        peer_groups,
                        frozenset(prefix_lists),
                    )
                )
        for group in p.of_type("aws_security_group"):
            for direction in ("ingress", "egress"):
                for entry in p.values[group].get(direction) or []:
                    if entry.get("security_groups") or p.is_unknown(group, direction):
                        raise ModelError(f"{group}: inline rules with groups are not modelled")
                    protocol = _protocol(entry["protocol"])
                    ports = _ports(protocol, entry.get("from_port"), entry.get("to_port"))
                    for cidr in entry.get("cidr_blocks") or []:
                        rules.append(
                            SgRule(group, group, direction, protocol, ports, _network(cidr))
                        )
                    if entry.get("prefix_list_ids"):
                        rules.append(
                            SgRule(
                                group,
                                group,
                                direction,
                                protocol,
                                ports,
                                prefix_lists=frozenset(entry["prefix_list_ids"]),
                            )
                        )
        return rules

    # lookups --------------------------------------------------------------------------------

    def route_table_of(self, subnet: str) -> str | None:
        """The subnet's route table (None: the VPC's unmanaged main table, local route only)."""
        if subnet in self.associations:
            return self.associations[subnet]
        defaults = self.plan.of_type("aws_default_route_table")
        return defaults[0] if defaults else None

    def nacl_of(self, subnet: str) -> Nacl:
        if subnet in self.subnet_nacl:
            return self.nacls[self.subnet_nacl[subnet]]
        defaults = self.plan.of_type("aws_default_network_acl")
        return self.nacls[defaults[0]] if defaults else ALLOW_ALL_NACL

    def route_for(self, subnet: str, node: Node) -> Route | None:
        """The route a packet from ``subnet`` to ``node`` (outside the VPC) takes, if any."""
        table = self.route_table_of(subnet)
        routes = self.route_tables.get(table, []) if table else []
        if node.gateway_endpoint:
            for route in routes:
                if route.prefix_list == node.gateway_endpoint:
                    return route
        best: Route | None = None
        for route in routes:
            if route.cidr is None or node.ip not in route.cidr:
                continue
            if best is None or (
                best.cidr is not None and route.cidr.prefixlen > best.cidr.prefixlen
            ):
                best = route
        return best

    def prefix_list_identity(self, addresses: Iterable[str]) -> set[str]:
        found = set(addresses)
        found |= {self.prefix_list_ids[a] for a in addresses if a in self.prefix_list_ids}
        return found

    # evaluation -----------------------------------------------------------------------------

    def _cross(self, verdict: Verdict, protocol: str, crossings: Iterable[Crossing]) -> None:
        """Every NACL crossing of a packet's way there and back must pass."""
        for crossing in crossings:
            nacl = self.nacl_of(crossing.subnet)
            blocked = nacl.blocked(crossing.direction, protocol, crossing.peer, crossing.ports)
            if blocked is not None:
                low, high = blocked
                span = str(low) if low == high else f"{low}-{high}"
                verdict.deny(
                    "nacl",
                    f"{crossing.what}: {nacl.address} {crossing.direction} drops "
                    f"{crossing.peer} port {span}",
                )

    def _peer_matches(self, rule: SgRule, peer: Node) -> bool:
        if rule.cidr is not None and peer.ip in rule.cidr:
            return True
        if rule.groups and rule.groups & peer.security_groups:
            return True
        if rule.prefix_lists and peer.prefix_lists:
            return bool(rule.prefix_lists & self.prefix_list_identity(peer.prefix_lists))
        return False

    def _sg_allows(
        self, groups: frozenset[str], direction: str, peer: Node, protocol: str, port: int
    ) -> bool:
        for rule in self.sg_rules:
            if rule.group not in groups or rule.direction != direction:
                continue
            if rule.protocol not in ("-1", protocol) or not rule.ports[0] <= port <= rule.ports[1]:
                continue
            if self._peer_matches(rule, peer):
                return True
        return False

    def _sg_check(
        self, verdict: Verdict, source: Node, target: Node, protocol: str, port: int
    ) -> None:
        if source.security_groups and not self._sg_allows(
            source.security_groups, "egress", target, protocol, port
        ):
            verdict.deny("sg", f"no egress rule of {source.name} admits {target.name}:{port}")
        if target.security_groups and not self._sg_allows(
            target.security_groups, "ingress", source, protocol, port
        ):
            verdict.deny("sg", f"no ingress rule of {target.name} admits {source.name}:{port}")

    def evaluate(self, source: Node, target: Node, port: int, protocol: str = "tcp") -> Verdict:
        """Each layer's verdict on a connection from ``source`` to ``target``:``port``."""
        verdict = Verdict()
        if source.subnet is not None and target.subnet is not None:
            if source.subnet != target.subnet:  # within one subnet no NACL is crossed
                self._cross(
                    verdict,
                    protocol,
                    _both_ways(source, source.subnet, target, target.subnet, port),
                )
        elif source.subnet is not None:
            self._outbound(verdict, source, source.subnet, target, port=port, protocol=protocol)
        elif target.subnet is not None:
            self._inbound(verdict, source, target, target.subnet, port=port, protocol=protocol)
        else:
            raise ModelError(f"{source.name} and {target.name} are both outside the VPC")
        self._sg_check(verdict, source, target, protocol, port)
        return verdict

    def _outbound(
        self, verdict: Verdict, source: Node, subnet: str, target: Node, *, port: int, protocol: str
    ) -> None:
        route = self.route_for(subnet, target)
        crossings = [
            Crossing(subnet, "egress", target.ip, (port, port), "request"),
            Crossing(subnet, "ingress", target.ip, source.ephemeral, "reply"),
        ]
        if route is None:
            verdict.deny("route", f"{self.route_table_of(subnet)} has no route to {target.name}")
        elif route.target_kind == "igw" and not source.public:
            verdict.deny("route", f"{source.name} has no public address for {route.target}")
        elif route.target_kind == "vgw" and route.target not in self.vpn_gateways:
            verdict.deny("route", f"{route.target} has no VPN connection")
        elif route.target_kind == "vpce" and route.prefix_list != target.gateway_endpoint:
            verdict.deny("route", f"{route.address} does not lead to {target.name}")
        elif route.target_kind == "other":
            verdict.deny("route", f"{route.address} leads to an unmodelled target")
        elif route.target_kind == "nat":
            nat_subnet = self.nat_subnets[route.target]
            onward = self.route_for(nat_subnet, target)
            if onward is None or onward.target_kind != "igw":
                verdict.deny("route", f"{route.target} has no route to the internet gateway")
            if nat_subnet != subnet:  # into the NAT gateway and the reply back out of it
                crossings += [
                    Crossing(nat_subnet, "ingress", source.ip, (port, port), "request into NAT"),
                    Crossing(nat_subnet, "egress", source.ip, source.ephemeral, "reply from NAT"),
                ]
            crossings += [
                Crossing(nat_subnet, "egress", target.ip, (port, port), "request out of NAT"),
                Crossing(nat_subnet, "ingress", target.ip, NAT_EPHEMERAL, "reply into NAT"),
            ]
        self._cross(verdict, protocol, crossings)

    def _inbound(
        self, verdict: Verdict, source: Node, target: Node, subnet: str, *, port: int, protocol: str
    ) -> None:
        route = self.route_for(subnet, source)  # the reply's way back
        if route is None:
            verdict.deny(
                "route", f"{self.route_table_of(subnet)} has no route back to {source.name}"
            )
        elif route.target_kind == "igw":
            if not target.public:
                verdict.deny("route", f"{target.name} has no public address")
        elif route.target_kind == "vgw":
            if route.target not in self.vpn_gateways:
                verdict.deny("route", f"{route.target} has no VPN connection")
        else:
            verdict.deny("route", f"{source.name} cannot open connections through {route.target}")
        self._cross(
            verdict,
            protocol,
            [
                Crossing(subnet, "ingress", source.ip, (port, port), "request"),
                Crossing(subnet, "egress", source.ip, source.ephemeral, "reply"),
            ],
        )


@dataclass(frozen=True)
class Crossing:
    """A packet crossing one subnet's NACL in one direction, to or from ``peer``."""

    subnet: str
    direction: str
    peer: ipaddress.IPv4Address
    ports: tuple[int, int]
    what: str


def _both_ways(
    source: Node, source_subnet: str, target: Node, target_subnet: str, port: int
) -> list[Crossing]:
    """The four NACL crossings of a connection between two subnets and its replies."""
    return [
        Crossing(source_subnet, "egress", target.ip, (port, port), "request"),
        Crossing(target_subnet, "ingress", source.ip, (port, port), "request"),
        Crossing(target_subnet, "egress", source.ip, source.ephemeral, "reply"),
        Crossing(source_subnet, "ingress", target.ip, source.ephemeral, "reply"),
    ]


# --- flows ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Flow:
    source: str
    target: str
    port: int
    expect: str  # allow | deny
    denied_by: tuple[str, ...] = ()
    via: tuple[str, ...] = ()
    protocol: str = "tcp"
    why: str = ""

    @property
    def id(self) -> str:
        """``app->proxy->db:5432 allowed``: the hops, the port and the expectation."""
        hops = "->".join([self.source, *self.via, self.target])
        return f"{hops}:{self.port} {'allowed' if self.expect == 'allow' else 'denied'}"


@dataclass(frozen=True)
class FlowTable:
    example: str
    nodes: Mapping[str, Mapping[str, Any]]
    flows: tuple[Flow, ...]


def flows_path(module: str, example: str, tests_dir: Path = TESTS_DIR) -> Path:
    return tests_dir / "modules" / module / f"{example}.flows.yaml"


def load_flows(path: Path) -> FlowTable:
    """Read ``<example>.flows.yaml``::

    nodes:
      alb:  {subnet: 'module.vpc.aws_subnet.public["us-east-1a"]',
             security_groups: [module.security_groups.aws_security_group.alb], public: true}
      endpoint: {attached_to: 'module.vpc.aws_vpc_endpoint.interface["kms"]', az: us-east-1a}
      internet: {address: 203.0.113.10}
      s3: {address: 52.216.0.10, prefix_lists: [<data source of the S3 prefix list>],
           gateway_endpoint: module.vpc.aws_vpc_endpoint.s3}
    flows:
      - {from: internet, to: alb, port: 443, expect: allow}
      - {from: app, to: db, port: 22, expect: deny, denied_by: [nacl, sg]}
    """
    data = yaml.safe_load(path.read_text()) or {}
    unknown = set(data) - {"nodes", "flows"}
    if unknown:
        raise FlowSpecError(f"{path}: unknown key(s) {sorted(unknown)}")
    nodes = dict(data.get("nodes") or {})
    flows = []
    for entry in data.get("flows") or []:
        missing = {"from", "to", "port", "expect"} - set(entry)
        if missing:
            raise FlowSpecError(f"{path}: flow {entry} lacks {sorted(missing)}")
        if entry["expect"] not in ("allow", "deny"):
            raise FlowSpecError(f"{path}: flow {entry}: expect must be allow or deny")
        denied_by = tuple(entry.get("denied_by") or ())
        if entry["expect"] == "deny" and not denied_by:
            raise FlowSpecError(
                f"{path}: flow {entry}: a denied flow names the layers that deny it"
            )
        if set(denied_by) - set(LAYERS):
            raise FlowSpecError(f"{path}: flow {entry}: denied_by must be among {LAYERS}")
        via = tuple(entry.get("via") or ())
        for name in (entry["from"], entry["to"], *via):
            if name not in nodes:
                raise FlowSpecError(f"{path}: flow {entry} names an undeclared node {name!r}")
        flows.append(
            Flow(
                str(entry["from"]),
                str(entry["to"]),
                int(entry["port"]),
                str(entry["expect"]),
                denied_by,
                via,
                str(entry.get("protocol", "tcp")),
                str(entry.get("why", "")),
            )
        )
    ids = [f.id for f in flows]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise FlowSpecError(f"{path}: duplicate flows {duplicates}")
    return FlowTable(path.stem.removesuffix(".flows"), nodes, tuple(flows))


_NODE_KEYS = frozenset(
    {
        "subnet",
        "security_groups",
        "public",
        "address",
        "prefix_lists",
        "gateway_endpoint",
        "attached_to",
        "az",
        "ephemeral_ports",
    }
)


def _attachment(network: Network, name: str, spec: Mapping[str, Any]) -> tuple[str, set[str]]:
    """Subnet (in ``az``) and groups of the resource a node is attached to (an endpoint)."""
    plan = network.plan
    attached = str(spec["attached_to"])
    if attached not in plan.values:
        raise FlowSpecError(f"node {name}: {attached} is not in the plan")
    candidates = sorted(plan.resolve(attached, "subnet_ids"))
    if spec.get("az"):
        candidates = [s for s in candidates if network.subnets[s].az == spec["az"]]
    if not candidates:
        raise FlowSpecError(f"node {name}: {attached} has no subnet in {spec.get('az')}")
    return candidates[0], plan.resolve(attached, "security_group_ids")


def _place(network: Network, name: str, spec: Mapping[str, Any], offset: int) -> Node:
    unknown = set(spec) - _NODE_KEYS
    if unknown:
        raise FlowSpecError(f"node {name}: unknown key(s) {sorted(unknown)}")
    subnet = spec.get("subnet")
    groups = set(spec.get("security_groups") or [])
    if spec.get("attached_to"):
        subnet, attached_groups = _attachment(network, name, spec)
        groups |= attached_groups
    for group in groups:
        if network.plan.types.get(group) != "aws_security_group":
            raise FlowSpecError(f"node {name}: {group} is not a planned security group")
    if subnet is not None:
        if subnet not in network.subnets:
            raise FlowSpecError(f"node {name}: {subnet} is not a planned subnet")
        ip = network.subnets[subnet].cidr.network_address + offset
    elif spec.get("address"):
        ip = ipaddress.IPv4Address(str(spec["address"]))
        if ip in network.vpc_cidr:
            raise FlowSpecError(f"node {name}: {ip} is inside the VPC; give its subnet")
    else:
        raise FlowSpecError(f"node {name}: give a subnet, attached_to or an address")
    low, high = spec.get("ephemeral_ports") or DEFAULT_EPHEMERAL
    return Node(
        name,
        ip,
        subnet,
        frozenset(groups),
        bool(spec.get("public", False)),
        frozenset(spec.get("prefix_lists") or []),
        spec.get("gateway_endpoint"),
        (int(low), int(high)),
    )


def build_nodes(network: Network, specs: Mapping[str, Mapping[str, Any]]) -> dict[str, Node]:
    """Place each declared node: in its subnet (one host address per node) or outside."""
    return {
        name: _place(network, name, spec, offset)
        for offset, (name, spec) in enumerate(specs.items(), start=10)
    }


def evaluate_flow(network: Network, nodes: Mapping[str, Node], flow: Flow) -> Verdict:
    """The combined verdict of every hop of ``flow``."""
    hops = [flow.source, *flow.via, flow.target]
    verdict = Verdict()
    for source, target in itertools.pairwise(hops):
        verdict.merge(network.evaluate(nodes[source], nodes[target], flow.port, flow.protocol))
    return verdict


def check_flow(network: Network, nodes: Mapping[str, Node], flow: Flow) -> str | None:
    """None when the plan treats ``flow`` as expected, else what differs."""
    verdict = evaluate_flow(network, nodes, flow)
    if flow.expect == "allow":
        return None if verdict.allowed else f"{flow.id} is blocked: {verdict}"
    open_layers = [layer for layer in flow.denied_by if verdict.allows(layer)]
    if open_layers:
        return f"{flow.id} is expected to be denied by {', '.join(open_layers)}, but: {verdict}"
    return None


def check_table(plan: Mapping[str, Any], table: FlowTable) -> dict[str, str]:
    """Failures of every flow of ``table`` against ``plan``, by flow id."""
    network = Network(plan)
    nodes = build_nodes(network, table.nodes)
    failures = {}
    for flow in table.flows:
        problem = check_flow(network, nodes, flow)
        if problem:
            failures[flow.id] = problem
    return failures


def discover(tests_dir: Path = TESTS_DIR) -> list[tuple[str, str, Path]]:
    """(module, example, path) of every flows file."""
    return [
        (path.parent.name, path.name.removesuffix(".flows.yaml"), path)
        for path in sorted((tests_dir / "modules").glob("*/*.flows.yaml"))
    ]


def flow_ids(table: FlowTable) -> Sequence[str]:
    return [flow.id for flow in table.flows]
