"""modules/guardduty-securityhub: protections, standards per region, PHI-free routing,
the export bucket's producer permissions, explicit opt-outs, and bad input."""

from __future__ import annotations

import json
from typing import Any

import pytest
from tfharness.badinput import BadInput
from tfharness.paths import BUILD_DIR, MODULES_DIR
from tfharness.plan import PlanSummary, summarise

pytestmark = pytest.mark.plan

M = "module.under_test."
EXAMPLE = MODULES_DIR / "guardduty-securityhub" / "examples" / "complete"
PACKAGE = str(BUILD_DIR / "lambda" / "findings_forwarder.zip")
BASE: dict[str, Any] = {
    "name": "unit",
    "access_log_bucket": "unit-logs",
    "forwarder_package_path": PACKAGE,
}
# Fields of a finding that are identifiers (AWS vocabularies, ids, timestamps). Titles,
# descriptions, tags and resource details can carry PHI and must never be selected.
IDENTIFIER_PATHS = {
    "$.detail.id",
    "$.detail.type",
    "$.detail.severity",
    "$.detail.accountId",
    "$.detail.region",
    "$.detail.updatedAt",
    "$.detail.findings[0].ProductArn",
    "$.detail.findings[0].Compliance.SecurityControlId",
    "$.detail.findings[0].Severity.Label",
    "$.detail.findings[0].Resources[0].Type",
    "$.detail.findings[0].AwsAccountId",
    "$.detail.findings[0].Region",
    "$.detail.findings[0].UpdatedAt",
}


@pytest.fixture(scope="module")
def default(plan_call: Any) -> PlanSummary:
    return summarise(plan_call("guardduty-securityhub", BASE))


@pytest.fixture(scope="module")
def opted_out(plan_call: Any) -> PlanSummary:
    return summarise(
        plan_call(
            "guardduty-securityhub",
            {
                **BASE,
                "export_findings": False,
                "access_log_bucket": None,
                "enable_security_hub": False,
                "enable_inspector": False,
                "enable_access_analyzer": False,
                "enable_runtime_monitoring": False,
                "alert_severity": "CRITICAL",
                "enable_findings_forwarder": False,
                "forwarder_package_path": None,
            },
        )
    )


def _policy(summary: PlanSummary, address: str, key: str = "policy") -> dict[str, dict[str, Any]]:
    document = json.loads(summary.resource(address)[key])
    return {s["Sid"]: s for s in document["Statement"]}


# --- GuardDuty -------------------------------------------------------------------------------


def test_detector_publishes_every_15_minutes_with_the_platform_protections(
    default: PlanSummary,
) -> None:
    detector = default.resource(f"{M}aws_guardduty_detector.this")
    assert (detector["enable"], detector["finding_publishing_frequency"]) == (
        True,
        "FIFTEEN_MINUTES",
    )
    features = {
        name: default.resource(f'{M}aws_guardduty_detector_feature.this["{name}"]')
        for name in (
            "S3_DATA_EVENTS",
            "RDS_LOGIN_EVENTS",
            "LAMBDA_NETWORK_LOGS",
            "RUNTIME_MONITORING",
            "EBS_MALWARE_PROTECTION",
        )
    }
    assert {f["status"] for f in features.values()} == {"ENABLED"}
    assert features["RUNTIME_MONITORING"]["additional_configuration"] == [
        {"name": "ECS_FARGATE_AGENT_MANAGEMENT", "status": "ENABLED"}
    ]


def _data_policy(summary: PlanSummary, address: str) -> dict[str, dict[str, Any]]:
    """Statements of a policy document data source (read at plan time, so in prior_state)."""
    queue = [summary.raw["prior_state"]["values"]["root_module"]]
    while queue:
        module = queue.pop()
        queue.extend(module.get("child_modules", []))
        for resource in module.get("resources", []):
            if resource["address"] == address:
                document = json.loads(resource["values"]["json"])
                return {s["Sid"]: s for s in document["Statement"]}
    raise AssertionError(f"{address} is not in the plan's prior state")


