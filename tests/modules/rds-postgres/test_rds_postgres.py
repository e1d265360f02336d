"""modules/rds-postgres: secure defaults, the parameter group, the replica, and bad input."""

from __future__ import annotations

import json

import pytest
from tfharness.plan import PlanSummary, summarise

KEY = "arn:aws:kms:us-east-1:111122223333:key/11111111-2222-3333-4444-555555555555"
SG = "sg-0123456789abcdef0"
DB = "module.under_test.aws_db_instance.this"
REPLICA = "module.under_test.aws_db_instance.replica[0]"
PARAMS = "module.under_test.aws_db_parameter_group.this"
# Static PostgreSQL parameters among those the module sets: RDS rejects an immediate apply.
STATIC = {"shared_preload_libraries"}

pytestmark = pytest.mark.plan


@pytest.fixture(scope="module")
def base(data_tier_subnets) -> dict:
    return {
        "identifier": "unit-db",
        "kms_key_arn": KEY,
        "subnet_ids": data_tier_subnets["data"],
        "vpc_security_group_ids": [SG],
    }


@pytest.fixture(scope="module")
def defaults(plan_call, base) -> PlanSummary:
    return summarise(plan_call("rds-postgres", base))


def _parameters(summary: PlanSummary) -> dict[str, dict]:
    return {p["name"]: p for p in summary.resource(PARAMS)["parameter"]}


# --- The controls the issue names: each has its own test ----------------------------------


def test_tls_is_enforced_by_the_parameter_group(defaults) -> None:
    params = _parameters(defaults)
    assert params["rds.force_ssl"]["value"] == "1"
    assert params["ssl_min_protocol_version"]["value"] == "TLSv1.2"
    assert defaults.resource(DB)["parameter_group_name"] == "unit-db"


def test_multi_az_is_on_by_default(defaults) -> None:
    assert defaults.resource(DB)["multi_az"] is True


def test_deletion_protection_is_on_by_default(defaults) -> None:
    db = defaults.resource(DB)
    assert db["deletion_protection"] is True
    assert db["skip_final_snapshot"] is False
    assert db["final_snapshot_identifier"] == "unit-db-final"
    assert db["delete_automated_backups"] is False


def test_storage_is_encrypted_with_the_customer_key_on_autoscaling_gp3(defaults) -> None:
    db = defaults.resource(DB)
    assert db["storage_encrypted"] is True
    assert db["kms_key_id"] == KEY
    assert db["storage_type"] == "gp3"
    assert db["max_allocated_storage"] > db["allocated_storage"]


def test_master_password_is_managed_by_rds_under_the_customer_key(defaults) -> None:
    db = defaults.resource(DB)
    assert db["manage_master_user_password"] is True
    assert db["master_user_secret_kms_key_id"] == KEY
    assert db.get("password") is None


def test_backups_monitoring_and_authentication_defaults(defaults) -> None:
    db = defaults.resource(DB)
    assert db["backup_retention_period"] == 35
    assert db["copy_tags_to_snapshot"] is True
    assert db["publicly_accessible"] is False
    assert db["iam_database_authentication_enabled"] is True
    assert db["ca_cert_identifier"] == "rds-ca-rsa2048-g1"
    assert db["performance_insights_enabled"] is True
    assert db["performance_insights_kms_key_id"] == KEY
    assert db["monitoring_interval"] == 60
    assert db["auto_minor_version_upgrade"] is True
    assert db["engine"] == "postgres"
    assert db["engine_version"] == "17"
    assert sorted(db["enabled_cloudwatch_logs_exports"]) == ["postgresql", "upgrade"]


def test_audit_logging_parameters(defaults) -> None:
    params = _parameters(defaults)
    assert params["log_connections"]["value"] == "1"
    assert params["log_disconnections"]["value"] == "1"
    assert params["log_min_duration_statement"]["value"] == "1000"
    assert params["log_statement"]["value"] == "ddl"
    assert "pgaudit" in params["shared_preload_libraries"]["value"].split(",")
    assert params["pgaudit.log"]["value"] == "ddl,role"
    assert params["pgaudit.log_parameter"]["value"] == "0"
    assert params["password_encryption"]["value"] == "scram-sha-256"


def test_static_parameters_apply_at_reboot_and_dynamic_ones_at_once(defaults) -> None:
    for name, param in _parameters(defaults).items():
        expected = "pending-reboot" if name in STATIC else "immediate"
        assert param["apply_method"] == expected, name


