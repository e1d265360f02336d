"""modules/vpc: tier layout and identity, data-tier isolation, flow logs, endpoints, bad input."""

from __future__ import annotations

import json
from typing import Any

import pytest
from tfharness.badinput import BadInput
from tfharness.plan import PlanSummary, summarise
from tfharness.reachability import Plan

M = "module.under_test"
BASE = {
    "name": "unit",
    "cidr_block": "10.0.0.0/16",
    "availability_zones": ["us-east-1a", "us-east-1b"],
    "flow_log_access_log_bucket": "unit-access-logs",
}
# One plan per variant, shared by the tests of this module (plans are the slow part).
DEFAULT: dict[str, Any] = {}
VARIANT = {
    "availability_zones": ["us-east-1c", "us-east-1b", "us-east-1a"],
    "nat_gateway_mode": "single",
    "flow_log_cloudwatch": True,
    "flow_log_file_format": "plain-text",
    "interface_endpoints": ["secretsmanager", "kms"],
    "endpoint_security_group_ids": ["sg-0123456789abcdef0"],
    "vpn": {"customer_gateway_ip": "198.51.100.10", "corporate_cidrs": ["10.200.0.0/16"]},
}
EXPLICIT = {
    "nat_gateway_mode": "none",
    "subnet_cidrs": {
        "public": {"us-east-1a": "10.0.0.0/24", "us-east-1b": "10.0.1.0/24"},
        "app": {"us-east-1a": "10.0.10.0/23", "us-east-1b": "10.0.12.0/23"},
        "data": {"us-east-1a": "10.0.20.0/24", "us-east-1b": "10.0.21.0/24"},
    },
}

pytestmark = pytest.mark.plan

_PLANS: dict[str, PlanSummary] = {}


def _plan(plan_call, inputs: dict[str, Any]) -> PlanSummary:
    key = json.dumps(inputs, sort_keys=True)
    if key not in _PLANS:
        _PLANS[key] = summarise(plan_call("vpc", {**BASE, **inputs}))
    return _PLANS[key]


def _of(summary: PlanSummary, resource_type: str, name: str) -> dict[str, dict[str, Any]]:
    prefix = f"{M}.{resource_type}.{name}"
    return {a: v for a, v in summary.of_type(resource_type).items() if a.startswith(prefix)}


def _cidrs(summary: PlanSummary, tier: str) -> dict[str, str]:
    return {
        v["availability_zone"]: v["cidr_block"] for v in _of(summary, "aws_subnet", tier).values()
    }


# --- layout -------------------------------------------------------------------------------------


def test_derived_tiers_split_the_vpc_by_tier_block_and_az_letter(plan_call) -> None:
    summary = _plan(plan_call, DEFAULT)
    assert _cidrs(summary, "public") == {"us-east-1a": "10.0.0.0/21", "us-east-1b": "10.0.8.0/21"}
    assert _cidrs(summary, "app") == {"us-east-1a": "10.0.64.0/21", "us-east-1b": "10.0.72.0/21"}
    assert _cidrs(summary, "data") == {"us-east-1a": "10.0.128.0/21", "us-east-1b": "10.0.136.0/21"}


def test_adding_or_reordering_azs_keeps_every_subnet_and_its_cidr(plan_call) -> None:
    before = _plan(plan_call, DEFAULT)
    after = _plan(plan_call, VARIANT)
    for tier in ("public", "app", "data"):
        old, new = _cidrs(before, tier), _cidrs(after, tier)
        assert {az: new[az] for az in old} == old
        for az in old:  # same address, so Terraform keeps the resource
            assert f'{M}.aws_subnet.{tier}["{az}"]' in after.values


def test_explicit_subnet_cidrs_are_used_as_given(plan_call) -> None:
    summary = _plan(plan_call, EXPLICIT)
    for tier, by_az in EXPLICIT["subnet_cidrs"].items():
        assert _cidrs(summary, tier) == by_az


def test_no_subnet_assigns_public_ips(plan_call) -> None:
    for inputs in (DEFAULT, VARIANT, EXPLICIT):
        subnets = _plan(plan_call, inputs).of_type("aws_subnet")
        assert subnets and all(v["map_public_ip_on_launch"] is False for v in subnets.values())