def test_findings_export_bucket_admits_only_this_detector(
    default: PlanSummary, plan_emulator: Any
) -> None:
    account = plan_emulator.account_id
    bucket = f"unit-gd-findings-{account}-us-east-1"
    # The bucket policy itself is unknown at plan (it names the new KMS key); the statements
    # this module adds to it are known, and the s3-bucket module merges them in unchanged.
    assert default.resource(f"{M}module.export_bucket[0].aws_s3_bucket_policy.phi[0]") is not None
    statements = _data_policy(default, f"{M}data.aws_iam_policy_document.export_bucket[0]")
    put = statements["GuardDutyPutFindings"]
    assert put["Principal"] == {"Service": "guardduty.amazonaws.com"}
    assert put["Action"] == "s3:PutObject"
    assert put["Resource"] == f"arn:aws:s3:::{bucket}/*"
    assert put["Condition"]["StringEquals"] == {"aws:SourceAccount": account}
    # Only GuardDuty detectors of this account and region (one detector per region).
    assert put["Condition"]["ArnLike"] == {
        "aws:SourceArn": f"arn:aws:guardduty:us-east-1:{account}:detector/*"
    }
    assert set(statements) == {"GuardDutyGetBucketLocation", "GuardDutyPutFindings"}
    logging = default.resource(f"{M}module.export_bucket[0].aws_s3_bucket_logging.phi[0]")
    assert logging["target_bucket"] == "unit-logs"


# --- Security Hub, Inspector, Access Analyzer ------------------------------------------------


def test_security_hub_subscribes_fsbp_cis_and_nist_with_consolidated_findings(
    default: PlanSummary,
) -> None:
    hub = default.resource(f"{M}aws_securityhub_account.this[0]")
    assert hub["control_finding_generator"] == "SECURITY_CONTROL"
    assert hub["enable_default_standards"] is False
    arns = sorted(
        v["standards_arn"]
        for address, v in default.values.items()
        if address.startswith(f"{M}aws_securityhub_standards_subscription.this")
    )
    assert arns == [
        "arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0",
        "arn:aws:securityhub:us-east-1::standards/cis-aws-foundations-benchmark/v/3.0.0",
        "arn:aws:securityhub:us-east-1::standards/nist-800-53/v/5.0.0",
    ]


def test_standards_arns_are_built_for_the_region(plan_of: Any) -> None:
    summary = plan_of(EXAMPLE, {"region": "eu-west-2"})
    assert sorted(summary.outputs["securityhub_standards_arns"]) == [
        "arn:aws:securityhub:eu-west-2::standards/aws-foundational-security-best-practices/v/1.0.0",
        "arn:aws:securityhub:eu-west-2::standards/cis-aws-foundations-benchmark/v/3.0.0",
        "arn:aws:securityhub:eu-west-2::standards/nist-800-53/v/5.0.0",
    ]


def test_inspector_scans_ecr_and_lambda_and_access_analyzer_covers_the_account(
    default: PlanSummary,
) -> None:
    enabler = default.resource(f"{M}aws_inspector2_enabler.this[0]")
    assert sorted(enabler["resource_types"]) == ["ECR", "LAMBDA"]
    analyzer = default.resource(f"{M}aws_accessanalyzer_analyzer.this[0]")
    assert (analyzer["type"], analyzer["analyzer_name"]) == ("ACCOUNT", "unit-account")


# --- routing ---------------------------------------------------------------------------------


def test_rules_route_high_and_critical_findings(default: PlanSummary) -> None:
    guardduty = json.loads(
        default.resource(f"{M}aws_cloudwatch_event_rule.guardduty")["event_pattern"]
    )
    assert guardduty["detail"] == {"severity": [{"numeric": [">=", 7]}]}
    securityhub = json.loads(
        default.resource(f"{M}aws_cloudwatch_event_rule.securityhub")["event_pattern"]
    )
    findings = securityhub["detail"]["findings"]
    assert findings["Severity"] == {"Label": ["HIGH", "CRITICAL"]}
    assert findings["Workflow"] == {"Status": ["NEW"]}
    assert findings["RecordState"] == ["ACTIVE"]
    # GuardDuty's copies in Security Hub are routed once, by the GuardDuty rule.
    assert findings["ProductName"] == [{"anything-but": "GuardDuty"}]


