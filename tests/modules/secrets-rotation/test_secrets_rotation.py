"""modules/secrets-rotation: what the secrets hold, the schedule, the function's wiring and
role, the alarms, and bad input. The function's behaviour is tested in tests/lambda/."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from tfharness.plan import PlanSummary, summarise

ACCOUNT = "111122223333"
KEY = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/11111111-2222-3333-4444-555555555555"
MASTER = f"arn:aws:secretsmanager:us-east-1:{ACCOUNT}:secret:rds!db-1234-AbCdEf"
HOST = "unit-db.abcdefghijkl.us-east-1.rds.amazonaws.com"
DB_SG = "sg-0000000000000000d"
PROXY_SG = "sg-0000000000000000b"
ENDPOINT_SG = "sg-0000000000000000e"
ROTATION_SG = "sg-0000000000000000f"
FUNCTION = "module.under_test.aws_lambda_function.rotation"

pytestmark = pytest.mark.plan


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> dict:
    package = Path(tmp_path_factory.mktemp("pkg")) / "rotation_postgres.zip"
    with zipfile.ZipFile(package, "w") as archive:
        archive.writestr("rotation_postgres/__init__.py", "")
    return {
        "name": "unit-rot",
        "app_users": ["app"],
        "database": {"host": HOST, "dbname": "app", "master_secret_arn": MASTER},
        "kms_key_arn": KEY,
        "vpc_id": "vpc-0123456789abcdef0",
        "subnet_ids": ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"],
        "database_security_group_id": DB_SG,
        "endpoint_security_group_ids": [ENDPOINT_SG],
        "secrets_manager_endpoint_url": "https://secretsmanager.us-east-1.amazonaws.com",
        "ca_bundle_path": "/opt/rds-ca/us-east-1-bundle.pem",
        "package_path": str(package),
    }


@pytest.fixture(scope="module")
def with_proxy(base) -> dict:
    return {
        **base,
        "rds_proxy": {
            "db_instance_identifier": "unit-db",
            "subnet_ids": ["subnet-0123456789abcdef2", "subnet-0123456789abcdef3"],
            "security_group_id": PROXY_SG,
        },
    }


@pytest.fixture(scope="module")
def defaults(plan_call, base) -> PlanSummary:
    return summarise(plan_call("secrets-rotation", base))


@pytest.fixture(scope="module")
def proxied(plan_call, with_proxy) -> PlanSummary:
    return summarise(plan_call("secrets-rotation", with_proxy))


def _change(summary: PlanSummary, address: str) -> dict:
    return next(rc["change"] for rc in summary.raw["resource_changes"] if rc["address"] == address)


def _policy(summary: PlanSummary) -> dict[str, dict]:
    """The role's policy document as planned: the data source is read at apply (its secret
    ARNs are unknown), so its statements come from the planned read, with ``Resource`` set
    only where known at plan time."""
    change = _change(summary, "module.under_test.data.aws_iam_policy_document.rotation")
    statements = {}
    for statement in change["after"]["statement"]:
        entry = {"Action": statement["actions"], "Resource": statement.get("resources")}
        if statement.get("condition"):
            entry["Condition"] = {
                c["test"]: {c["variable"]: c["values"]} for c in statement["condition"]
            }
        statements[statement["sid"]] = entry
    return statements


def _unknown(summary: PlanSummary, address: str, *path: str | int) -> bool:
    """Is the value at ``path`` known only after apply (it, or a value containing it)?"""
    node: Any = _change(summary, address)["after_unknown"]
    for step in path:
        if node is True:
            return True
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            return False
    return node is True


def _as_list(value: str | list[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


# --- The secret --------------------------------------------------------------------------


def test_secret_holds_what_the_rotation_needs_with_tls_required(defaults) -> None:
    version = defaults.resource('module.under_test.aws_secretsmanager_secret_version.app["app"]')
    secret = json.loads(version["secret_string"])
    assert secret["engine"] == "postgres"
    assert secret["host"] == HOST
    assert secret["port"] == 5432
    assert secret["dbname"] == "app"
    assert secret["username"] == "app"
    assert len(secret["password"]) == 32
    assert secret["masterarn"] == MASTER
    assert secret["ssl"] is True
    assert "proxy_host" not in secret


def test_secrets_are_encrypted_with_the_customer_key(defaults, proxied) -> None:
    for summary in (defaults, proxied):
        secrets = summary.of_type("aws_secretsmanager_secret").values()
        assert secrets and all(s["kms_key_id"] == KEY for s in secrets)


def test_rotation_every_30_days_by_the_function(defaults) -> None:
    rotation = defaults.resource('module.under_test.aws_secretsmanager_secret_rotation.app["app"]')
    assert rotation["rotation_rules"][0]["automatically_after_days"] == 30
    assert rotation["rotate_immediately"] is False


def test_rotation_days_is_an_input(plan_call, base) -> None:
    summary = summarise(plan_call("secrets-rotation", {**base, "rotation_days": 7}))
    rotation = summary.resource('module.under_test.aws_secretsmanager_secret_rotation.app["app"]')
    assert rotation["rotation_rules"][0]["automatically_after_days"] == 7


def test_proxy_is_built_from_two_auth_secrets_per_user_with_tls(proxied) -> None:
    proxy = proxied.resource("module.under_test.module.proxy[0].aws_db_proxy.this")
    assert proxy["name"] == "unit-rot-proxy"
    assert proxy["require_tls"] is True
    assert proxy["vpc_security_group_ids"] == [PROXY_SG]
    assert proxy["vpc_subnet_ids"] == ["subnet-0123456789abcdef2", "subnet-0123456789abcdef3"]
    assert [a["client_password_auth_type"] for a in proxy["auth"]] == ["POSTGRES_SCRAM_SHA_256"] * 2
    target = proxied.resource("module.under_test.module.proxy[0].aws_db_proxy_target.this")
    assert target["db_instance_identifier"] == "unit-db"


def test_derived_proxy_secrets_name_the_rotated_secret(proxied) -> None:
    for login in ("app", "app_clone"):
        secret = proxied.resource(f'module.under_test.aws_secretsmanager_secret.proxy["{login}"]')
        assert secret["tags"]["RotatedWith"] == "unit-rot/app"


def test_proxy_gets_two_auth_secrets_per_user(proxied) -> None:
    names = sorted(s["name"] for s in proxied.of_type("aws_secretsmanager_secret").values())
    assert names == ["unit-rot/app", "unit-rot/proxy/app", "unit-rot/proxy/app_clone"]
    for login in ("app", "app_clone"):
        version = proxied.resource(
            f'module.under_test.aws_secretsmanager_secret_version.proxy["{login}"]'
        )
        assert json.loads(version["secret_string"])["username"] == login


# --- The function ------------------------------------------------------------------------


def test_function_runs_the_rotation_lambda_in_the_vpc(defaults) -> None:
    function = defaults.resource(FUNCTION)
    assert function["handler"] == "rotation_postgres.handler.handler"
    assert function["runtime"] == "python3.12"
    assert function["vpc_config"][0]["subnet_ids"] == [
        "subnet-0123456789abcdef0",
        "subnet-0123456789abcdef1",
    ]
    assert function["tracing_config"] == [{"mode": "Active"}]
    assert function["reserved_concurrent_executions"] == 5
    assert function["kms_key_arn"] == KEY
    assert function["timeout"] >= 60 + 30


def test_environment_wires_endpoint_ca_hosts_and_proxy_wait(defaults) -> None:
    env = defaults.resource(FUNCTION)["environment"][0]["variables"]
    assert env == {
        "PG_CA_BUNDLE": "/opt/rds-ca/us-east-1-bundle.pem",
        "SECRETS_MANAGER_ENDPOINT": "https://secretsmanager.us-east-1.amazonaws.com",
        "PG_ALLOWED_HOSTS": HOST,
        "PG_CONNECT_TIMEOUT": "5",
        "PROXY_WAIT_SECONDS": "60",
    }


def test_allowed_hosts_and_secret_wait_for_the_proxy_endpoint(defaults, proxied) -> None:
    """The proxy's endpoint is known only once it exists: with a proxy, the allowed hosts and
    the secret (which names proxy_host) are computed from it; without one they are known."""
    hosts = ("environment", 0, "variables", "PG_ALLOWED_HOSTS")
    assert _unknown(proxied, FUNCTION, *hosts)
    assert not _unknown(defaults, FUNCTION, *hosts)
    version = 'module.under_test.aws_secretsmanager_secret_version.app["app"]'
    assert _unknown(proxied, version, "secret_string")
    assert not _unknown(defaults, version, "secret_string")


def test_existing_group_replaces_the_modules_own(plan_call, base) -> None:
    inputs = {**base, "security_group_id": ROTATION_SG}
    for name in ("vpc_id", "database_security_group_id", "endpoint_security_group_ids"):
        inputs.pop(name)
    summary = summarise(plan_call("secrets-rotation", inputs))
    assert summary.resource(FUNCTION)["vpc_config"][0]["security_group_ids"] == [ROTATION_SG]
    assert not summary.of_type("aws_security_group")
    assert not summary.of_type("aws_vpc_security_group_egress_rule")


def test_dead_letter_queue_is_encrypted(defaults) -> None:
    queue = defaults.resource("module.under_test.aws_sqs_queue.dlq")
    assert queue["kms_master_key_id"] == KEY


def test_egress_only_to_database_proxy_and_endpoints(defaults, proxied) -> None:
    def rules(summary: PlanSummary) -> set[tuple[str, int]]:
        found = summary.of_type("aws_vpc_security_group_egress_rule").values()
        assert all(r.get("cidr_ipv4") is None and r.get("cidr_ipv6") is None for r in found)
        return {(r["referenced_security_group_id"], r["from_port"]) for r in found}

    assert rules(defaults) == {(DB_SG, 5432), (ENDPOINT_SG, 443)}
    assert rules(proxied) == {(DB_SG, 5432), (PROXY_SG, 5432), (ENDPOINT_SG, 443)}
    assert not defaults.of_type("aws_vpc_security_group_ingress_rule")


def test_only_secrets_manager_may_invoke_for_these_secrets(defaults) -> None:
    permission = defaults.resource('module.under_test.aws_lambda_permission.secretsmanager["app"]')
    assert permission["principal"] == "secretsmanager.amazonaws.com"
    assert permission["source_account"].isdigit()


# --- The role ------------------------------------------------------------------------------


def test_role_is_least_privilege(defaults) -> None:
    statements = _policy(defaults)
    assert sorted(_as_list(statements["RotateApplicationSecrets"]["Action"])) == [
        "secretsmanager:DescribeSecret",
        "secretsmanager:GetSecretValue",
        "secretsmanager:PutSecretValue",
        "secretsmanager:UpdateSecretVersionStage",
    ]
    master = statements["ReadMasterSecret"]
    assert master["Action"] == ["secretsmanager:GetSecretValue"]
    assert master["Resource"] == [MASTER]
    kms = statements["SecretKeysThroughSecretsManager"]
    assert kms["Condition"]["StringEquals"]["kms:ViaService"] == [
        "secretsmanager.us-east-1.amazonaws.com"
    ]
    assert "SyncProxySecrets" not in statements
    actions = [a for s in statements.values() for a in _as_list(s["Action"])]
    assert not [a for a in actions if a.endswith(":*") or a == "*"]
    assert not [a for a in actions if a.startswith("rds:")]
    wildcard = {sid for sid, s in statements.items() if "*" in _as_list(s["Resource"])}
    assert wildcard == {"GeneratePasswords", "Tracing", "DescribeNetworkInterfaces"}


def test_role_syncs_only_the_proxy_secrets(proxied) -> None:
    sync = _policy(proxied)["SyncProxySecrets"]
    assert sorted(_as_list(sync["Action"])) == [
        "secretsmanager:GetSecretValue",
        "secretsmanager:PutSecretValue",
    ]


# --- Alarms ------------------------------------------------------------------------------


def test_rotation_failures_raise_an_alarm_to_sns(defaults) -> None:
    topic = defaults.resource("module.under_test.aws_sns_topic.alarms")
    assert topic["kms_master_key_id"] == KEY
    alarm = defaults.resource("module.under_test.aws_cloudwatch_metric_alarm.errors")
    assert alarm["namespace"] == "AWS/Lambda"
    assert alarm["metric_name"] == "Errors"
    assert alarm["dimensions"] == {"FunctionName": "unit-rot-rotation"}
    assert alarm["threshold"] == 1
    assert alarm["treat_missing_data"] == "notBreaching"
    # The topic's ARN is known after apply; the alarm action is that topic.
    alarm_change = _change(defaults, "module.under_test.aws_cloudwatch_metric_alarm.errors")
    assert alarm_change["after_unknown"]["alarm_actions"] in (True, [True])
    rule = defaults.resource("module.under_test.aws_cloudwatch_event_rule.rotation_failed")
    account = defaults.resource('module.under_test.aws_lambda_permission.secretsmanager["app"]')[
        "source_account"
    ]
    detail = json.loads(rule["event_pattern"])["detail"]
    assert detail["eventName"] == ["RotationFailed"]
    assert detail["additionalEventData"]["SecretId"] == [
        {"prefix": f"arn:aws:secretsmanager:us-east-1:{account}:secret:unit-rot/"}
    ]


# --- Bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("inputs", "expected"),
    [
        ({"rotation_days": 91}, "rotation_days must be a whole number of days between 1 and 90"),
        ({"rotation_days": 0}, "rotation_days must be a whole number of days between 1 and 90"),
        ({"require_tls": False}, "require_tls must be true"),
        ({"timeout": 60}, "timeout must be at least proxy_wait_seconds + 30 seconds"),
        (
            {"secrets_manager_endpoint_url": "http://secretsmanager.us-east-1.amazonaws.com"},
            "secrets_manager_endpoint_url must be an https:// URL",
        ),
        ({"app_users": ["app_clone"]}, "not end in _clone"),
        (
            {
                "database": {
                    "engine": "mysql",
                    "host": HOST,
                    "dbname": "app",
                    "master_secret_arn": MASTER,
                }
            },
            'database.engine must be "postgres" or "aurora-postgresql"',
        ),
        (
            {"database": {"host": "https://db", "dbname": "app", "master_secret_arn": MASTER}},
            "database.host must be a bare DNS name",
        ),
        (
            {"kms_key_arn": "alias/aws/secretsmanager"},
            "kms_key_arn must be a customer-managed KMS key ARN",
        ),
        ({"endpoint_security_group_ids": []}, "endpoint_security_group_ids must list"),
        ({"database_security_group_id": None}, "it may be null only with security_group_id"),
        ({"vpc_id": None}, "it may be null only with security_group_id"),
        ({"security_group_id": "default"}, "security_group_id must be a security group id"),
        (
            {
                "rds_proxy": {
                    "db_instance_identifier": "unit-db",
                    "subnet_ids": ["subnet-0123456789abcdef2"],
                    "security_group_id": PROXY_SG,
                }
            },
            "rds_proxy.subnet_ids must list at least two subnets",
        ),
        (
            {
                "rds_proxy": {
                    "db_instance_identifier": "unit-db",
                    "subnet_ids": ["subnet-0123456789abcdef2", "subnet-0123456789abcdef3"],
                    "security_group_id": "proxy",
                }
            },
            "rds_proxy.security_group_id must be a security group id",
        ),
    ],
    ids=[
        "rotation-91",
        "rotation-0",
        "tls-off",
        "timeout-too-short",
        "plain-http-endpoint",
        "clone-user",
        "mysql",
        "host-with-scheme",
        "aws-managed-key",
        "no-endpoints",
        "no-db-group",
        "no-vpc",
        "bad-group",
        "proxy-one-subnet",
        "proxy-bad-group",
    ],
)
def test_bad_input_is_rejected_with_the_rule(plan_error, base, inputs, expected) -> None:
    message = plan_error("secrets-rotation", {**base, **inputs})
    name = next(iter(inputs))
    assert f"var.{name}" in message, message
    assert expected in message, message