def test_vpc_has_dns_and_empty_defaults(plan_call) -> None:
    summary = _plan(plan_call, DEFAULT)
    vpc = summary.resource(f"{M}.aws_vpc.this")
    assert vpc["enable_dns_support"] is True
    assert vpc["enable_dns_hostnames"] is True
    default_sg = summary.resource(f"{M}.aws_default_security_group.this")
    assert default_sg["ingress"] == [] and default_sg["egress"] == []
    default_acl = summary.resource(f"{M}.aws_default_network_acl.this")
    assert default_acl["ingress"] == [] and default_acl["egress"] == []
    assert summary.resource(f"{M}.aws_default_route_table.this")["route"] == []


# --- routing: NAT modes and the isolated data tier ----------------------------------------------


def _routes_by_table(summary: PlanSummary) -> dict[str, list[str]]:
    """Destinations of every planned route, by the route table it belongs to."""
    plan = Plan(summary.raw)
    found: dict[str, list[str]] = {}
    for address, values in summary.of_type("aws_route").items():
        table = plan.resolve_one(address, "route_table_id")
        found.setdefault(table, []).append(values["destination_cidr_block"])
    for address in summary.of_type("aws_vpc_endpoint"):
        if summary.values[address]["vpc_endpoint_type"] == "Gateway":
            for table in plan.resolve(address, "route_table_ids"):
                found.setdefault(table, []).append("prefix-list:s3")
    return found


@pytest.mark.parametrize("variant", ["default", "variant", "explicit"])
def test_data_route_tables_have_no_route_off_the_vpc(plan_call, variant: str) -> None:
    inputs = {"default": DEFAULT, "variant": VARIANT, "explicit": EXPLICIT}[variant]
    summary = _plan(plan_call, inputs)
    corporate = set(inputs.get("vpn", {}).get("corporate_cidrs", []))
    tables = _routes_by_table(summary)
    data_tables = _of(summary, "aws_route_table", "data")
    assert len(data_tables) == len(inputs.get("availability_zones", BASE["availability_zones"]))
    for table in data_tables:
        assert set(tables.get(table, [])) <= corporate, f"{table} routes {tables[table]}"


def _route_configs(summary: PlanSummary) -> dict[str, dict[str, Any]]:
    """Configured expressions of every aws_route block, by address, across modules."""
    found: dict[str, dict[str, Any]] = {}
    stack = [("", summary.raw["configuration"]["root_module"])]
    while stack:
        prefix, module = stack.pop()
        for resource in module.get("resources", []):
            if resource["type"] == "aws_route":
                found[f"{prefix}{resource['address']}"] = resource.get("expressions", {})
        for name, call in module.get("module_calls", {}).items():
            stack.append((f"{prefix}module.{name}.", call["module"]))
    return found


@pytest.mark.parametrize("variant", ["default", "variant"])
def test_routes_never_target_an_instance(plan_call, variant: str) -> None:
    """Why CKV2_AWS_35 is skipped: instance_id is only ever computed, never configured."""
    summary = _plan(plan_call, {"default": DEFAULT, "variant": VARIANT}[variant])
    configs = _route_configs(summary)
    assert {f"{M}.aws_route.public_internet", f"{M}.aws_route.app_nat"} <= set(configs)
    for address, expressions in configs.items():
        assert "instance_id" not in expressions, address
        assert "network_interface_id" not in expressions, address
        targets = {"gateway_id", "nat_gateway_id"} & set(expressions)
        assert len(targets) == 1, (address, sorted(expressions))


def test_one_nat_per_az_by_default_each_app_table_uses_its_own(plan_call) -> None:
    summary = _plan(plan_call, DEFAULT)
    plan = Plan(summary.raw)
    nats = _of(summary, "aws_nat_gateway", "this")
    assert sorted(nats) == [
        f'{M}.aws_nat_gateway.this["us-east-1a"]',
        f'{M}.aws_nat_gateway.this["us-east-1b"]',
    ]
    for az in ("us-east-1a", "us-east-1b"):
        route = f'{M}.aws_route.app_nat["{az}"]'
        assert plan.resolve_one(route, "nat_gateway_id") == f'{M}.aws_nat_gateway.this["{az}"]'
        assert plan.resolve_one(route, "route_table_id") == f'{M}.aws_route_table.app["{az}"]'


def test_single_nat_sits_in_the_first_az_by_name_whatever_the_order(plan_call) -> None:
    summary = _plan(plan_call, VARIANT)
    plan = Plan(summary.raw)
    assert list(_of(summary, "aws_nat_gateway", "this")) == [
        f'{M}.aws_nat_gateway.this["us-east-1a"]'
    ]
    routes = _of(summary, "aws_route", "app_nat")
    assert len(routes) == 3
    assert {plan.resolve_one(r, "nat_gateway_id") for r in routes} == {
        f'{M}.aws_nat_gateway.this["us-east-1a"]'
    }