def test_topic_targets_select_identifiers_only(default: PlanSummary) -> None:
    for source in ("guardduty", "securityhub"):
        target = default.resource(f"{M}aws_cloudwatch_event_target.{source}_to_findings_topic")
        transformer = target["input_transformer"][0]
        assert set(transformer["input_paths"].values()) <= IDENTIFIER_PATHS
        template = json.loads(
            transformer["input_template"].replace("<", '"<').replace(">", '>"')
        )  # the placeholders are the only values
        assert all(v.startswith("<") or k == "source" for k, v in template.items())
        assert target["retry_policy"] == [
            {"maximum_event_age_in_seconds": 86400, "maximum_retry_attempts": 185}
        ]


def test_topics_only_accept_eventbridge_and_alarms_of_this_module(default: PlanSummary) -> None:
    findings = _policy(default, f"{M}aws_sns_topic_policy.findings")
    assert findings["EventBridgePublishesFindings"]["Principal"] == {
        "Service": "events.amazonaws.com"
    }
    assert findings["DenyInsecureTransport"]["Effect"] == "Deny"
    alerts = _policy(default, f"{M}aws_sns_topic_policy.alerts")
    assert alerts["CloudWatchAlarmsPublish"]["Condition"]["ArnLike"]["aws:SourceArn"].endswith(
        ":alarm:unit-findings-*"
    )


def test_alerts_key_admits_exactly_the_services_that_need_it(default: PlanSummary) -> None:
    key = json.loads(default.resource(f"{M}module.alerts_key.aws_kms_key.this")["policy"])
    statements = {s["Sid"]: s for s in key["Statement"]}
    assert set(statements) == {
        "KeyAdministration",
        "UsageThroughAwsServices",
        "EventBridge",
        "CloudWatchAlarms",
        "CloudWatchLogs",
    }
    via = statements["UsageThroughAwsServices"]["Condition"]["StringEquals"]["kms:ViaService"]
    assert sorted(via) == [
        "dynamodb.us-east-1.amazonaws.com",
        "lambda.us-east-1.amazonaws.com",
        "sns.us-east-1.amazonaws.com",
        "sqs.us-east-1.amazonaws.com",
    ]
    for sid in ("EventBridge", "CloudWatchAlarms"):
        assert statements[sid]["Action"] == ["kms:GenerateDataKey", "kms:Decrypt"]


def test_failures_of_the_forwarding_path_alarm_on_the_alerts_topic(default: PlanSummary) -> None:
    alarms = [v for a, v in default.values.items() if "aws_cloudwatch_metric_alarm" in a]
    assert alarms
    for alarm in alarms:
        assert alarm["actions_enabled"] is True
        assert alarm["threshold"] == 1
        assert alarm["treat_missing_data"] == "notBreaching"


# --- the findings forwarder -------------------------------------------------------------------


def test_forwarder_is_configured_for_the_module_topic_table_and_threshold(
    default: PlanSummary, plan_emulator: Any
) -> None:
    account = plan_emulator.account_id
    function = default.resource(f"{M}module.forwarder[0].aws_lambda_function.this")
    assert function["handler"] == "findings_forwarder.handler.handler"
    assert function["environment"][0]["variables"] == {
        "ALERT_TOPIC_ARN": f"arn:aws:sns:us-east-1:{account}:unit-security-alerts",
        "DEDUP_TABLE_NAME": "unit-findings-dedup",
        "DEDUP_TTL_HOURS": "168",
        "MIN_SEVERITY": "HIGH",
    }
    # One dead-letter queue for EventBridge deliveries and failed invocations.
    assert function["dead_letter_config"] == [
        {"target_arn": f"arn:aws:sqs:us-east-1:{account}:unit-findings-dead-letters"}
    ]
    assert not any("aws_sqs_queue.dlq" in address for address in default.values)
    for rule in ("guardduty", "securityhub"):
        target = default.resource(f'{M}aws_cloudwatch_event_target.forwarder["{rule}"]')
        assert target["retry_policy"][0]["maximum_event_age_in_seconds"] == 86400
        permission = default.resource(f'{M}aws_lambda_permission.events["{rule}"]')
        assert (permission["principal"], permission["qualifier"]) == (
            "events.amazonaws.com",
            "live",
        )


def test_dedup_table_is_encrypted_recoverable_and_expiring(default: PlanSummary) -> None:
    table = default.resource(f"{M}aws_dynamodb_table.dedup[0]")
    assert table["hash_key"] == "pk"
    assert table["point_in_time_recovery"] == [{"enabled": True}]
    assert table["server_side_encryption"][0]["enabled"] is True
    assert table["ttl"] == [{"attribute_name": "expires_at", "enabled": True}]


