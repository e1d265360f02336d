"""modules/intake: event wiring, least privilege, encryption and alarms on a direct call, and
every input rule.

The functions themselves are tested on a real PostgreSQL server in tests/workflows/.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from tfharness.badinput import BadInput
from tfharness.plan import PlanSummary, summarise

ACCOUNT = "111122223333"
KEY = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"
DB_KEY = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/00000000-12ab-34cd-56ef-1234567890ab"
SECRET = f"arn:aws:secretsmanager:us-east-1:{ACCOUNT}:secret:db/intake-AbCdEf"
ISSUER = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123"
REVIEWER = f"arn:aws:iam::{ACCOUNT}:role/security-review"
ALARMS = f"arn:aws:sns:us-east-1:{ACCOUNT}:alarms"
BASE: dict[str, Any] = {
    "name": "unit-intake",
    "bucket_name": "unit-intake-docs",
    "kms_key_arn": KEY,
    "access_log_bucket": "unit-access-logs",
    "vpc_config": {"subnet_ids": ["subnet-0a", "subnet-0b"], "security_group_ids": ["sg-01"]},
    "database": {"secret_arn": SECRET, "secret_kms_key_arn": DB_KEY},
    "jwt": {"issuer": ISSUER, "audience": ["portalclient"]},
    "alarm_actions": [ALARMS],
    "quarantine_reader_arns": [REVIEWER],
}
M = "module.under_test"
BUCKET_ARN = "arn:aws:s3:::unit-intake-docs"
QUEUE_ARN = "arn:aws:sqs:us-east-1:{account}:unit-intake-objects"
ROLES = ("process", "upload")

pytestmark = pytest.mark.plan


@pytest.fixture(scope="module")
def summary(plan_call) -> PlanSummary:
    return summarise(plan_call("intake", BASE))


def _data_source(plan: dict[str, Any], address: str) -> dict[str, Any]:
    """Values of a data source read at plan time (kept in the plan's prior_state)."""
    stack = [plan["prior_state"]["values"]["root_module"]]
    while stack:
        module = stack.pop()
        for resource in module.get("resources", []):
            if resource["address"] == address:
                return resource["values"]
        stack.extend(module.get("child_modules", []))
    raise KeyError(address)


def _policy(summary: PlanSummary, role: str) -> list[dict[str, Any]]:
    """The statements of a function's data-access policy and of its key policy together."""
    data = json.loads(summary.resource(f"{M}.aws_iam_role_policy.{role}_data")["policy"])
    keys = _data_source(summary.raw, f"{M}.data.aws_iam_policy_document.{role}_keys")
    statements = data["Statement"] + json.loads(keys["json"])["Statement"]
    for s in statements:
        for key in ("Action", "Resource"):
            if isinstance(s.get(key), str):
                s[key] = [s[key]]
    return statements


def _grants(statements: list[dict[str, Any]], prefix: str) -> dict[str, set[str]]:
    """Action -> resources for every allowed action starting with ``prefix``."""
    out: dict[str, set[str]] = {}
    for s in statements:
        if s["Effect"] != "Allow":
            continue
        for action in s["Action"]:
            if action.startswith(prefix):
                out.setdefault(action, set()).update(s["Resource"])
    return out


def _account(summary: PlanSummary) -> str:
    return _data_source(summary.raw, f"{M}.data.aws_caller_identity.current")["account_id"]


def test_phi_bucket_is_kms_encrypted_and_only_incoming_objects_reach_the_queue(summary) -> None:
    sse = summary.resource(
        f"{M}.module.bucket.aws_s3_bucket_server_side_encryption_configuration.phi[0]"
    )
    default = sse["rule"][0]["apply_server_side_encryption_by_default"][0]
    assert default == {"sse_algorithm": "aws:kms", "kms_master_key_id": KEY}
    # The bucket's one notification configuration (modules/s3-bucket) sends only incoming/
    # to the queue, so the processor's writes to derived/ and quarantine/ can never trigger
    # it again; EventBridge stays on.
    notifications = summary.of_type("aws_s3_bucket_notification")
    assert list(notifications) == [f"{M}.module.bucket.aws_s3_bucket_notification.phi[0]"]
    notification = notifications[f"{M}.module.bucket.aws_s3_bucket_notification.phi[0]"]
    assert notification["eventbridge"] is True
    [queue] = notification["queue"]
    assert queue["events"] == ["s3:ObjectCreated:*"]
    assert queue["filter_prefix"] == "incoming/"
    assert not queue.get("filter_suffix")


def test_queue_admits_only_this_bucket_and_is_encrypted_with_a_dead_letter_queue(summary) -> None:
    account = _account(summary)
    policy = json.loads(
        summary.resource(f"{M}.module.object_queue.aws_sqs_queue_policy.this")["policy"]
    )
    allows = [s for s in policy["Statement"] if s["Effect"] == "Allow"]
    assert allows == [
        {
            "Sid": "IntakeBucket",
            "Effect": "Allow",
            "Action": "sqs:SendMessage",
            "Resource": QUEUE_ARN.format(account=account),
            "Principal": {"Service": "s3.amazonaws.com"},
            "Condition": {"ArnEquals": {"aws:SourceArn": BUCKET_ARN}},
        }
    ]
    for queue in ("this", "dlq"):
        assert (
            summary.resource(f"{M}.module.object_queue.aws_sqs_queue.{queue}")["kms_master_key_id"]
            == KEY
        )
    topic = summary.resource(f"{M}.module.doctor_topic.aws_sns_topic.this")
    assert topic["kms_master_key_id"] == KEY


def test_upload_role_may_only_put_new_objects_under_incoming(summary) -> None:
    statements = _policy(summary, "upload")
    assert summary.resource(f"{M}.aws_iam_role_policy.upload_data")["role"] == "unit-intake-upload"
    assert _grants(statements, "s3:") == {"s3:PutObject": {f"{BUCKET_ARN}/incoming/*"}}
    assert _grants(statements, "kms:") == {"kms:GenerateDataKey": {KEY}, "kms:Decrypt": {DB_KEY}}
    assert _grants(statements, "secretsmanager:") == {"secretsmanager:GetSecretValue": {SECRET}}
    actions = {a for s in statements for a in s["Action"]}
    assert not any(a.startswith(("sqs:", "sns:", "textract:")) or "*" in a for a in actions)
    for s in statements:
        if any(a.startswith("kms:") for a in s["Action"]):
            assert "kms:ViaService" in s["Condition"]["StringEquals"]


def test_processor_role_is_scoped_to_its_prefixes_queue_and_topic(summary) -> None:
    account = _account(summary)
    statements = _policy(summary, "process")
    assert summary.resource(f"{M}.aws_iam_role_policy.process_data")["role"] == (
        "unit-intake-process"
    )
    assert _grants(statements, "s3:") == {
        "s3:ListBucket": {BUCKET_ARN},
        "s3:GetObject": {f"{BUCKET_ARN}/incoming/*", f"{BUCKET_ARN}/quarantine/*"},
        "s3:DeleteObject": {f"{BUCKET_ARN}/incoming/*"},
        "s3:PutObject": {f"{BUCKET_ARN}/derived/*", f"{BUCKET_ARN}/quarantine/*"},
    }
    assert _grants(statements, "sns:") == {
        "sns:Publish": {f"arn:aws:sns:us-east-1:{account}:unit-intake-doctor-notifications"}
    }
    queue = {QUEUE_ARN.format(account=account)}
    assert _grants(statements, "sqs:") == {
        a: queue
        for a in (
            "sqs:ReceiveMessage",
            "sqs:DeleteMessage",
            "sqs:ChangeMessageVisibility",
            "sqs:GetQueueAttributes",
        )
    }
    # "*" only for Textract, which has no resource-level permissions.
    wildcard = {a for s in statements if "*" in s["Resource"] for a in s["Action"]}
    assert wildcard == {
        "textract:DetectDocumentText",
        "textract:StartDocumentTextDetection",
        "textract:GetDocumentTextDetection",
    }


def test_processor_runs_in_the_vpc_with_partial_batch_responses_and_a_claim_lease(summary) -> None:
    mapping = summary.resource(f"{M}.aws_lambda_event_source_mapping.objects")
    assert mapping["function_response_types"] == ["ReportBatchItemFailures"]
    assert mapping["scaling_config"] == [{"maximum_concurrency": 5}]
    assert mapping["batch_size"] == 2
    function = summary.resource(f"{M}.module.process.aws_lambda_function.this")
    queue = summary.resource(f"{M}.module.object_queue.aws_sqs_queue.this")
    # Redelivery only after the processor and its claim lease (5x timeout) are surely done.
    assert queue["visibility_timeout_seconds"] == 6 * function["timeout"]
    assert json.loads(queue["redrive_policy"])["maxReceiveCount"] == 5
    env = function["environment"][0]["variables"]
    assert env["CLAIM_LEASE_SECONDS"] == str(5 * function["timeout"])
    assert env["PHI_BUCKET"] == "unit-intake-docs" and env["PHI_KMS_KEY_ARN"] == KEY
    assert function["reserved_concurrent_executions"] == 5
    for role in ROLES:
        fn = summary.resource(f"{M}.module.{role}.aws_lambda_function.this")
        assert fn["kms_key_arn"] == KEY
        assert fn["vpc_config"][0]["subnet_ids"] == ["subnet-0a", "subnet-0b"]
        assert fn["vpc_config"][0]["security_group_ids"] == ["sg-01"]


def test_upload_endpoint_requires_a_patient_token_and_is_throttled(summary) -> None:
    authorizer = summary.resource(f"{M}.module.api.aws_apigatewayv2_authorizer.jwt[0]")
    assert authorizer["authorizer_type"] == "JWT"
    assert authorizer["jwt_configuration"] == [{"issuer": ISSUER, "audience": ["portalclient"]}]
    assert set(summary.of_type("aws_apigatewayv2_route")) == {
        f'{M}.module.api.aws_apigatewayv2_route.jwt["POST /documents"]'
    }
    route = summary.resource(f'{M}.module.api.aws_apigatewayv2_route.jwt["POST /documents"]')
    assert route["authorization_type"] == "JWT"
    stage = summary.resource(f"{M}.module.api.aws_apigatewayv2_stage.default")
    settings = stage["default_route_settings"][0]
    assert (settings["throttling_burst_limit"], settings["throttling_rate_limit"]) == (20, 10)


def test_quarantine_is_readable_only_by_the_processor_and_reviewers(summary) -> None:
    account = _account(summary)
    policy = json.loads(
        summary.resource(f"{M}.module.bucket.aws_s3_bucket_policy.phi[0]")["policy"]
    )
    [deny] = [s for s in policy["Statement"] if s["Sid"] == "DenyQuarantineReadsExceptReviewers"]
    assert deny["Effect"] == "Deny"
    assert deny["Resource"] == f"{BUCKET_ARN}/quarantine/*"
    assert set(deny["Action"]) == {"s3:GetObject", "s3:GetObjectVersion"}
    assert deny["Condition"] == {
        "ArnNotEquals": {
            "aws:PrincipalArn": [f"arn:aws:iam::{account}:role/unit-intake-process", REVIEWER]
        }
    }
    # The platform's PHI-bucket statements stay in place next to it.
    sids = {s["Sid"] for s in policy["Statement"]}
    assert {"DenyInsecureTransport", "DenyUploadsWithOtherKmsKeys"} <= sids


def test_nothing_is_lost_silently(summary) -> None:
    dlq_alarm = summary.resource(
        f"{M}.module.object_queue.aws_cloudwatch_metric_alarm.dlq_not_empty"
    )
    assert dlq_alarm["alarm_actions"] == [ALARMS]
    assert dlq_alarm["threshold"] == 0
    for role in ROLES:
        errors = summary.resource(f'{M}.aws_cloudwatch_metric_alarm.errors["{role}"]')
        assert errors["dimensions"] == {"FunctionName": f"unit-intake-{role}"}
        assert errors["alarm_actions"] == [ALARMS]
        assert summary.resource(f'{M}.aws_cloudwatch_metric_alarm.function_dlq["{role}"]')


def test_local_extractor_grants_no_textract(plan_call) -> None:
    local = summarise(plan_call("intake", {**BASE, "extractor": "local"}))
    statements = _policy(local, "process")
    assert not any(a.startswith("textract:") for s in statements for a in s["Action"])
    env = local.resource(f"{M}.module.process.aws_lambda_function.this")["environment"][0]
    assert env["variables"]["EXTRACTOR"] == "local"


def _with(key: str, **changes: Any) -> dict[str, Any]:
    return {key: {**BASE[key], **changes}}


BAD_INPUTS = [
    BadInput("name-upper", {"name": "Intake"}, "name", "name must be 2-41 characters", BASE),
    BadInput("bucket-dots", {"bucket_name": "intake.docs"}, "bucket_name", "no dots", BASE),
    BadInput("key-alias", {"kms_key_arn": "alias/x"}, "kms_key_arn", "customer-managed key", BASE),
    BadInput(
        "log-bucket-arn",
        {"access_log_bucket": "arn:aws:s3:::logs"},
        "access_log_bucket",
        "must be the name of an S3 bucket",
        BASE,
    ),
    BadInput(
        "one-subnet",
        _with("vpc_config", subnet_ids=["subnet-0a"]),
        "vpc_config",
        "at least two subnets",
        BASE,
    ),
    BadInput(
        "secret-not-arn",
        _with("database", secret_arn="db/intake"),
        "database",
        "must be a Secrets Manager secret ARN",
        BASE,
    ),
    BadInput(
        "db-key-alias",
        _with("database", secret_kms_key_arn="alias/db"),
        "database",
        "secret_kms_key_arn must be the ARN",
        BASE,
    ),
    BadInput(
        "ca-bundle-relative",
        _with("database", ca_bundle_path="certs/rds.pem"),
        "database",
        "must be an absolute path",
        BASE,
    ),
    BadInput(
        "issuer-not-cognito",
        _with("jwt", issuer="https://login.example.com"),
        "jwt",
        "must be a Cognito user pool issuer URL",
        BASE,
    ),
    BadInput("no-audience", _with("jwt", audience=[]), "jwt", "at least one app client id", BASE),
    BadInput("no-alarm-actions", {"alarm_actions": []}, "alarm_actions", "at least one SNS", BASE),
    BadInput(
        "reader-wildcard",
        {"quarantine_reader_arns": [f"arn:aws:iam::{ACCOUNT}:role/*"]},
        "quarantine_reader_arns",
        "must be IAM role ARNs",
        BASE,
    ),
    BadInput("extractor", {"extractor": "ocr"}, "extractor", "textract or local", BASE),
    BadInput(
        "format-gif", {"convert_formats": ["gif"]}, "convert_formats", "at least one of", BASE
    ),
    BadInput(
        "upload-too-large",
        {"max_upload_bytes": 209715200},
        "max_upload_bytes",
        "from 1024 to 104857600",
        BASE,
    ),
    BadInput("pages-0", {"max_pdf_pages": 0}, "max_pdf_pages", "from 1 to 3000", BASE),
    BadInput(
        "ttl-2h",
        {"upload_url_ttl_seconds": 7200},
        "upload_url_ttl_seconds",
        "from 60 to 3600",
        BASE,
    ),
    BadInput("timeout-10", {"process_timeout": 10}, "process_timeout", "from 30 to 900", BASE),
    BadInput("batch-11", {"process_batch_size": 11}, "process_batch_size", "from 1 to 10", BASE),
    BadInput(
        "concurrency-1",
        {"process_max_concurrency": 1},
        "process_max_concurrency",
        "from 2 to 1000",
        BASE,
    ),
    BadInput("receives-0", {"max_receive_count": 0}, "max_receive_count", "from 1 to 100", BASE),
    BadInput(
        "burst-0",
        {"upload_throttling": {"burst_limit": 0}},
        "upload_throttling",
        "burst_limit must be a whole number from 1 to 5000",
        BASE,
    ),
    BadInput("log-format", {"log_format": "XML"}, "log_format", "must be JSON or Text", BASE),
]


@pytest.mark.parametrize("case", BAD_INPUTS, ids=[c.id for c in BAD_INPUTS])
def test_bad_input_is_rejected_with_the_rule(bad_input, case: BadInput) -> None:
    bad_input("intake", BAD_INPUTS, case)