def test_without_nat_the_app_tier_has_no_default_route(plan_call) -> None:
    summary = _plan(plan_call, EXPLICIT)
    assert not summary.of_type("aws_nat_gateway")
    assert not _of(summary, "aws_route", "app_nat")
    assert summary.of_type("aws_internet_gateway")  # the load balancers still need it


def test_vpn_routes_corporate_cidrs_from_app_and_data_tables_only(plan_call) -> None:
    summary = _plan(plan_call, VARIANT)
    tables = _routes_by_table(summary)
    for table in _of(summary, "aws_route_table", "public"):
        assert "10.200.0.0/16" not in tables.get(table, [])
    for tier in ("app", "data"):
        for table in _of(summary, "aws_route_table", tier):
            assert "10.200.0.0/16" in tables[table]
    connection = summary.resource(f"{M}.aws_vpn_connection.this[0]")
    assert connection["static_routes_only"] is True
    assert connection["tunnel1_ike_versions"] == ["ikev2"]
    assert connection["tunnel2_phase1_encryption_algorithms"] == ["AES256-GCM-16"]
    assert summary.resource(f'{M}.aws_vpn_connection_route.corporate["10.200.0.0/16"]')


# --- flow logs ------------------------------------------------------------------------------------


def _data_source(summary: PlanSummary, address: str) -> dict[str, Any]:
    prior = summary.raw["prior_state"]["values"]["root_module"]
    stack = [prior]
    while stack:
        module = stack.pop()
        stack += module.get("child_modules", [])
        for resource in module.get("resources", []):
            if resource["address"] == address:
                return resource["values"]
    raise KeyError(address)


def test_flow_logs_capture_all_traffic_to_the_phi_bucket(plan_call) -> None:
    summary = _plan(plan_call, DEFAULT)
    flow_log = summary.resource(f"{M}.aws_flow_log.s3")
    assert flow_log["traffic_type"] == "ALL"
    assert flow_log["log_destination_type"] == "s3"
    assert flow_log["destination_options"] == [
        {"file_format": "parquet", "hive_compatible_partitions": True, "per_hour_partition": True}
    ]
    assert "${pkt-srcaddr}" in flow_log["log_format"]
    bucket = f"{M}.module.flow_log_bucket"
    assert summary.resource(f"{bucket}.aws_s3_bucket.phi[0]")["bucket"].startswith(
        "unit-vpc-flow-logs-"
    )
    rule = summary.resource(f"{bucket}.aws_s3_bucket_lifecycle_configuration.phi[0]")["rule"][0]
    assert rule["transition"][0]["days"] == 90
    assert rule["transition"][0]["storage_class"] == "GLACIER"
    assert rule["expiration"][0]["days"] == 2557
    sse = summary.resource(f"{bucket}.aws_s3_bucket_server_side_encryption_configuration.phi[0]")
    assert (
        sse["rule"][0]["apply_server_side_encryption_by_default"][0]["sse_algorithm"] == "aws:kms"
    )
    assert (
        summary.resource(f"{bucket}.aws_s3_bucket_logging.phi[0]")["target_bucket"]
        == "unit-access-logs"
    )


def test_plain_text_flow_logs_need_no_destination_options(plan_call) -> None:
    flow_log = _plan(plan_call, VARIANT).resource(f"{M}.aws_flow_log.s3")
    assert flow_log["destination_options"] == []


def test_log_delivery_may_write_only_this_accounts_flow_logs(plan_call) -> None:
    summary = _plan(plan_call, DEFAULT)
    policy = json.loads(
        _data_source(summary, f"{M}.data.aws_iam_policy_document.flow_log_delivery")["json"]
    )
    statements = {s["Sid"]: s for s in policy["Statement"]}
    write = statements["VpcFlowLogDeliveryWrite"]
    assert write["Principal"] == {"Service": "delivery.logs.amazonaws.com"}
    assert write["Action"] == "s3:PutObject"
    account = write["Condition"]["StringEquals"]["aws:SourceAccount"]
    assert write["Resource"] == f"arn:aws:s3:::unit-vpc-flow-logs-{account}/AWSLogs/{account}/*"
    assert write["Condition"]["ArnLike"] == {"aws:SourceArn": f"arn:aws:logs:us-east-1:{account}:*"}
    assert set(statements["VpcFlowLogDeliveryAclCheck"]["Action"]) == {
        "s3:GetBucketAcl",
        "s3:ListBucket",
    }


