"""modules/elasticache-redis: failover, encryption, AUTH from Secrets Manager, logs, bad input."""

from __future__ import annotations

import pytest
from tfharness.plan import PlanSummary, summarise

KEY = "arn:aws:kms:us-east-1:111122223333:key/11111111-2222-3333-4444-555555555555"
SG = "sg-0123456789abcdef0"
GROUP = "module.under_test.aws_elasticache_replication_group.this[0]"

pytestmark = pytest.mark.plan


@pytest.fixture(scope="module")
def base(data_tier_subnets) -> dict:
    return {
        "name": "unit-redis",
        "kms_key_arn": KEY,
        "subnet_ids": data_tier_subnets["data"],
        "security_group_ids": [SG],
    }


@pytest.fixture(scope="module")
def defaults(plan_call, base) -> PlanSummary:
    return summarise(plan_call("elasticache-redis", base))


def test_failover_across_azs(defaults) -> None:
    group = defaults.resource(GROUP)
    assert group["automatic_failover_enabled"] is True
    assert group["multi_az_enabled"] is True
    assert group["num_cache_clusters"] >= 2


def test_encrypted_at_rest_with_the_customer_key_and_in_transit(defaults) -> None:
    group = defaults.resource(GROUP)
    assert str(group["at_rest_encryption_enabled"]).lower() == "true"
    assert group["kms_key_id"] == KEY
    assert group["transit_encryption_enabled"] is True
    assert group["transit_encryption_mode"] == "required"


def test_auth_token_comes_from_a_cmk_encrypted_secret(defaults) -> None:
    group = defaults.resource(GROUP)
    secret = defaults.resource("module.under_test.aws_secretsmanager_secret.auth")
    version = defaults.resource("module.under_test.aws_secretsmanager_secret_version.auth")
    assert secret["kms_key_id"] == KEY
    assert group["auth_token"] == version["secret_string"]
    assert 16 <= len(group["auth_token"]) <= 128
    assert group["auth_token_update_strategy"] == "ROTATE"


def test_snapshots_are_kept_and_taken_on_delete(defaults) -> None:
    group = defaults.resource(GROUP)
    assert group["snapshot_retention_limit"] >= 1
    assert group["final_snapshot_identifier"] == "unit-redis-final"


def test_slow_and_engine_logs_go_to_kms_log_groups(defaults) -> None:
    group = defaults.resource(GROUP)
    assert sorted(c["log_type"] for c in group["log_delivery_configuration"]) == [
        "engine-log",
        "slow-log",
    ]
    groups = defaults.of_type("aws_cloudwatch_log_group").values()
    assert all(g["kms_key_id"] == KEY and g["retention_in_days"] >= 365 for g in groups)


def test_switching_the_group_off_keeps_secret_and_logs(plan_call, base) -> None:
    summary = summarise(plan_call("elasticache-redis", {**base, "create_replication_group": False}))
    assert GROUP not in summary.values
    assert "module.under_test.aws_elasticache_subnet_group.this[0]" not in summary.values
    assert "module.under_test.aws_secretsmanager_secret.auth" in summary.values


@pytest.mark.parametrize(
    ("inputs", "expected"),
    [
        ({"at_rest_encryption_enabled": False}, "at_rest_encryption_enabled must be true"),
        ({"transit_encryption_enabled": False}, "transit_encryption_enabled must be true"),
        ({"num_cache_clusters": 1}, "num_cache_clusters must be a whole number between 2 and 6"),
        (
            {"snapshot_retention_limit": 0},
            "snapshot_retention_limit must be a whole number of days between 1 and 35",
        ),
        (
            {"kms_key_arn": "alias/aws/elasticache"},
            "kms_key_arn must be a customer-managed KMS key ARN",
        ),
        ({"engine_version": "6.2"}, "engine_version must be major.minor, 7.0 or later"),
        (
            {"log_retention_days": 14},
            "log_retention_days must be a CloudWatch Logs retention of at least 365 days",
        ),
    ],
    ids=[
        "at-rest-off",
        "transit-off",
        "single-node",
        "no-snapshots",
        "aws-managed-key",
        "redis-6",
        "short-logs",
    ],
)
def test_bad_input_is_rejected_with_the_rule(plan_error, base, inputs, expected) -> None:
    message = plan_error("elasticache-redis", {**base, **inputs})
    name = next(iter(inputs))
    assert f"var.{name}" in message, message
    assert expected in message, message


def test_public_subnet_group_is_rejected(plan_error, base, data_tier_subnets) -> None:
    public = data_tier_subnets["internet_routed"]
    message = plan_error(
        "elasticache-redis", {**base, "subnet_ids": [data_tier_subnets["data"][0], public]}
    )
    assert "subnet_ids must be private data-tier subnets" in message, message
    assert f"{public} routes to an internet gateway" in message, message
