"""modules/rds-proxy: TLS, per-user auth, least-privilege role, pool inputs, bad input."""

from __future__ import annotations

import json

import pytest
from tfharness.plan import PlanSummary, summarise

ACCOUNT = "111122223333"
KEY = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/11111111-2222-3333-4444-555555555555"
APP = f"arn:aws:secretsmanager:us-east-1:{ACCOUNT}:secret:db/proxy/app-AbCdEf"
CLONE = f"arn:aws:secretsmanager:us-east-1:{ACCOUNT}:secret:db/proxy/app_clone-AbCdEf"
IAM_USER = f"arn:aws:secretsmanager:us-east-1:{ACCOUNT}:secret:db/proxy/reporting-AbCdEf"
PROXY = "module.under_test.aws_db_proxy.this"
BASE = {
    "name": "unit-proxy",
    "db_instance_identifier": "unit-db",
    "subnet_ids": ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"],
    "vpc_security_group_ids": ["sg-0123456789abcdef0"],
    "password_auth_secret_arns": [APP, CLONE],
    "iam_auth_secret_arns": [IAM_USER],
    "secret_kms_key_arns": [KEY],
    "log_kms_key_arn": KEY,
}

pytestmark = pytest.mark.plan


@pytest.fixture(scope="module")
def defaults(plan_call) -> PlanSummary:
    return summarise(plan_call("rds-proxy", BASE))


def test_tls_is_required(defaults) -> None:
    assert defaults.resource(PROXY)["require_tls"] is True


def test_password_users_use_scram_and_iam_users_must_use_iam(defaults) -> None:
    auth = {a["secret_arn"]: a for a in defaults.resource(PROXY)["auth"]}
    assert set(auth) == {APP, CLONE, IAM_USER}
    assert all(a["auth_scheme"] == "SECRETS" for a in auth.values())
    assert all(a["client_password_auth_type"] == "POSTGRES_SCRAM_SHA_256" for a in auth.values())
    assert auth[APP]["iam_auth"] == "DISABLED"
    assert auth[CLONE]["iam_auth"] == "DISABLED"
    assert auth[IAM_USER]["iam_auth"] == "REQUIRED"


def test_debug_logging_is_off_and_logs_are_encrypted(defaults) -> None:
    assert defaults.resource(PROXY)["debug_logging"] is False
    group = defaults.resource("module.under_test.aws_cloudwatch_log_group.this")
    assert group["name"] == "/aws/rds/proxy/unit-proxy"
    assert group["kms_key_id"] == KEY
    assert group["retention_in_days"] >= 365


def test_role_reads_only_the_listed_secrets_and_decrypts_only_via_secrets_manager(defaults) -> None:
    policy = json.loads(
        defaults.resource("module.under_test.aws_iam_role_policy.secrets")["policy"]
    )
    by_sid = {s["Sid"]: s for s in policy["Statement"]}
    assert set(by_sid) == {"ReadListedSecrets", "DecryptThroughSecretsManager"}
    read = by_sid["ReadListedSecrets"]
    assert read["Action"] == "secretsmanager:GetSecretValue"
    assert sorted(read["Resource"]) == sorted([APP, CLONE, IAM_USER])
    decrypt = by_sid["DecryptThroughSecretsManager"]
    assert decrypt["Action"] == "kms:Decrypt"
    assert decrypt["Resource"] == KEY
    assert decrypt["Condition"] == {
        "StringEquals": {"kms:ViaService": "secretsmanager.us-east-1.amazonaws.com"}
    }
    assume = json.loads(
        defaults.resource("module.under_test.aws_iam_role.this")["assume_role_policy"]
    )
    assert assume["Statement"][0]["Principal"] == {"Service": "rds.amazonaws.com"}
    assert "aws:SourceAccount" in assume["Statement"][0]["Condition"]["StringEquals"]


def test_pool_settings_are_inputs(plan_call) -> None:
    inputs = {
        **BASE,
        "max_connections_percent": 70,
        "max_idle_connections_percent": 20,
        "connection_borrow_timeout": 30,
        "idle_client_timeout": 900,
        "session_pinning_filters": ["EXCLUDE_VARIABLE_SETS"],
    }
    summary = summarise(plan_call("rds-proxy", inputs))
    pool = summary.resource("module.under_test.aws_db_proxy_default_target_group.this")[
        "connection_pool_config"
    ][0]
    assert pool["max_connections_percent"] == 70
    assert pool["max_idle_connections_percent"] == 20
    assert pool["connection_borrow_timeout"] == 30
    assert pool["session_pinning_filters"] == ["EXCLUDE_VARIABLE_SETS"]
    assert summary.resource(PROXY)["idle_client_timeout"] == 900


def test_read_only_endpoint_only_when_asked(plan_call, defaults) -> None:
    endpoint = "module.under_test.aws_db_proxy_endpoint.read_only[0]"
    assert endpoint not in defaults.values
    summary = summarise(plan_call("rds-proxy", {**BASE, "read_only_endpoint": True}))
    assert summary.resource(endpoint)["target_role"] == "READ_ONLY"


@pytest.mark.parametrize(
    ("inputs", "expected"),
    [
        ({"require_tls": False}, "require_tls must be true"),
        (
            {"password_auth_secret_arns": ["*"]},
            "password_auth_secret_arns must be Secrets Manager secret ARNs",
        ),
        (
            {"iam_auth_secret_arns": [], "password_auth_secret_arns": []},
            "must name at least one secret between them",
        ),
        ({"iam_auth_secret_arns": [APP]}, "must not share a secret"),
        (
            {"secret_kms_key_arns": ["arn:aws:kms:*:*:key/*"]},
            "secret_kms_key_arns must list at least one KMS key ARN",
        ),
        (
            {"max_connections_percent": 101},
            "max_connections_percent must be a whole number between 1 and 100",
        ),
        (
            {"max_idle_connections_percent": 95},
            "max_idle_connections_percent must not exceed max_connections_percent",
        ),
        (
            {"connection_borrow_timeout": 3601},
            "connection_borrow_timeout must be a whole number of seconds between 0 and 3600",
        ),
        (
            {"log_retention_days": 90},
            "log_retention_days must be a CloudWatch Logs retention of at least 365 days",
        ),
    ],
    ids=[
        "tls-off",
        "wildcard-secret",
        "no-secrets",
        "iam-and-password",
        "wildcard-key",
        "pool-over-100",
        "idle-over-max",
        "borrow-timeout",
        "short-logs",
    ],
)
def test_bad_input_is_rejected_with_the_rule(plan_error, inputs, expected) -> None:
    message = plan_error("rds-proxy", {**BASE, **inputs})
    name = next(iter(inputs))
    assert f"var.{name}" in message, message
    assert expected in message, message