def test_the_flow_log_key_admits_log_delivery_and_cloudwatch_for_its_group_only(plan_call) -> None:
    summary = _plan(plan_call, VARIANT)
    key = summary.resource(f"{M}.module.flow_log_key.aws_kms_key.this")
    statements = {s["Sid"]: s for s in json.loads(key["policy"])["Statement"]}
    delivery = statements["VpcFlowLogDeliveryToS3"]
    assert delivery["Principal"] == {"Service": "delivery.logs.amazonaws.com"}
    assert "aws:SourceAccount" in delivery["Condition"]["StringEquals"]
    logs = statements["CloudWatchLogsFlowLogGroup"]
    assert logs["Principal"] == {"Service": "logs.us-east-1.amazonaws.com"}
    assert logs["Condition"]["ArnEquals"]["kms:EncryptionContext:aws:logs:arn"].endswith(
        ":log-group:/aws/vpc-flow-logs/unit"
    )
    assert key["enable_key_rotation"] is True


def test_cloudwatch_flow_logs_are_encrypted_kept_a_year_and_written_by_a_scoped_role(
    plan_call,
) -> None:
    summary = _plan(plan_call, VARIANT)
    group = summary.resource(f"{M}.aws_cloudwatch_log_group.flow_logs[0]")
    assert group["retention_in_days"] >= 365
    assert "kms_key_id" not in group or group["kms_key_id"]  # the module's key (unknown at plan)
    assert summary.resource(f"{M}.aws_flow_log.cloudwatch[0]")["traffic_type"] == "ALL"
    trust = json.loads(summary.resource(f"{M}.aws_iam_role.flow_logs[0]")["assume_role_policy"])
    statement = trust["Statement"][0]
    assert statement["Principal"] == {"Service": "vpc-flow-logs.amazonaws.com"}
    assert statement["Condition"]["ArnLike"]["aws:SourceArn"].endswith(":vpc-flow-log/*")
    policy = json.loads(summary.resource(f"{M}.aws_iam_role_policy.flow_logs[0]")["policy"])
    resources = [s["Resource"] for s in policy["Statement"]]
    assert "*" not in resources


# --- endpoints ------------------------------------------------------------------------------------


def test_interface_endpoints_sit_in_the_app_subnets_with_private_dns(plan_call) -> None:
    summary = _plan(plan_call, DEFAULT)
    plan = Plan(summary.raw)
    endpoints = _of(summary, "aws_vpc_endpoint", "interface")
    assert len(endpoints) == 12
    app_subnets = set(_of(summary, "aws_subnet", "app"))
    for address, values in endpoints.items():
        assert values["private_dns_enabled"] is True
        assert plan.resolve(address, "subnet_ids") == app_subnets


def test_own_endpoint_group_admits_the_vpc_unless_the_chain_owns_its_rules(plan_call) -> None:
    rule = f"{M}.aws_vpc_security_group_ingress_rule.endpoints_https_from_vpc[0]"
    default = _plan(plan_call, DEFAULT)
    assert default.resource(rule)["cidr_ipv4"] == BASE["cidr_block"]
    assert default.resource(rule)["from_port"] == 443
    closed = _plan(
        plan_call, {"interface_endpoints": ["secretsmanager"], "endpoints_admit_vpc_cidr": False}
    )
    assert rule not in closed.values
    assert f"{M}.aws_security_group.endpoints[0]" in closed.values  # still the endpoints' group


def test_every_endpoint_policy_admits_only_principals_of_this_account(plan_call) -> None:
    summary = _plan(plan_call, DEFAULT)
    for address, values in summary.of_type("aws_vpc_endpoint").items():
        statements = json.loads(values["policy"])["Statement"]
        scoped = [s for s in statements if s.get("Condition")]
        assert scoped, address
        for statement in scoped:
            assert statement["Condition"] == {
                "StringEquals": {
                    "aws:PrincipalAccount": statement["Condition"]["StringEquals"][
                        "aws:PrincipalAccount"
                    ]
                }
            }
        unscoped = [s for s in statements if not s.get("Condition")]
        assert all(
            s["Sid"] == "EcrImageLayers" and s["Action"] == "s3:GetObject" for s in unscoped
        ), address


