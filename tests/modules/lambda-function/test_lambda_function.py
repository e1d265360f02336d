"""modules/lambda-function: role policy, alias routing, defaults, and every input rule.

The last test applies the blue/green example on the emulator and walks a release: publish
v2 beside v1, shift 20 % to it, roll back by weight, promote it.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from tfharness.e2e import unexpected_changes
from tfharness.lambda_build import package_path
from tfharness.paths import MODULES_DIR
from tfharness.plan import summarise
from tfharness.terraform import Terraform, tfvars_file, working_copy

KEY = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
BASE: dict[str, Any] = {
    "function_name": "unit-fn",
    "package_path": str(package_path("hello_phi")),
    "handler": "hello_phi.handler.handler",
    "kms_key_arn": KEY,
    "vpc_config": None,
}
FUNCTION = "module.under_test.aws_lambda_function.this"
ALIAS = "module.under_test.aws_lambda_alias.live"
POLICY = "module.under_test.aws_iam_role_policy.function"

pytestmark = pytest.mark.plan


def _plan(plan_call, **inputs: Any):
    return summarise(plan_call("lambda-function", {**BASE, **inputs}))


def _statements(summary) -> dict[str, dict[str, Any]]:
    policy = json.loads(summary.resource(POLICY)["policy"])
    return {s.get("Sid", ""): s for s in policy["Statement"]}


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def test_defaults_are_the_secure_ones(plan_call) -> None:
    summary = _plan(plan_call)
    function = summary.resource(FUNCTION)
    assert function["publish"] is True
    assert function["kms_key_arn"] == KEY
    assert function["tracing_config"] == [{"mode": "Active"}]
    assert function["reserved_concurrent_executions"] == 10
    assert function["runtime"] == "python3.12"
    assert function["logging_config"][0]["log_format"] == "JSON"
    assert function["logging_config"][0]["log_group"] == "/aws/lambda/unit-fn"
    assert function["vpc_config"] == []
    logs = summary.resource("module.under_test.aws_cloudwatch_log_group.this")
    assert logs["retention_in_days"] == 365 and logs["kms_key_id"] == KEY
    queue = summary.resource("module.under_test.aws_sqs_queue.dlq[0]")
    assert queue["name"] == "unit-fn-dlq" and queue["kms_master_key_id"] == KEY
    assert summary.counts.get("aws_lambda_code_signing_config", 0) == 0


def test_role_policy_grants_only_what_running_needs(plan_call) -> None:
    summary = _plan(plan_call)
    statements = _statements(summary)
    assert set(statements) == {
        "WriteOwnLogs",
        "DecryptOwnEnvironment",
        "SendFailedEvents",
        "EncryptFailedEvents",
        "Tracing",
    }
    logs = statements["WriteOwnLogs"]
    assert sorted(_as_list(logs["Action"])) == ["logs:CreateLogStream", "logs:PutLogEvents"]
    assert logs["Resource"].endswith(":log-group:/aws/lambda/unit-fn:*")
    decrypt = statements["DecryptOwnEnvironment"]
    assert decrypt["Action"] == "kms:Decrypt" and decrypt["Resource"] == KEY
    assert decrypt["Condition"] == {
        "StringEquals": {"kms:ViaService": "lambda.us-east-1.amazonaws.com"}
    }
    assert statements["SendFailedEvents"]["Action"] == "sqs:SendMessage"
    assert statements["SendFailedEvents"]["Resource"].endswith(":unit-fn-dlq")
    assert statements["EncryptFailedEvents"]["Condition"]["StringEquals"] == {
        "kms:ViaService": "sqs.us-east-1.amazonaws.com"
    }
    wildcard = [s for s in statements.values() if s["Resource"] == "*"]
    assert [s["Sid"] for s in wildcard] == ["Tracing"]
    every_action = [a for s in statements.values() for a in _as_list(s["Action"])]
    assert "logs:CreateLogGroup" not in every_action
    assert not [a for a in every_action if a == "*" or a.endswith(":*")]


def test_trust_policy_admits_lambda_for_this_account_only(plan_call) -> None:
    summary = _plan(plan_call)
    trust = json.loads(
        summary.resource("module.under_test.aws_iam_role.this")["assume_role_policy"]
    )
    (statement,) = trust["Statement"]
    assert statement["Principal"] == {"Service": "lambda.amazonaws.com"}
    assert list(statement["Condition"]["StringEquals"]) == ["aws:SourceAccount"]


def test_policy_json_is_merged_into_the_role_policy(plan_call) -> None:
    document = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "ReadAppointments",
                "Effect": "Allow",
                "Action": ["dynamodb:GetItem", "dynamodb:Query"],
                "Resource": "arn:aws:dynamodb:us-east-1:111122223333:table/appointments",
            }
        ],
    }
    statements = _statements(_plan(plan_call, policy_json=json.dumps(document)))
    assert statements["ReadAppointments"]["Action"] == ["dynamodb:GetItem", "dynamodb:Query"]
    assert "WriteOwnLogs" in statements


def test_vpc_placement_adds_scoped_network_interface_permissions(plan_call) -> None:
    vpc = {"subnet_ids": ["subnet-0a1b2c3d", "subnet-0e1f2a3b"], "security_group_ids": ["sg-0aa1"]}
    summary = _plan(plan_call, vpc_config=vpc)
    placed = summary.resource(FUNCTION)["vpc_config"][0]
    assert placed["subnet_ids"] == vpc["subnet_ids"]
    assert placed["security_group_ids"] == vpc["security_group_ids"]
    statements = _statements(summary)
    assert statements["DescribeNetwork"]["Resource"] == "*"
    assert all(a.startswith("ec2:Describe") for a in statements["DescribeNetwork"]["Action"])
    manage = statements["ManageOwnNetworkInterfaces"]
    resources = _as_list(manage["Resource"])
    assert any(r.endswith(":subnet/subnet-0a1b2c3d") for r in resources)
    assert any(r.endswith(":security-group/sg-0aa1") for r in resources)
    assert "*" not in resources
    assert "ec2:CreateNetworkInterface" in manage["Action"]


def test_outside_a_vpc_the_role_has_no_ec2_permissions(plan_call) -> None:
    statements = _statements(_plan(plan_call))
    assert not [s for s in statements.values() if "ec2:" in json.dumps(s["Action"])]


def test_an_external_sns_dead_letter_target_replaces_the_queue(plan_call) -> None:
    topic = "arn:aws:sns:us-east-1:111122223333:failed-events"
    summary = _plan(plan_call, dead_letter_target_arn=topic)
    assert summary.resource(FUNCTION)["dead_letter_config"] == [{"target_arn": topic}]
    assert summary.counts.get("aws_sqs_queue", 0) == 0
    statements = _statements(summary)
    assert statements["SendFailedEvents"] == {
        "Sid": "SendFailedEvents",
        "Effect": "Allow",
        "Action": "sns:Publish",
        "Resource": topic,
    }
    assert "EncryptFailedEvents" not in statements


def test_live_alias_serves_the_new_version_by_default(plan_call) -> None:
    alias = _plan(plan_call).resource(ALIAS)
    assert alias["name"] == "live"
    assert alias["routing_config"] == []
    assert "function_version" not in alias  # the version this apply publishes (unknown)


def test_canary_splits_live_between_two_published_versions(plan_call) -> None:
    summary = _plan(plan_call, live_version="3", canary={"version": "4", "weight": 0.25})
    alias = summary.resource(ALIAS)
    assert alias["function_version"] == "3"
    assert alias["routing_config"] == [{"additional_version_weights": {"4": 0.25}}]


def test_weight_zero_rolls_the_canary_back(plan_call) -> None:
    alias = _plan(plan_call, live_version="3", canary={"version": "4", "weight": 0}).resource(ALIAS)
    assert alias["routing_config"] == [{"additional_version_weights": {"4": 0}}]


def test_signing_profiles_create_an_enforcing_code_signing_config(plan_call) -> None:
    profile = "arn:aws:signer:us-east-1:111122223333:/signing-profiles/phi_release/AbCdEf1234"
    summary = _plan(plan_call, signing_profile_version_arns=[profile])
    config = summary.resource("module.under_test.aws_lambda_code_signing_config.this[0]")
    assert config["allowed_publishers"] == [{"signing_profile_version_arns": [profile]}]
    assert config["policies"] == [{"untrusted_artifact_on_deployment": "Enforce"}]


def test_unreserved_concurrency_is_recorded_with_its_reason(plan_call) -> None:
    reason = "fan-out worker sized by the account pool"
    function = _plan(
        plan_call, reserved_concurrent_executions=None, unreserved_concurrency_reason=reason
    ).resource(FUNCTION)
    assert function["reserved_concurrent_executions"] == -1
    assert function["tags"]["UnreservedConcurrencyReason"] == reason


def test_text_logs_need_no_logging_config(plan_call) -> None:
    function = _plan(plan_call, log_format="Text").resource(FUNCTION)
    assert function.get("logging_config") in (None, [])  # Lambda's default: Text, same group


def test_vpc_placement_is_a_required_decision(plan_error) -> None:
    inputs = {k: v for k, v in BASE.items() if k != "vpc_config"}
    message = plan_error("lambda-function", inputs)
    assert 'argument "vpc_config" is required' in message, message


def test_a_cmk_is_required(plan_error) -> None:
    inputs = {k: v for k, v in BASE.items() if k != "kms_key_arn"}
    message = plan_error("lambda-function", inputs)
    assert 'argument "kms_key_arn" is required' in message, message


PROFILE = "arn:aws:signer:us-east-1:111122223333:/signing-profiles/phi_release/AbCdEf1234"
CSC = "arn:aws:lambda:us-east-1:111122223333:code-signing-config:csc-0abc"
BAD_INPUTS = [
    ("canary-weight-above-1", {"canary": {"version": "4", "weight": 1.5}}, "between 0 and 1"),
    ("canary-weight-1", {"canary": {"version": "4", "weight": 1}}, "between 0 and 1"),
    ("canary-weight-negative", {"canary": {"version": "4", "weight": -0.1}}, "between 0 and 1"),
    ("canary-version-latest", {"canary": {"version": "$LATEST", "weight": 0.1}}, "version number"),
    (
        "canary-equals-live",
        {"canary": {"version": "3", "weight": 0.1}, "live_version": "3"},
        "canary.version must differ from live_version",
    ),
    (
        "live-version-latest",
        {"live_version": "$LATEST"},
        "live_version must be null or a published",
    ),
    ("retention-30", {"log_retention_days": 30}, "log_retention_days must be at least 365"),
    ("retention-364", {"log_retention_days": 364}, "log_retention_days must be at least 365"),
    ("kms-alias", {"kms_key_arn": "alias/aws/lambda"}, "customer-managed KMS key ARN"),
    ("log-kms-alias", {"log_kms_key_arn": "alias/x"}, "log_kms_key_arn must be null or a KMS"),
    ("package-not-zip", {"package_path": "build/lambda/x.tar"}, "path of a .zip file"),
    ("handler-no-dot", {"handler": "handler"}, "dotted Python path"),
    ("runtime-python39", {"runtime": "python3.9"}, "Python 3.10+ Lambda runtime"),
    ("runtime-node", {"runtime": "nodejs20.x"}, "Python 3.10+ Lambda runtime"),
    ("architecture", {"architecture": "x86"}, 'must be "x86_64" or "arm64"'),
    ("memory-64", {"memory_size": 64}, "between 128 and 10240"),
    ("timeout-901", {"timeout": 901}, "between 1 and 900"),
    ("timeout-fraction", {"timeout": 2.5}, "between 1 and 900"),
    ("env-reserved", {"environment": {"AWS_REGION": "x"}}, "reserved by the Lambda runtime"),
    ("env-bad-key", {"environment": {"1X": "y"}}, "must start with a letter"),
    ("env-secret", {"environment": {"DB_PASSWORD": "hunter2"}}, "must not carry secrets"),
    ("env-too-big", {"environment": {"BIG": "x" * 4100}}, "4 KB"),
    ("reserved-0", {"reserved_concurrent_executions": 0}, "whole number >= 1"),
    (
        "reason-too-long",
        {"reserved_concurrent_executions": None, "unreserved_concurrency_reason": "r" * 257},
        "at most 256 characters (it becomes a tag value)",
    ),
    (
        "unreserved-without-reason",
        {"reserved_concurrent_executions": None},
        "needs unreserved_concurrency_reason",
    ),
    ("policy-not-json", {"policy_json": "allow all"}, "IAM policy document in JSON"),
    (
        "policy-star",
        {
            "policy_json": json.dumps(
                {"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
            )
        },
        "must not allow `*` or service-wide",
    ),
    (
        "policy-service-star",
        {
            "policy_json": json.dumps(
                {"Statement": [{"Effect": "Allow", "Action": ["s3:*"], "Resource": "*"}]}
            )
        },
        "must not allow `*` or service-wide",
    ),
    (
        "policy-not-action",
        {
            "policy_json": json.dumps(
                {"Statement": [{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}]}
            )
        },
        "NotAction/NotResource",
    ),
    (
        "vpc-bad-subnet",
        {"vpc_config": {"subnet_ids": ["10.0.0.0/24"], "security_group_ids": ["sg-1"]}},
        "vpc_config.subnet_ids must list at least one subnet id",
    ),
    (
        "vpc-no-security-group",
        {"vpc_config": {"subnet_ids": ["subnet-1"], "security_group_ids": []}},
        "vpc_config.security_group_ids must list 1-5",
    ),
    ("dlq-not-arn", {"dead_letter_target_arn": "my-queue"}, "SQS queue / SNS topic ARN"),
    ("dlq-retention", {"dlq_message_retention_seconds": 30}, "between 60 and 1209600"),
    ("tracing-off", {"tracing_mode": "Off"}, 'must be "Active" or "PassThrough"'),
    ("function-name", {"function_name": "a" * 61}, "1-60 letters, digits"),
    ("description", {"description": "d" * 257}, "at most 256 characters"),
    ("log-format", {"log_format": "XML"}, 'must be "JSON" or "Text"'),
    ("log-level", {"application_log_level": "VERBOSE"}, "TRACE, DEBUG, INFO"),
    ("boundary", {"permissions_boundary_arn": "AdminBoundary"}, "must be null or an IAM policy"),
    ("csc-arn", {"code_signing_config_arn": "csc-123"}, "code signing config ARN"),
    ("signer-arn", {"signing_profile_version_arns": ["profile"]}, "AWS Signer profile version"),
    (
        "signing-both",
        {
            "signing_profile_version_arns": [PROFILE],
            "code_signing_config_arn": CSC,
        },
        "mutually exclusive",
    ),
    ("untrusted-artifact", {"untrusted_artifact_on_deployment": "Allow"}, '"Enforce" or "Warn"'),
]


@pytest.mark.parametrize(
    ("inputs", "expected"),
    [(inputs, expected) for _, inputs, expected in BAD_INPUTS],
    ids=[name for name, _, _ in BAD_INPUTS],
)
def test_bad_input_is_rejected_with_the_rule(plan_error, inputs, expected) -> None:
    message = plan_error("lambda-function", {**BASE, **inputs})
    named = [f"var.{name}" for name in inputs]
    assert any(n in message for n in named), message
    assert expected in message, message


# --- Blue/green on the emulator ----------------------------------------------------------------

STEPS: list[tuple[str, dict[str, Any], str, dict[str, float]]] = [
    # (what, inputs, version `live` serves, canary weights)
    ("first release", {}, "1", {}),
    ("v2 published beside v1", {"release": "2", "live_version": "1"}, "1", {}),
    (
        "20 % shifted to v2",
        {"release": "2", "live_version": "1", "canary": {"version": "2", "weight": 0.2}},
        "1",
        {"2": 0.2},
    ),
    (
        "rolled back by weight",
        {"release": "2", "live_version": "1", "canary": {"version": "2", "weight": 0}},
        "1",
        {"2": 0.0},
    ),
    ("v2 promoted", {"release": "2", "live_version": "2"}, "2", {}),
]


@pytest.mark.e2e
@pytest.mark.slow
def test_blue_green_release_on_the_emulator(toolchain, fresh_emulator) -> None:
    example = MODULES_DIR / "lambda-function" / "examples" / "blue-green"
    emulator_inputs = {"enable_dead_letter": False, "log_format": "Text"}  # see blue-green.e2e.yaml
    client = fresh_emulator.client("lambda")
    with working_copy(example) as workdir:
        tf = Terraform(workdir, toolchain, env=fresh_emulator.process_env())
        var_files: list = []
        try:
            for what, inputs, serving, weights in STEPS:
                var_files = [tfvars_file(workdir, {**emulator_inputs, **inputs}, "step")]
                tf.apply(var_files=var_files)
                alias = client.get_alias(FunctionName="phi-example-bluegreen", Name="live")
                assert alias["FunctionVersion"] == serving, what
                routed = alias.get("RoutingConfig", {}).get("AdditionalVersionWeights", {})
                assert routed == weights, what
                assert tf.outputs()["alias_canary_weights"] == weights, what
            versions = client.list_versions_by_function(FunctionName="phi-example-bluegreen")
            assert sorted(v["Version"] for v in versions["Versions"]) == ["$LATEST", "1", "2"]
            drift, _ = unexpected_changes(tf.plan_json(var_files=var_files))
            assert not drift, [str(d) for d in drift]
        finally:
            tf.destroy(var_files=var_files)