def test_log_groups_are_kms_encrypted_and_kept_a_year(defaults) -> None:
    groups = list(defaults.of_type("aws_cloudwatch_log_group").values())
    assert sorted(g["name"] for g in groups) == [
        "/aws/rds/instance/unit-db/postgresql",
        "/aws/rds/instance/unit-db/upgrade",
    ]
    assert all(g["kms_key_id"] == KEY and g["retention_in_days"] >= 365 for g in groups)


def test_monitoring_role_trusts_only_rds_monitoring_of_this_account(defaults) -> None:
    role = defaults.resource("module.under_test.aws_iam_role.monitoring")
    statement = json.loads(role["assume_role_policy"])["Statement"][0]
    assert statement["Principal"] == {"Service": "monitoring.rds.amazonaws.com"}
    assert "aws:SourceAccount" in statement["Condition"]["StringEquals"]


def test_no_replica_unless_asked(defaults) -> None:
    assert REPLICA not in defaults.values


def test_replica_is_encrypted_monitored_and_protected(plan_call, base) -> None:
    summary = summarise(plan_call("rds-postgres", {**base, "read_replica": {}}))
    replica = summary.resource(REPLICA)
    assert replica["replicate_source_db"] == "unit-db"
    assert replica["storage_encrypted"] is True
    assert replica["kms_key_id"] == KEY
    assert replica["publicly_accessible"] is False
    assert replica["deletion_protection"] is True
    assert replica["multi_az"] is True
    assert replica["parameter_group_name"] == "unit-db"
    assert replica["performance_insights_kms_key_id"] == KEY
    names = {g["name"] for g in summary.of_type("aws_cloudwatch_log_group").values()}
    assert "/aws/rds/instance/unit-db-replica/postgresql" in names


# --- Bad input: each rule fails the plan with a message naming the input and the rule ----


@pytest.mark.parametrize(
    ("inputs", "expected"),
    [
        (
            {"backup_retention_period": 6},
            "backup_retention_period must be a whole number of days between 7 and 35",
        ),
        (
            {"backup_retention_period": 36},
            "backup_retention_period must be a whole number of days between 7 and 35",
        ),
        ({"storage_encrypted": False}, "storage_encrypted must be true"),
        ({"kms_key_arn": "alias/aws/rds"}, "kms_key_arn must be a customer-managed KMS key ARN"),
        ({"engine_version": "14"}, "engine_version must be a PostgreSQL major"),
        (
            {"max_allocated_storage": 50},
            "max_allocated_storage must be larger than allocated_storage",
        ),
        ({"monitoring_interval": 0}, "monitoring_interval must be one of 1, 5, 10, 15, 30 or 60"),
        (
            {"log_retention_days": 30},
            "log_retention_days must be a CloudWatch Logs retention of at least 365 days",
        ),
        ({"ca_cert_identifier": "rds-ca-2019"}, "ca_cert_identifier must be a current RDS CA"),
        ({"subnet_ids": ["subnet-0123abcd"]}, "subnet_ids must list at least two subnet ids"),
        (
            {"extra_parameters": [{"name": "rds.force_ssl", "value": "0"}]},
            "extra_parameters must not set a parameter the module enforces",
        ),
        ({"master_username": "postgres"}, "master_username must be 1-63 lowercase letters"),
    ],
    ids=[
        "backup-6",
        "backup-36",
        "encryption-off",
        "aws-managed-key",
        "postgres-14",
        "no-autoscaling-headroom",
        "monitoring-off",
        "short-log-retention",
        "expired-ca",
        "one-subnet",
        "force-ssl-override",
        "reserved-master-name",
    ],
)
def test_bad_input_is_rejected_with_the_rule(plan_error, base, inputs, expected) -> None:
    message = plan_error("rds-postgres", {**base, **inputs})
    name = next(iter(inputs))
    assert f"var.{name}" in message, message
    assert expected in message, message


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("public_ip", "assigns public IPs on launch (a public subnet)"),
        ("tagged_public", "is tagged Tier = public"),
        ("internet_routed", "routes to an internet gateway (a public subnet)"),
    ],
)
def test_public_subnet_group_is_rejected(
    plan_error, base, data_tier_subnets, kind, expected
) -> None:
    subnets = [data_tier_subnets["data"][0], data_tier_subnets[kind]]
    message = plan_error("rds-postgres", {**base, "subnet_ids": subnets})
    assert "subnet_ids must be private data-tier subnets" in message, message
    assert data_tier_subnets[kind] in message, message
    assert expected in message, message