def test_interface_endpoint_policies_allow_only_their_service(plan_call) -> None:
    summary = _plan(plan_call, DEFAULT)
    expected = {
        "monitoring": "cloudwatch:*",
        "ecr.api": "ecr:*",
        "ecr.dkr": "ecr:*",
        "sts": "sts:*",
    }
    for service, action in expected.items():
        policy = json.loads(
            summary.resource(f'{M}.aws_vpc_endpoint.interface["{service}"]')["policy"]
        )
        assert [s["Action"] for s in policy["Statement"]] == [action]


def test_ecr_layer_bucket_is_admitted_only_when_ecr_is_used(plan_call) -> None:
    with_ecr = json.loads(_plan(plan_call, DEFAULT).resource(f"{M}.aws_vpc_endpoint.s3")["policy"])
    assert "EcrImageLayers" in [s["Sid"] for s in with_ecr["Statement"]]
    without = json.loads(_plan(plan_call, VARIANT).resource(f"{M}.aws_vpc_endpoint.s3")["policy"])
    assert [s["Sid"] for s in without["Statement"]] == ["OnlyPrincipalsOfThisAccount"]


def test_the_s3_gateway_endpoint_serves_the_app_tier_only(plan_call) -> None:
    summary = _plan(plan_call, DEFAULT)
    tables = Plan(summary.raw).resolve(f"{M}.aws_vpc_endpoint.s3", "route_table_ids")
    assert tables == set(_of(summary, "aws_route_table", "app"))


def test_own_endpoint_group_admits_https_from_the_vpc_only(plan_call) -> None:
    summary = _plan(plan_call, DEFAULT)
    rules = summary.of_type("aws_vpc_security_group_ingress_rule")
    assert list(rules.values()) == [
        {
            **next(iter(rules.values())),
            "cidr_ipv4": "10.0.0.0/16",
            "from_port": 443,
            "to_port": 443,
            "ip_protocol": "tcp",
        }
    ]
    assert not summary.of_type("aws_vpc_security_group_egress_rule")


def test_given_endpoint_groups_replace_the_modules_own(plan_call) -> None:
    summary = _plan(plan_call, VARIANT)
    assert not _of(summary, "aws_security_group", "endpoints")
    for values in _of(summary, "aws_vpc_endpoint", "interface").values():
        assert values["security_group_ids"] == ["sg-0123456789abcdef0"]


# --- bad input ------------------------------------------------------------------------------------

OVERLAP = {
    "public": {"us-east-1a": "10.0.0.0/24", "us-east-1b": "10.0.1.0/24"},
    "app": {"us-east-1a": "10.0.0.128/25", "us-east-1b": "10.0.12.0/23"},
    "data": {"us-east-1a": "10.0.20.0/24", "us-east-1b": "10.0.21.0/24"},
}

