"""Whole-stack security invariants, checked on every unit's plan JSON.

Each rule takes a :class:`~tfharness.plan_index.PlanIndex` (the planned resources of one
unit with the references of their configuration, so that e.g. a public access block can be
tied to *its* bucket even though the bucket id is unknown until apply) and returns readable
violations. The rules are deliberately independent of how a module is written: they look at
resource types, planned values and configuration references only.
"""

from __future__ import annotations

import ipaddress
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from tfharness.plan_index import PlanIndex, Resource, strip_index

WORLD = ("0.0.0.0/0", "::/0")
LOAD_BALANCER_NAME = re.compile(r"(^|[-_.])(alb|lb|load[-_]?balancer)([-_.]|$)", re.IGNORECASE)
DATA_TIER_NAME = re.compile(r"(^|[-_.])(data|db|database)([-_.]|$)", re.IGNORECASE)
MIN_LOG_RETENTION_DAYS = 365
MAX_SECRET_ROTATION_DAYS = 30
ROTATED_WITH_TAG = "RotatedWith"  # a derived secret names the rotated secret that rewrites it


def _first(value: Any) -> dict[str, Any]:
    if isinstance(value, list):
        return dict(value[0]) if value and isinstance(value[0], dict) else {}
    return dict(value) if isinstance(value, dict) else {}


# -- S3 --------------------------------------------------------------------------------------
def is_log_profile_bucket(bucket: Resource) -> bool:
    """modules/s3-bucket's ``log`` profile: SSE-S3 by necessity (S3 server access logs and ALB
    access logs cannot be delivered to SSE-KMS buckets); it receives logs only, never PHI."""
    return bucket.name == "log" and bucket.module_source.rstrip("/").endswith("s3-bucket")


def bucket_violations(index: PlanIndex) -> list[str]:
    problems = []
    for bucket in index.of_type("aws_s3_bucket"):
        where = f"{index.unit}: {bucket.address}"
        blocks = index.referencing(bucket, "aws_s3_bucket_public_access_block", "bucket")
        flags = ("block_public_acls", "block_public_policy", "ignore_public_acls")
        if not any(
            all(b.values.get(f) is True for f in (*flags, "restrict_public_buckets"))
            for b in blocks
        ):
            problems.append(f"{where}: no public access block with all four settings true")
        sse = index.referencing(
            bucket, "aws_s3_bucket_server_side_encryption_configuration", "bucket"
        )
        defaults = [
            _first(_first(s.values.get("rule")).get("apply_server_side_encryption_by_default"))
            for s in sse
        ]
        algorithms = {d.get("sse_algorithm") for d in defaults}
        if is_log_profile_bucket(bucket):
            if algorithms != {"AES256"}:
                problems.append(f"{where}: log bucket without default encryption")
        elif "aws:kms" not in algorithms and "aws:kms:dsse" not in algorithms:
            problems.append(
                f"{where}: not SSE-KMS (default encryption {sorted(map(str, algorithms))})"
            )
        policies = index.referencing(bucket, "aws_s3_bucket_policy", "bucket")
        if not any(
            _denies_insecure_transport(p) or _document_denies_insecure_transport(index, p)
            for p in policies
        ):
            problems.append(f"{where}: no bucket policy that denies requests without TLS")
    return problems


def _statements(document: Any) -> list[dict[str, Any]]:
    if isinstance(document, str):
        try:
            document = json.loads(document)
        except json.JSONDecodeError:
            return []
    statements = (document or {}).get("Statement") or []
    return [s for s in ([statements] if isinstance(statements, dict) else statements) if s]


