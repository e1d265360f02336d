"""modules/cloudtrail: trail controls, key and bucket policies, CIS alarms, bad input."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from tfharness.badinput import BadInput
from tfharness.plan import summarise

PHI_BUCKET = "arn:aws:s3:::unit-test-phi"
BASE = {
    "name": "unit-test",
    "access_log_bucket": "unit-test-access-logs",
    "s3_data_event_bucket_arns": [PHI_BUCKET],
}
PREFIX = "module.under_test."
# The CIS AWS Foundations monitoring controls the issue names, by metric filter key.
REQUIRED_ALARMS = {
    "RootAccountUsage",
    "UnauthorizedApiCalls",
    "ConsoleSignInWithoutMfa",
    "IamPolicyChanges",
    "CloudTrailConfigurationChanges",
    "KmsKeyDisabledOrScheduledForDeletion",
    "SecurityGroupChanges",
    "NetworkAclChanges",
    "RouteTableChanges",
}

pytestmark = pytest.mark.plan


def _change(plan: dict[str, Any], address: str) -> dict[str, Any]:
    for rc in plan["resource_changes"]:
        if rc["address"] == address:
            return rc["change"]
    raise KeyError(address)


def _data_source(plan: dict[str, Any], address: str) -> dict[str, Any]:
    stack = [plan["prior_state"]["values"]["root_module"]]
    while stack:
        module = stack.pop()
        stack.extend(module.get("child_modules", []))
        for resource in module.get("resources", []):
            if resource["address"] == address:
                return resource["values"]
    raise KeyError(address)


def _statements(policy_json: str) -> dict[str, dict]:
    return {s["Sid"]: s for s in json.loads(policy_json)["Statement"]}


@pytest.fixture(scope="module")
def plan(plan_call) -> dict[str, Any]:
    return plan_call("cloudtrail", BASE)


@pytest.fixture(scope="module")
def summary(plan):
    return summarise(plan)


def _trail_arn(summary) -> str:
    role = summary.resource(f"{PREFIX}aws_iam_role.cloudwatch")
    (statement,) = json.loads(role["assume_role_policy"])["Statement"]
    return statement["Condition"]["StringEquals"]["aws:SourceArn"]


# --- the trail ------------------------------------------------------------------------------


def test_trail_is_multi_region_validated_and_uses_the_customer_key(plan, summary) -> None:
    trail = summary.resource(f"{PREFIX}aws_cloudtrail.this")
    assert trail["is_multi_region_trail"] is True
    assert trail["include_global_service_events"] is True
    assert trail["enable_log_file_validation"] is True
    assert trail["enable_logging"] is True
    unknown = _change(plan, f"{PREFIX}aws_cloudtrail.this")["after_unknown"]
    assert unknown["kms_key_id"] is True  # the module's key, known after apply
    assert unknown["cloud_watch_logs_group_arn"] is True
    assert unknown["cloud_watch_logs_role_arn"] is True


def test_trail_records_management_events_and_data_events_of_the_phi_buckets(summary) -> None:
    selectors = {
        s["name"]: {f["field"]: f for f in s["field_selector"]}
        for s in summary.resource(f"{PREFIX}aws_cloudtrail.this")["advanced_event_selector"]
    }
    assert selectors["Management events"]["eventCategory"]["equals"] == ["Management"]
    data = selectors["S3 data events on PHI and log buckets"]
    assert data["eventCategory"]["equals"] == ["Data"]
    assert data["resources.type"]["equals"] == ["AWS::S3::Object"]
    assert data["resources.ARN"]["starts_with"] == [f"{PHI_BUCKET}/"]


def test_insights_watch_call_and_error_rates(summary) -> None:
    insights = summary.resource(f"{PREFIX}aws_cloudtrail.this")["insight_selector"]
    assert {i["insight_type"] for i in insights} == {"ApiCallRateInsight", "ApiErrorRateInsight"}


# --- CloudWatch Logs ------------------------------------------------------------------------


def test_log_group_is_encrypted_and_kept_at_least_a_year(plan, summary) -> None:
    group = summary.resource(f"{PREFIX}aws_cloudwatch_log_group.this")
    assert group["retention_in_days"] >= 365
    assert _change(plan, f"{PREFIX}aws_cloudwatch_log_group.this")["after_unknown"]["kms_key_id"]


def test_delivery_role_is_assumable_only_by_this_trail(summary) -> None:
    assert re.fullmatch(r"arn:aws:cloudtrail:us-east-1:\d{12}:trail/unit-test", _trail_arn(summary))
    role = summary.resource(f"{PREFIX}aws_iam_role.cloudwatch")
    (statement,) = json.loads(role["assume_role_policy"])["Statement"]
    assert statement["Principal"] == {"Service": "cloudtrail.amazonaws.com"}


# --- key and bucket policies ----------------------------------------------------------------


def test_key_policy_lets_cloudtrail_encrypt_only_for_this_accounts_trails(summary) -> None:
    key = summary.resource(f"{PREFIX}module.key.aws_kms_key.this")
    statements = _statements(key["policy"])
    account = _trail_arn(summary).split(":")[4]
    encrypt = statements["CloudTrailEncryptLogs"]
    assert encrypt["Principal"] == {"Service": "cloudtrail.amazonaws.com"}
    assert encrypt["Action"] == "kms:GenerateDataKey*"
    assert encrypt["Condition"]["StringLike"] == {
        "kms:EncryptionContext:aws:cloudtrail:arn": f"arn:aws:cloudtrail:*:{account}:trail/*"
    }
    assert encrypt["Condition"]["StringEquals"] == {"aws:SourceArn": _trail_arn(summary)}
    assert statements["CloudTrailDescribeKey"]["Action"] == "kms:DescribeKey"
    logs = statements["CloudWatchLogs"]
    assert logs["Principal"] == {"Service": "logs.us-east-1.amazonaws.com"}
    assert logs["Condition"] == {
        "ArnEquals": {
            "kms:EncryptionContext:aws:logs:arn": (
                f"arn:aws:logs:us-east-1:{account}:log-group:/aws/cloudtrail/unit-test"
            )
        }
    }
    assert not any("kms:*" in json.dumps(s["Action"]) for s in statements.values())


def test_bucket_admits_only_this_trail(plan, summary) -> None:
    document = _data_source(plan, f"{PREFIX}data.aws_iam_policy_document.bucket_cloudtrail")
    statements = _statements(document["json"])
    account = _trail_arn(summary).split(":")[4]
    bucket = f"arn:aws:s3:::unit-test-cloudtrail-{account}"
    acl, write = statements["CloudTrailAclCheck"], statements["CloudTrailWrite"]
    assert acl["Resource"] == bucket
    assert write["Resource"] == f"{bucket}/AWSLogs/{account}/*"
    assert write["Action"] == "s3:PutObject"
    for statement in (acl, write):
        assert statement["Principal"] == {"Service": "cloudtrail.amazonaws.com"}
        assert statement["Condition"]["StringEquals"]["aws:SourceArn"] == _trail_arn(summary)
    assert write["Condition"]["StringEquals"]["s3:x-amz-acl"] == "bucket-owner-full-control"


def test_log_bucket_is_a_locked_phi_bucket_with_lifecycle(summary) -> None:
    bucket = summary.resource(f"{PREFIX}module.bucket.aws_s3_bucket.phi[0]")
    assert bucket["object_lock_enabled"] is True
    assert bucket["force_destroy"] is False
    lock = summary.resource(f"{PREFIX}module.bucket.aws_s3_bucket_object_lock_configuration.phi[0]")
    assert lock["rule"][0]["default_retention"][0] == {
        "mode": "GOVERNANCE",
        "days": 365,
        "years": None,
    }
    rule = summary.resource(f"{PREFIX}module.bucket.aws_s3_bucket_lifecycle_configuration.phi[0]")[
        "rule"
    ][0]
    assert rule["expiration"][0]["days"] == 2557
    assert rule["transition"][0]["storage_class"] == "GLACIER"
    logging = summary.resource(f"{PREFIX}module.bucket.aws_s3_bucket_logging.phi[0]")
    assert logging["target_bucket"] == "unit-test-access-logs"


# --- CIS alarms -----------------------------------------------------------------------------


def test_cis_alarms_cover_the_named_controls_and_notify_sns(plan, summary) -> None:
    filters = summary.of_type("aws_cloudwatch_log_metric_filter")
    alarms = summary.of_type("aws_cloudwatch_metric_alarm")
    names = {v["metric_transformation"][0]["name"] for v in filters.values()}
    assert names >= REQUIRED_ALARMS
    assert {a["metric_name"] for a in alarms.values()} == names
    for address, alarm in alarms.items():
        assert alarm["threshold"] == 1
        assert alarm["comparison_operator"] == "GreaterThanOrEqualToThreshold"
        assert _change(plan, address)["after_unknown"]["alarm_actions"], address
    for address, metric_filter in filters.items():
        assert metric_filter["log_group_name"] == "/aws/cloudtrail/unit-test", address


def test_alarm_topic_is_encrypted_and_admits_only_this_accounts_alarms(plan, summary) -> None:
    assert _change(plan, f"{PREFIX}aws_sns_topic.alarms[0]")["after_unknown"]["kms_master_key_id"]
    policy = _statements(summary.resource(f"{PREFIX}aws_sns_topic_policy.alarms[0]")["policy"])
    allow = policy["CloudWatchAlarmsOfThisAccount"]
    assert allow["Principal"] == {"Service": "cloudwatch.amazonaws.com"}
    assert allow["Condition"]["ArnLike"]["aws:SourceArn"].endswith(":alarm:*")
    assert policy["DenyInsecureTransport"]["Effect"] == "Deny"


def test_an_existing_alarm_topic_is_used_as_given(plan_call) -> None:
    topic = "arn:aws:sns:us-east-1:111122223333:security-alarms"
    summary = summarise(plan_call("cloudtrail", {**BASE, "alarm_topic_arn": topic}))
    assert "aws_sns_topic" not in summary.counts
    alarms = summary.of_type("aws_cloudwatch_metric_alarm").values()
    assert all(a["alarm_actions"] == [topic] for a in alarms)
    key = summary.resource(f"{PREFIX}module.key.aws_kms_key.this")
    assert "CloudWatchAlarmsToEncryptedTopic" not in _statements(key["policy"])


def test_without_phi_buckets_only_management_events_are_recorded(plan_call) -> None:
    summary = summarise(plan_call("cloudtrail", {**BASE, "s3_data_event_bucket_arns": []}))
    selectors = summary.resource(f"{PREFIX}aws_cloudtrail.this")["advanced_event_selector"]
    assert [s["name"] for s in selectors] == ["Management events"]


# --- bad input ------------------------------------------------------------------------------


BAD_INPUTS = [
    BadInput(
        "trail-without-validation",
        {"enable_log_file_validation": False},
        "enable_log_file_validation",
        "enable_log_file_validation must be true",
        BASE,
    ),
    BadInput(
        "log-group-retention-below-a-year",
        {"cloudwatch_logs_retention_days": 180},
        "cloudwatch_logs_retention_days",
        "cloudwatch_logs_retention_days must be at least 365",
        BASE,
    ),
    BadInput(
        "object-lock-longer-than-retention",
        {"object_lock": {"mode": "GOVERNANCE", "days": 3000}},
        "object_lock",
        "object_lock.days between 1 and log_retention_days",
        BASE,
    ),
    BadInput(
        "glacier-after-expiry",
        {"transition_to_glacier_days": 2557},
        "transition_to_glacier_days",
        "transition_to_glacier_days must be null or between 1 and log_retention_days - 1",
        BASE,
    ),
    BadInput(
        "data-events-with-wildcard",
        {"s3_data_event_bucket_arns": ["arn:aws:s3:::unit-test-phi/*"]},
        "s3_data_event_bucket_arns",
        "s3_data_event_bucket_arns must be S3 bucket ARNs",
        BASE,
    ),
    BadInput(
        "unknown-insight",
        {"insight_types": ["Everything"]},
        "insight_types",
        "insight_types entries must be",
        BASE,
    ),
    BadInput(
        "retention-below-a-year",
        {"log_retention_days": 30},
        "log_retention_days",
        "log_retention_days must be",
        BASE,
    ),
    BadInput(
        "bad-name",
        {"name": "Unit_Test"},
        "name",
        "name must be 3-39 characters",
        BASE,
    ),
]


@pytest.mark.parametrize("case", BAD_INPUTS, ids=[c.id for c in BAD_INPUTS])
def test_bad_input_is_rejected_with_the_rule(bad_input, case: BadInput) -> None:
    bad_input("cloudtrail", BAD_INPUTS, case)