BAD_INPUTS = [
    BadInput(
        "overlapping-tier-cidrs",
        {"subnet_cidrs": OVERLAP},
        "subnet_cidrs",
        "subnet_cidrs must not overlap",
        BASE,
    ),
    BadInput(
        "tiers-cover-different-azs",
        {
            "subnet_cidrs": {
                **EXPLICIT["subnet_cidrs"],
                "data": {"us-east-1a": "10.0.20.0/24", "us-east-1c": "10.0.21.0/24"},
            }
        },
        "subnet_cidrs",
        "CIDRs for the same Availability Zones",
        BASE,
    ),
    BadInput(
        "tier-cidr-outside-vpc",
        {
            "subnet_cidrs": {
                **OVERLAP,
                "app": {"us-east-1a": "10.9.0.0/24", "us-east-1b": "10.0.12.0/23"},
            }
        },
        "subnet_cidrs",
        "inside cidr_block",
        BASE,
    ),
    BadInput(
        "tier-cidrs-missing-an-az",
        {
            "subnet_cidrs": {
                tier: {"us-east-1a": cidrs["us-east-1a"]}
                for tier, cidrs in EXPLICIT["subnet_cidrs"].items()
            }
        },
        "subnet_cidrs",
        "exactly one CIDR for each of the availability_zones",
        BASE,
    ),
    BadInput(
        "public-vpc-cidr",
        {"cidr_block": "52.0.0.0/16"},
        "cidr_block",
        "must be a private (RFC 1918) range",
        BASE,
    ),
    BadInput(
        "cgnat-vpc-cidr",
        {"cidr_block": "100.64.0.0/16"},
        "cidr_block",
        "must be a private (RFC 1918) range",
        BASE,
    ),
    BadInput(
        "vpc-cidr-too-small",
        {"cidr_block": "10.0.0.0/24"},
        "cidr_block",
        "between /16 and /23",
        BASE,
    ),
    BadInput(
        "vpc-cidr-not-network",
        {"cidr_block": "10.0.1.0/16"},
        "cidr_block",
        "written as its network address",
        BASE,
    ),
    BadInput(
        "one-az",
        {"availability_zones": ["us-east-1a"]},
        "availability_zones",
        "at least 2 Availability Zones",
        BASE,
    ),
    BadInput(
        "repeated-az",
        {"availability_zones": ["us-east-1a", "us-east-1a"]},
        "availability_zones",
        "must not repeat",
        BASE,
    ),
    BadInput(
        "azs-of-two-regions",
        {"availability_zones": ["us-east-1a", "us-west-2a"]},
        "availability_zones",
        "of one region",
        BASE,
    ),
    BadInput(
        "az-letter-beyond-h",
        {"availability_zones": ["us-east-1a", "us-east-1z"]},
        "availability_zones",
        "availability_zones must end in the letters a-h when subnet CIDRs are derived",
        BASE,
    ),
    BadInput(
        "s3-retention-364",
        {"flow_log_retention_days": 364},
        "flow_log_retention_days",
        "of at least 365",
        BASE,
    ),
    BadInput(
        "cloudwatch-retention-180",
        {"flow_log_cloudwatch_retention_days": 180},
        "flow_log_cloudwatch_retention_days",
        "of at least 365 days",
        BASE,
    ),
    BadInput(
        "glacier-after-expiry",
        {"flow_log_glacier_transition_days": 400, "flow_log_retention_days": 365},
        "flow_log_glacier_transition_days",
        "less than flow_log_retention_days",
        BASE,
    ),
    BadInput(
        "unknown-endpoint-service",
        {"interface_endpoints": ["secretsmanager", "s3-outposts"]},
        "interface_endpoints",
        "must name AWS services this module knows",
        BASE,
    ),
    BadInput(
        "unknown-nat-mode",
        {"nat_gateway_mode": "two"},
        "nat_gateway_mode",
        'nat_gateway_mode must be "one_per_az"',
        BASE,
    ),
    BadInput(
        "bad-file-format",
        {"flow_log_file_format": "csv"},
        "flow_log_file_format",
        'must be "parquet" or "plain-text"',
        BASE,
    ),
    BadInput(
        "aggregation-30s",
        {"flow_log_max_aggregation_interval": 30},
        "flow_log_max_aggregation_interval",
        "must be 60 or 600",
        BASE,
    ),
    BadInput("bad-name", {"name": "Unit_Test"}, "name", "name must be 2-32 characters", BASE),
    BadInput(
        "bad-access-log-bucket",
        {"flow_log_access_log_bucket": "Not A Bucket"},
        "flow_log_access_log_bucket",
        "must be an S3 bucket name",
        BASE,
    ),
    BadInput(
        "bad-endpoint-group",
        {"endpoint_security_group_ids": ["default"]},
        "endpoint_security_group_ids",
        "must be security group ids",
        BASE,
    ),
    BadInput(
        "vpn-private-gateway-ip",
        {"vpn": {"customer_gateway_ip": "10.1.1.1", "corporate_cidrs": ["10.200.0.0/16"]}},
        "vpn",
        "vpn.customer_gateway_ip must be the public IPv4 address",
        BASE,
    ),
    BadInput(
        "vpn-default-route",
        {"vpn": {"customer_gateway_ip": "198.51.100.10", "corporate_cidrs": ["0.0.0.0/0"]}},
        "vpn",
        "never 0.0.0.0/0",
        BASE,
    ),
    BadInput(
        "vpn-overlaps-vpc",
        {"vpn": {"customer_gateway_ip": "198.51.100.10", "corporate_cidrs": ["10.0.128.0/17"]}},
        "vpn",
        "vpn.corporate_cidrs must not overlap cidr_block",
        BASE,
    ),
    BadInput(
        "vpn-public-asn",
        {
            "vpn": {
                "customer_gateway_ip": "198.51.100.10",
                "corporate_cidrs": ["10.200.0.0/16"],
                "amazon_side_asn": 7224,
            }
        },
        "vpn",
        "vpn.amazon_side_asn a private ASN",
        BASE,
    ),
]


@pytest.mark.parametrize("case", BAD_INPUTS, ids=[c.id for c in BAD_INPUTS])
def test_bad_input_is_rejected_with_the_rule(bad_input, case: BadInput) -> None:
    bad_input("vpc", BAD_INPUTS, case)