def _document_denies_insecure_transport(index: PlanIndex, policy: Resource) -> bool:
    """A policy unknown until apply, rendered from an ``aws_iam_policy_document`` whose
    statements are known: one of them denies every S3 action without TLS."""
    if policy.unknown.get("policy") is not True:
        return False
    expression = (policy.config.get("expressions") or {}).get("policy") or {}
    refs = expression.get("references") or [] if isinstance(expression, dict) else []
    for ref in refs:
        parts = strip_index(ref).split(".")
        if parts[0] != "data" or len(parts) < 3:
            continue
        document = index.policy_documents.get((policy.module, ".".join(parts[:3]))) or {}
        for statement in document.get("statement") or []:
            actions = statement.get("actions") or []
            insecure = any(
                c.get("test") == "Bool"
                and c.get("variable") == "aws:SecureTransport"
                and [str(v).lower() for v in c.get("values") or []] == ["false"]
                for c in statement.get("condition") or []
            )
            if (
                statement.get("effect") == "Deny"
                and insecure
                and ("s3:*" in actions or "*" in actions)
            ):
                return True
    return False


def _denies_insecure_transport(policy: Resource) -> bool:
    for statement in _statements(policy.values.get("policy")):
        condition = statement.get("Condition") or {}
        secure = (condition.get("Bool") or {}).get("aws:SecureTransport")
        actions = statement.get("Action")
        actions = [actions] if isinstance(actions, str) else list(actions or [])
        if (
            statement.get("Effect") == "Deny"
            and str(secure).lower() == "false"
            and ("s3:*" in actions or "*" in actions)
        ):
            return True
    return False


# -- databases and caches --------------------------------------------------------------------
def database_violations(index: PlanIndex, environment: str) -> list[str]:
    prod = environment == "prod"
    return [
        *_db_instance_violations(index, prod),
        *_rds_cluster_violations(index),
        *_cache_violations(index, prod),
    ]


def _db_instance_violations(index: PlanIndex, prod: bool) -> list[str]:
    problems = []
    for db in index.of_type("aws_db_instance"):
        where = f"{index.unit}: {db.address}"
        replica = bool(db.values.get("replicate_source_db"))
        if db.values.get("storage_encrypted") is not True and not replica:
            problems.append(f"{where}: storage not encrypted")
        if not db.is_set("kms_key_id") and not replica:
            problems.append(f"{where}: not encrypted with a customer-managed key")
        if prod and db.values.get("multi_az") is not True and not replica:
            problems.append(f"{where}: not Multi-AZ in prod")
    return problems


def _rds_cluster_violations(index: PlanIndex) -> list[str]:
    problems = []
    for cluster in index.of_type("aws_rds_cluster"):
        where = f"{index.unit}: {cluster.address}"
        if cluster.values.get("storage_encrypted") is not True:
            problems.append(f"{where}: storage not encrypted")
        if not cluster.is_set("kms_key_id"):
            problems.append(f"{where}: not encrypted with a customer-managed key")
    return problems


def _cache_violations(index: PlanIndex, prod: bool) -> list[str]:
    problems = []
    for group in index.of_type("aws_elasticache_replication_group"):
        where = f"{index.unit}: {group.address}"
        if group.values.get("at_rest_encryption_enabled") not in (True, "true"):
            problems.append(f"{where}: not encrypted at rest")
        if group.values.get("transit_encryption_enabled") is not True:
            problems.append(f"{where}: no encryption in transit")
        if not group.is_set("kms_key_id"):
            problems.append(f"{where}: not encrypted with a customer-managed key")
        if prod and not (
            group.values.get("multi_az_enabled") is True
            and group.values.get("automatic_failover_enabled") is True
        ):
            problems.append(f"{where}: not Multi-AZ with automatic failover in prod")
    problems += [
        f"{index.unit}: {cluster.address}: a stand-alone cache cluster cannot be encrypted at "
        "rest; use a replication group"
        for cluster in index.of_type("aws_elasticache_cluster")
        if not cluster.values.get("replication_group_id")
    ]
    return problems


# -- network ----------------------------------------------------------------------------------
def _rule_ports(rule: Mapping[str, Any]) -> tuple[Any, Any, str]:
    return (
        rule.get("from_port"),
        rule.get("to_port"),
        str(rule.get("ip_protocol", rule.get("protocol", ""))),
    )


def _allowed_world_ingress(group_label: str, rule: Mapping[str, Any]) -> bool:
    """Only the load balancer may admit the world, on 443 (and 80, which only redirects)."""
    from_port, to_port, protocol = _rule_ports(rule)
    return (
        bool(LOAD_BALANCER_NAME.search(group_label))
        and protocol in ("tcp", "6")
        and from_port == to_port
        and from_port in (80, 443)
    )