# --- opt-outs --------------------------------------------------------------------------------


def test_every_service_is_an_explicit_opt_out(opted_out: PlanSummary) -> None:
    for resource_type in (
        "aws_securityhub_account",
        "aws_securityhub_standards_subscription",
        "aws_inspector2_enabler",
        "aws_accessanalyzer_analyzer",
        "aws_guardduty_publishing_destination",
        "aws_s3_bucket",
        "aws_lambda_function",
        "aws_dynamodb_table",
        "aws_lambda_permission",
    ):
        assert opted_out.counts.get(resource_type, 0) == 0, resource_type
    features = [a for a in opted_out.values if "aws_guardduty_detector_feature" in a]
    assert len(features) == 4
    assert not any("RUNTIME_MONITORING" in a for a in features)


def test_the_alert_threshold_moves_both_rules(opted_out: PlanSummary) -> None:
    guardduty = json.loads(
        opted_out.resource(f"{M}aws_cloudwatch_event_rule.guardduty")["event_pattern"]
    )
    assert guardduty["detail"]["severity"] == [{"numeric": [">=", 9]}]
    securityhub = json.loads(
        opted_out.resource(f"{M}aws_cloudwatch_event_rule.securityhub")["event_pattern"]
    )
    assert securityhub["detail"]["findings"]["Severity"] == {"Label": ["CRITICAL"]}


# --- bad input: each rule fails the plan with a message naming the input and the rule --------

BAD_INPUT: list[tuple[str, dict[str, Any], str]] = [
    ("name", {"name": "Detection_Prod"}, "must be 2-20 characters of lowercase letters"),
    (
        "finding_publishing_frequency",
        {"finding_publishing_frequency": "FIVE_MINUTES"},
        "must be one of FIFTEEN_MINUTES, ONE_HOUR, SIX_HOURS",
    ),
    (
        "access_log_bucket",
        {"access_log_bucket": None},
        "access_log_bucket is required when export_findings is true",
    ),
    ("access_log_bucket", {"access_log_bucket": "Logs_Bucket"}, "must be an S3 bucket name"),
    (
        "findings_export_retention_days",
        {"findings_export_retention_days": 90},
        "between 365 and 36500",
    ),
    (
        "security_hub_standards",
        {"security_hub_standards": ["hipaa/v/1.0.0"]},
        "must name known standards",
    ),
    (
        "security_hub_standards",
        {"security_hub_standards": ["nist-800-53/v/5.0.0", "nist-800-53/v/5.0.0"]},
        "must not list a standard twice",
    ),
    (
        "inspector_resource_types",
        {"inspector_resource_types": ["ECR", "EKS"]},
        "must be a non-empty list of EC2, ECR, LAMBDA, LAMBDA_CODE",
    ),
    (
        "inspector_resource_types",
        {"inspector_resource_types": ["ECR", "LAMBDA_CODE"]},
        "LAMBDA_CODE requires LAMBDA",
    ),
    ("alert_severity", {"alert_severity": "LOW"}, "must be one of MEDIUM, HIGH, CRITICAL"),
    ("dedup_ttl_hours", {"dedup_ttl_hours": 0}, "between 1 and 8760"),
    (
        "forwarder_package_path",
        {"enable_findings_forwarder": True, "forwarder_package_path": None},
        "forwarder_package_path is required when enable_findings_forwarder is true",
    ),
    (
        "forwarder_package_path",
        {"forwarder_package_path": "build/lambda/findings_forwarder.tar.gz"},
        "must be the path of a .zip file",
    ),
    (
        "forwarder_vpc_config",
        {"forwarder_vpc_config": {"subnet_ids": ["10.0.1.0/24"], "security_group_ids": []}},
        "must list at least one subnet id (subnet-...)",
    ),
]


BAD_CASES = [
    BadInput(f"{variable}-{index}", inputs, variable, rule, BASE)
    for index, (variable, inputs, rule) in enumerate(BAD_INPUT)
]


@pytest.mark.parametrize("case", BAD_CASES, ids=[c.id for c in BAD_CASES])
def test_bad_input_is_rejected_with_a_clear_message(bad_input: Any, case: BadInput) -> None:
    bad_input("guardduty-securityhub", BAD_CASES, case)
