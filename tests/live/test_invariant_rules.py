"""Each whole-stack invariant catches a plan that breaks it (synthetic plan JSON).

The per-unit tests in test_plans.py run these rules on real plans; here each rule meets a
plan built to violate it, and the compliant variant of the same plan.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from tfharness import invariants
from tfharness.plan_index import PlanIndex


def plan(*resources: tuple[str, str, dict[str, Any], dict[str, list[str]]]) -> dict[str, Any]:
    """A plan creating ``(type, name, values, {attribute: references})`` in the root module."""
    changes, configs = [], []
    for resource_type, name, values, refs in resources:
        changes.append(
            {
                "address": f"{resource_type}.{name}",
                "mode": "managed",
                "type": resource_type,
                "name": name,
                "change": {"actions": ["create"], "after": values, "after_unknown": {}},
            }
        )
        configs.append(
            {
                "address": f"{resource_type}.{name}",
                "expressions": {a: {"references": r} for a, r in refs.items()},
            }
        )
    return {"resource_changes": changes, "configuration": {"root_module": {"resources": configs}}}


TLS_POLICY = json.dumps(
    {
        "Statement": [
            {
                "Effect": "Deny",
                "Action": "s3:*",
                "Principal": {"AWS": "*"},
                "Condition": {"Bool": {"aws:SecureTransport": "false"}},
            }
        ]
    }
)
ALL_BLOCKED = dict.fromkeys(
    ("block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"),
    True,
)


def bucket_plan(sse: str = "aws:kms", blocked: bool = True, tls: bool = True) -> dict[str, Any]:
    ref = {"bucket": ["aws_s3_bucket.this.id", "aws_s3_bucket.this"]}
    rule = {"apply_server_side_encryption_by_default": [{"sse_algorithm": sse}]}
    return plan(
        ("aws_s3_bucket", "this", {"bucket": "b"}, {}),
        (
            "aws_s3_bucket_public_access_block",
            "this",
            {**ALL_BLOCKED, "block_public_policy": blocked},
            ref,
        ),
        ("aws_s3_bucket_server_side_encryption_configuration", "this", {"rule": [rule]}, ref),
        ("aws_s3_bucket_policy", "this", {"policy": TLS_POLICY if tls else "{}"}, ref),
    )


def test_buckets() -> None:
    assert invariants.bucket_violations(PlanIndex(bucket_plan(), "u")) == []
    assert "not SSE-KMS" in invariants.bucket_violations(PlanIndex(bucket_plan(sse="AES256")))[0]
    assert (
        "public access block"
        in invariants.bucket_violations(PlanIndex(bucket_plan(blocked=False)))[0]
    )
    assert "without TLS" in invariants.bucket_violations(PlanIndex(bucket_plan(tls=False)))[0]


def test_log_profile_bucket_is_the_only_sse_s3_exception() -> None:
    log = bucket_plan(sse="AES256")
    for change in log["resource_changes"]:
        change["name"] = "log"
        change["address"] = f"{change['type']}.log"
    for config in log["configuration"]["root_module"]["resources"]:
        config["address"] = config["address"].replace(".this", ".log")
        for expression in config["expressions"].values():
            expression["references"] = ["aws_s3_bucket.log.id", "aws_s3_bucket.log"]
    assert invariants.bucket_violations(PlanIndex(log, "u", root_source="modules/s3-bucket")) == []
    assert invariants.bucket_violations(PlanIndex(log, "u", root_source="modules/other"))


@pytest.mark.parametrize(
    ("values", "env", "problem"),
    [
        ({"storage_encrypted": True, "kms_key_id": "k", "multi_az": True}, "prod", None),
        ({"storage_encrypted": True, "kms_key_id": "k", "multi_az": False}, "dev", None),
        ({"storage_encrypted": True, "kms_key_id": "k", "multi_az": False}, "prod", "Multi-AZ"),
        (
            {"storage_encrypted": False, "kms_key_id": "k", "multi_az": True},
            "prod",
            "not encrypted",
        ),
        ({"storage_encrypted": True, "multi_az": True}, "prod", "customer-managed"),
    ],
)
def test_databases(values: dict[str, Any], env: str, problem: str | None) -> None:
    found = invariants.database_violations(
        PlanIndex(plan(("aws_db_instance", "db", values, {}))), env
    )
    assert (problem is None and not found) or (problem and problem in " ".join(found)), found


def test_caches() -> None:
    good = {
        "at_rest_encryption_enabled": True,
        "transit_encryption_enabled": True,
        "kms_key_id": "k",
        "multi_az_enabled": True,
        "automatic_failover_enabled": True,
    }
    group = "aws_elasticache_replication_group"
    assert not invariants.database_violations(PlanIndex(plan((group, "r", good, {}))), "prod")
    found = invariants.database_violations(
        PlanIndex(plan((group, "r", {**good, "transit_encryption_enabled": False}, {}))), "dev"
    )
    assert "in transit" in found[0]


def sg_rule(group: str, port: int, cidr: str = "0.0.0.0/0") -> dict[str, Any]:
    return plan(
        ("aws_security_group", group, {"name": f"phi-{group}"}, {}),
        (
            "aws_vpc_security_group_ingress_rule",
            f"{group}_in",
            {"cidr_ipv4": cidr, "from_port": port, "to_port": port, "ip_protocol": "tcp"},
            {"security_group_id": [f"aws_security_group.{group}.id"]},
        ),
    )


@pytest.mark.parametrize(
    ("group", "port", "cidr", "ok"),
    [
        ("alb", 443, "0.0.0.0/0", True),
        ("alb", 80, "0.0.0.0/0", True),
        ("alb", 8080, "0.0.0.0/0", False),
        ("app", 443, "0.0.0.0/0", False),
        ("app", 5432, "10.0.0.0/16", True),
    ],
)
def test_world_ingress(group: str, port: int, cidr: str, ok: bool) -> None:
    found = invariants.security_group_violations(PlanIndex(sg_rule(group, port, cidr)))
    assert (not found) == ok, found


def test_inline_world_ingress_on_a_database_group() -> None:
    ingress = [
        {"cidr_blocks": ["0.0.0.0/0"], "from_port": 5432, "to_port": 5432, "protocol": "tcp"}
    ]
    found = invariants.security_group_violations(
        PlanIndex(plan(("aws_security_group", "db", {"name": "db", "ingress": ingress}, {})))
    )
    assert found


def test_data_subnets_have_no_route_out() -> None:
    def network(target: str) -> dict[str, Any]:
        return plan(
            ("aws_subnet", "data", {"tags": {"Tier": "data"}}, {}),
            ("aws_route_table", "data", {}, {}),
            (
                "aws_route_table_association",
                "data",
                {},
                {
                    "subnet_id": ["aws_subnet.data.id"],
                    "route_table_id": ["aws_route_table.data.id"],
                },
            ),
            (
                "aws_route",
                "data_out",
                {"destination_cidr_block": "0.0.0.0/0"},
                {"route_table_id": ["aws_route_table.data.id"], target: [f"{target}.x"]},
            ),
        )

    assert invariants.data_subnet_violations(PlanIndex(network("nat_gateway_id")))
    found = invariants.data_subnet_violations(PlanIndex(network("vpc_endpoint_id")))
    assert not found, found


def test_log_groups() -> None:
    good = {"kms_key_id": "k", "retention_in_days": 2557}
    group = "aws_cloudwatch_log_group"
    assert not invariants.log_group_violations(PlanIndex(plan((group, "g", good, {}))))
    assert invariants.log_group_violations(
        PlanIndex(plan((group, "g", {**good, "retention_in_days": 90}, {})))
    )
    assert invariants.log_group_violations(
        PlanIndex(plan((group, "g", {"retention_in_days": 400}, {})))
    )


@pytest.mark.parametrize(
    ("rules", "ok"),
    [
        ({"automatically_after_days": 30}, True),
        ({"automatically_after_days": 90}, False),
        ({"schedule_expression": "rate(7 days)"}, True),
    ],
)
def test_secrets(rules: dict[str, Any], ok: bool) -> None:
    secrets = plan(
        ("aws_secretsmanager_secret", "s", {"kms_key_id": "k"}, {}),
        (
            "aws_secretsmanager_secret_rotation",
            "s",
            {"rotation_rules": [rules]},
            {"secret_id": ["aws_secretsmanager_secret.s.id"]},
        ),
    )
    assert (not invariants.secret_violations(PlanIndex(secrets))) == ok


ROTATED = (
    ("aws_secretsmanager_secret", "app", {"kms_key_id": "k", "name": "db/app"}, {}),
    (
        "aws_secretsmanager_secret_rotation",
        "app",
        {"rotation_rules": [{"automatically_after_days": 30}]},
        {"secret_id": ["aws_secretsmanager_secret.app.id"]},
    ),
)


def derived(tags: dict[str, str]) -> tuple[str, str, dict[str, Any], dict[str, list[str]]]:
    return ("aws_secretsmanager_secret", "proxy", {"kms_key_id": "k", "tags": tags}, {})


def test_derived_secret_passes_through_a_rotated_secret_of_the_plan() -> None:
    assert not invariants.secret_violations(
        PlanIndex(plan(*ROTATED, derived({"RotatedWith": "db/app"})))
    )


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        ({}, "not rotated at least every 30 days"),
        ({"RotatedWith": "db/other"}, "RotatedWith='db/other' names no secret of this plan"),
    ],
    ids=["untagged", "names-a-secret-not-in-the-plan"],
)
def test_derived_secret_without_a_rotated_source_fails(tags: dict[str, str], expected: str) -> None:
    problems = invariants.secret_violations(PlanIndex(plan(*ROTATED, derived(tags))))
    assert len(problems) == 1 and expected in problems[0], problems


def test_derived_secret_of_a_secret_rotated_too_rarely_fails() -> None:
    source, rotation = ROTATED
    rarely = (*rotation[:2], {"rotation_rules": [{"automatically_after_days": 90}]}, rotation[3])
    problems = invariants.secret_violations(
        PlanIndex(plan(source, rarely, derived({"RotatedWith": "db/app"})))
    )
    assert len(problems) == 2 and "names no secret of this plan" in problems[1], problems


def test_default_tags() -> None:
    expected = {"Project": "p", "Owner": "o"}
    tagged = plan(("aws_kms_key", "k", {"tags_all": {"Project": "p", "Owner": "o", "x": "y"}}, {}))
    assert not invariants.tag_violations(PlanIndex(tagged), expected)
    untagged = plan(("aws_kms_key", "k", {"tags_all": {"Project": "p"}}, {}))
    assert "Owner" in invariants.tag_violations(PlanIndex(untagged), expected)[0]
    no_tags = plan(("aws_s3_bucket_policy", "p", {"policy": "{}"}, {}))
    assert not invariants.tag_violations(PlanIndex(no_tags), expected)


def test_overlapping_vpcs() -> None:
    assert invariants.overlapping([("a", "10.0.0.0/16"), ("b", "10.1.0.0/16")]) == []
    assert invariants.overlapping([("a", "10.0.0.0/8"), ("b", "10.1.0.0/16")])


def test_for_each_keys_are_not_resources() -> None:
    """`each.key` in a reference does not tie an app route to the data route table."""
    subnet = ("aws_subnet", "data", {"tags": {"Tier": "data"}}, {})
    association = (
        "aws_route_table_association",
        "data",
        {},
        {
            "subnet_id": ["aws_subnet.data", "each.key"],
            "route_table_id": ["aws_route_table.data", "each.key"],
        },
    )
    app_route = (
        "aws_route",
        "app_nat",
        {"destination_cidr_block": "0.0.0.0/0"},
        {
            "route_table_id": ["aws_route_table.app", "each.key"],
            "nat_gateway_id": ["aws_nat_gateway.this"],
        },
    )
    assert not invariants.data_subnet_violations(PlanIndex(plan(subnet, association, app_route)))


def test_tls_policy_rendered_at_apply_is_read_from_its_document() -> None:
    """A bucket policy unknown at plan is judged by the statements of its policy document."""

    def with_document(condition_value: str) -> dict[str, Any]:
        bucket = bucket_plan()
        for change in bucket["resource_changes"]:
            if change["type"] == "aws_s3_bucket_policy":
                change["change"]["after"] = {}
                change["change"]["after_unknown"] = {"policy": True}
        for config in bucket["configuration"]["root_module"]["resources"]:
            if config["address"] == "aws_s3_bucket_policy.this":
                config["expressions"]["policy"] = {
                    "references": ["data.aws_iam_policy_document.bucket.json"]
                }
        statement = {
            "effect": "Deny",
            "actions": ["s3:*"],
            "condition": [
                {"test": "Bool", "variable": "aws:SecureTransport", "values": [condition_value]}
            ],
        }
        bucket["resource_changes"].append(
            {
                "address": "data.aws_iam_policy_document.bucket",
                "mode": "data",
                "type": "aws_iam_policy_document",
                "name": "bucket",
                "change": {"actions": ["read"], "after": {"statement": [statement]}},
            }
        )
        return bucket

    assert invariants.bucket_violations(PlanIndex(with_document("false"))) == []
    assert "without TLS" in invariants.bucket_violations(PlanIndex(with_document("true")))[0]