def security_group_violations(index: PlanIndex) -> list[str]:
    problems = []
    groups = {g.config_address: g for g in index.of_type("aws_security_group")}

    def label_of(rule: Resource) -> str:
        labels = [rule.name]
        for ref in rule.references("security_group_id"):
            group = groups.get(ref)
            if group is not None:
                labels += [group.name, str(group.values.get("name") or "")]
        return " ".join(labels)

    for group in groups.values():
        for rule in group.values.get("ingress") or []:
            blocks = [*(rule.get("cidr_blocks") or []), *(rule.get("ipv6_cidr_blocks") or [])]
            label = f"{group.name} {group.values.get('name') or ''}"
            if any(c in WORLD for c in blocks) and not _allowed_world_ingress(label, rule):
                problems.append(
                    f"{index.unit}: {group.address}: admits the world {_rule_ports(rule)}"
                )
    for rule in index.of_type("aws_vpc_security_group_ingress_rule"):
        world = rule.values.get("cidr_ipv4") in WORLD or rule.values.get("cidr_ipv6") in WORLD
        if world and not _allowed_world_ingress(label_of(rule), rule.values):
            problems.append(
                f"{index.unit}: {rule.address}: admits the world {_rule_ports(rule.values)}"
            )
    for rule in index.of_type("aws_security_group_rule"):
        if rule.values.get("type") != "ingress":
            continue
        blocks = [
            *(rule.values.get("cidr_blocks") or []),
            *(rule.values.get("ipv6_cidr_blocks") or []),
        ]
        if any(c in WORLD for c in blocks) and not _allowed_world_ingress(
            label_of(rule), rule.values
        ):
            problems.append(
                f"{index.unit}: {rule.address}: admits the world {_rule_ports(rule.values)}"
            )
    return problems


def _is_data_subnet(subnet: Resource) -> bool:
    tags = subnet.values.get("tags") or {}
    tier = str(tags.get("Tier") or tags.get("tier") or "")
    if tier:
        return tier.lower() in ("data", "database", "db")
    return bool(
        DATA_TIER_NAME.search(subnet.name) or DATA_TIER_NAME.search(str(tags.get("Name", "")))
    )


def data_subnet_violations(index: PlanIndex) -> list[str]:
    """Route tables of data subnets have no route to an internet or NAT gateway."""
    problems = []
    data_subnets = {s.config_address for s in index.of_type("aws_subnet") if _is_data_subnet(s)}
    data_tables: set[str] = set()
    for association in index.of_type("aws_route_table_association"):
        if association.references("subnet_id") & data_subnets:
            data_tables |= association.references("route_table_id")
    for table in index.of_type("aws_route_table"):
        if table.config_address not in data_tables:
            continue
        for route in table.values.get("route") or []:
            if route.get("gateway_id") or route.get("nat_gateway_id"):
                problems.append(f"{index.unit}: {table.address}: data route table routes out")
    for route in index.of_type("aws_route"):
        if not route.references("route_table_id") & data_tables:
            continue
        targets = route.references("gateway_id") | route.references("nat_gateway_id")
        if targets or route.values.get("gateway_id") or route.values.get("nat_gateway_id"):
            problems.append(
                f"{index.unit}: {route.address}: data subnets route to an internet or NAT gateway"
            )
    return problems


def vpc_cidrs(index: PlanIndex) -> list[tuple[str, str]]:
    return [
        (f"{index.unit}: {vpc.address}", str(vpc.values["cidr_block"]))
        for vpc in index.of_type("aws_vpc")
        if vpc.values.get("cidr_block")
    ]


def overlapping(cidrs: Iterable[tuple[str, str]]) -> list[str]:
    """Pairs of VPC ranges that overlap (every VPC must be routable to every other)."""
    items = [(where, ipaddress.ip_network(cidr)) for where, cidr in cidrs]
    problems = []
    for i, (where_a, net_a) in enumerate(items):
        for where_b, net_b in items[i + 1 :]:
            if net_a.overlaps(net_b):
                problems.append(f"{where_a} ({net_a}) overlaps {where_b} ({net_b})")
    return problems


# -- logs, secrets, tags -----------------------------------------------------------------------
def log_group_violations(index: PlanIndex) -> list[str]:
    problems = []
    for group in index.of_type("aws_cloudwatch_log_group"):
        where = f"{index.unit}: {group.address}"
        if not group.is_set("kms_key_id"):
            problems.append(f"{where}: not encrypted with a KMS key")
        retention = group.values.get("retention_in_days")
        if not isinstance(retention, int | float) or retention < MIN_LOG_RETENTION_DAYS:
            problems.append(f"{where}: retention {retention} < {MIN_LOG_RETENTION_DAYS} days")
    return problems


def _rotation_days(rotation: Resource) -> float | None:
    rules = _first(rotation.values.get("rotation_rules"))
    days = rules.get("automatically_after_days")
    if isinstance(days, int | float) and days:
        return float(days)
    expression = str(rules.get("schedule_expression") or "")
    match = re.fullmatch(r"rate\((\d+) (day|days|hour|hours)\)", expression)
    if match:
        value = int(match.group(1))
        return value if match.group(2).startswith("day") else value / 24
    return None


def _rotated_monthly(index: PlanIndex, secret: Resource) -> bool:
    rotations = index.referencing(secret, "aws_secretsmanager_secret_rotation", "secret_id")
    days = [_rotation_days(r) for r in rotations]
    return any(d is not None and d <= MAX_SECRET_ROTATION_DAYS for d in days)


def secret_violations(index: PlanIndex) -> list[str]:
    """Every secret on a customer key and rotated at least monthly. A derived secret (e.g. an
    RDS Proxy login that the rotation of an application secret rewrites) passes through its
    ``RotatedWith`` tag only when that names a secret of the same plan rotated monthly."""
    problems = []
    secrets = index.of_type("aws_secretsmanager_secret")
    rotated = {str(s.values.get("name")) for s in secrets if _rotated_monthly(index, s)}
    for secret in secrets:
        where = f"{index.unit}: {secret.address}"
        if not secret.is_set("kms_key_id"):
            problems.append(f"{where}: not encrypted with a customer-managed key")
        source = (secret.values.get("tags") or {}).get(ROTATED_WITH_TAG)
        if str(secret.values.get("name")) in rotated:
            continue
        if source is None:
            problems.append(f"{where}: not rotated at least every {MAX_SECRET_ROTATION_DAYS} days")
        elif source not in rotated:
            problems.append(
                f"{where}: {ROTATED_WITH_TAG}={source!r} names no secret of this plan rotated"
                f" at least every {MAX_SECRET_ROTATION_DAYS} days"
            )
    for db in index.of_type("aws_db_instance", "aws_rds_cluster"):
        if db.values.get("manage_master_user_password") is True and not db.is_set(
            "master_user_secret_kms_key_id"
        ):
            problems.append(
                f"{index.unit}: {db.address}: RDS-managed master secret without a customer key"
            )
    return problems


def tag_violations(index: PlanIndex, expected: Mapping[str, str]) -> list[str]:
    """Every taggable resource carries the provider's default tags with their values."""
    problems = []
    for resource in index.resources:
        if "tags_all" not in resource.values and resource.unknown.get("tags_all") is not True:
            continue
        tags = resource.values.get("tags_all") or {}
        if resource.unknown.get("tags_all") is True and not tags:
            continue  # computed from unknown tags; default_tags still apply
        missing = {k: v for k, v in expected.items() if tags.get(k) != v}
        if missing:
            problems.append(f"{index.unit}: {resource.address}: default tags missing {missing}")
    return problems


def present(index: PlanIndex, resource_type: str, **values: Any) -> bool:
    """Does the plan create a resource of this type with (at least) these values?"""
    return any(
        all(r.values.get(k) == v for k, v in values.items()) for r in index.of_type(resource_type)
    )
