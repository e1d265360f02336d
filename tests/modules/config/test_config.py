"""modules/config: the recorder in every region (global types in one), KMS delivery, the
HIPAA Security conformance pack the module ships, and bad input."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from tfharness.badinput import BadInput
from tfharness.paths import MODULES_DIR, REPO_ROOT
from tfharness.plan import PlanSummary, summarise

TEMPLATE = MODULES_DIR / "config" / "conformance-packs" / "hipaa-security.yaml"
PUBLISHED_RULES = Path(__file__).parent / "hipaa_pack_rules.txt"
TEMPLATE_BODY_LIMIT = 51_200  # PutConformancePack's TemplateBody limit, in bytes
KEY = "arn:aws:kms:us-east-1:111122223333:key/11111111-2222-3333-4444-555555555555"
BASE = {"name": "unit", "access_log_bucket": "unit-logs"}
M = "module.under_test."

pytestmark = pytest.mark.plan


def _template() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(TEMPLATE.read_text())
    return loaded


def _rules() -> dict[str, dict[str, Any]]:
    return {
        r["Properties"]["ConfigRuleName"]: r["Properties"]
        for r in _template()["Resources"].values()
    }


# --- the shipped conformance pack -------------------------------------------------------------


def test_pack_has_exactly_the_published_hipaa_security_rules() -> None:
    published = [line.strip() for line in PUBLISHED_RULES.read_text().splitlines() if line.strip()]
    assert len(published) == 131
    assert sorted(_rules()) == sorted(published)


def test_pack_is_what_the_generator_writes() -> None:
    sys.path.insert(0, str(REPO_ROOT / "scripts"))
    try:
        import hipaa_conformance_pack  # noqa: PLC0415 - a script, imported only here
    finally:
        sys.path.pop(0)
    assert TEMPLATE.read_text() == hipaa_conformance_pack.render(), (
        "regenerate: PYTHONPATH=scripts .venv/bin/python scripts/hipaa_conformance_pack.py"
    )


def test_pack_fits_the_conformance_pack_template_limit() -> None:
    assert len(TEMPLATE.read_bytes()) < TEMPLATE_BODY_LIMIT


def test_pack_rules_are_aws_managed_and_reference_declared_parameters() -> None:
    template = _template()
    parameters = set(template["Parameters"])
    assert "&id" not in TEMPLATE.read_text(), "no YAML anchors: CloudFormation rejects them"
    for name, rule in _rules().items():
        assert rule["Source"]["Owner"] == "AWS", name
        assert rule["Source"]["SourceIdentifier"].replace("_", "").isalnum(), name
        for value in (rule.get("InputParameters") or {}).values():
            ref = value.get("Ref") or value["Fn::If"][1]["Ref"]
            assert ref in parameters, f"{name} uses undeclared parameter {ref}"
    assert _rules()["annual-risk-assessment-performed"]["Source"]["SourceIdentifier"] == (
        "AWS_CONFIG_PROCESS_CHECK"
    )


@pytest.mark.parametrize(
    ("rule", "parameter", "default"),
    [
        ("iam-password-policy", "MinimumPasswordLength", "14"),
        ("iam-password-policy", "PasswordReusePrevention", "24"),
        ("iam-password-policy", "MaxPasswordAge", "90"),
        ("access-keys-rotated", "maxAccessKeyAge", "90"),
        ("restricted-common-ports", "blockedPort3", "3389"),
    ],
)
def test_pack_parameters_default_to_the_hipaa_values(
    rule: str, parameter: str, default: str
) -> None:
    ref = _rules()[rule]["InputParameters"][parameter]["Ref"]
    assert _template()["Parameters"][ref]["Default"] == default


def test_module_variable_allows_exactly_the_template_parameters() -> None:
    variables = (MODULES_DIR / "config" / "variables.tf").read_text()
    block = variables.split('variable "conformance_pack_parameters"')[1].split("error_message")[0]
    for parameter in _template()["Parameters"]:
        assert f'"{parameter}"' in block, parameter


# --- plans ---------------------------------------------------------------------------------


def _call(plan_call: Any, **inputs: Any) -> PlanSummary:
    return summarise(plan_call("config", {**BASE, **inputs}))


def test_home_region_records_everything_including_global_types(plan_call: Any) -> None:
    summary = _call(plan_call)
    group = summary.resource(f"{M}aws_config_configuration_recorder.this")["recording_group"][0]
    assert group["all_supported"] is True
    assert group["include_global_resource_types"] is True


def test_other_regions_record_everything_but_global_types(plan_call: Any) -> None:
    summary = _call(plan_call, global_resources_region="eu-west-2")
    group = summary.resource(f"{M}aws_config_configuration_recorder.this")["recording_group"][0]
    assert group["all_supported"] is True
    assert group["include_global_resource_types"] is False


def test_pack_is_deployed_from_the_shipped_template_with_overrides(plan_call: Any) -> None:
    summary = _call(plan_call, conformance_pack_parameters={"MinimumPasswordLength": "16"})
    pack = summary.resource(f"{M}aws_config_conformance_pack.hipaa[0]")
    assert pack["template_body"] == TEMPLATE.read_text()
    assert pack["input_parameter"] == [
        {"parameter_name": "MinimumPasswordLength", "parameter_value": "16"}
    ]
    recorder_status = summary.resource(f"{M}aws_config_configuration_recorder_status.this")
    assert recorder_status["is_enabled"] is True


def test_conformance_pack_is_an_explicit_opt_out(plan_call: Any) -> None:
    summary = _call(plan_call, enable_conformance_pack=False)
    assert summary.counts.get("aws_config_conformance_pack", 0) == 0


def test_recorder_role_may_write_only_config_objects_with_the_key(
    plan_call: Any, plan_emulator: Any
) -> None:
    account = plan_emulator.account_id
    summary = _call(plan_call, kms_key_arn=KEY)
    policy = json.loads(summary.resource(f"{M}aws_iam_role_policy.delivery")["policy"])
    by_sid = {s["Sid"]: s for s in policy["Statement"]}
    assert by_sid["DeliverSnapshotsAndHistory"]["Action"] == "s3:PutObject"
    assert by_sid["DeliverSnapshotsAndHistory"]["Resource"] == (
        f"arn:aws:s3:::unit-config-{account}-us-east-1/config/AWSLogs/{account}/Config/*"
    )
    assert by_sid["EncryptDeliveries"]["Resource"] == KEY
    assert by_sid["EncryptDeliveries"]["Condition"] == {
        "StringEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com"}
    }
    assert "Notify" not in by_sid
    channel = summary.resource(f"{M}aws_config_delivery_channel.this")
    assert channel["s3_kms_key_arn"] == KEY
    assert summary.counts.get("aws_kms_key", 0) == 0  # a passed key: none created


def test_notifications_go_to_the_named_topic_only(plan_call: Any) -> None:
    topic = "arn:aws:sns:us-east-1:111122223333:config-notifications"
    summary = _call(plan_call, sns_topic_arn=topic, kms_key_arn=KEY)
    policy = json.loads(summary.resource(f"{M}aws_iam_role_policy.delivery")["policy"])
    notify = {s["Sid"]: s for s in policy["Statement"]}["Notify"]
    assert (notify["Action"], notify["Resource"]) == ("sns:Publish", topic)
    assert summary.resource(f"{M}aws_config_delivery_channel.this")["sns_topic_arn"] == topic


# --- bad input: each rule fails the plan with a message naming the input and the rule --------

BAD_INPUT = [
    ("name", {"name": "Unit_Test"}, "must be 2-20 characters of lowercase letters"),
    ("global_resources_region", {"global_resources_region": "global"}, "must be an AWS region"),
    (
        "snapshot_delivery_frequency",
        {"snapshot_delivery_frequency": "Daily"},
        "must be one of One_Hour, Three_Hours",
    ),
    ("retention_days", {"retention_days": 3000}, "between 30 and 2557"),
    ("retention_days", {"retention_days": 90.5}, "must be a whole number of days"),
    ("delivery_retention_days", {"delivery_retention_days": 30}, "between 365 and 36500"),
    ("access_log_bucket", {"access_log_bucket": "Logs_Bucket"}, "must be an S3 bucket name"),
    ("kms_key_arn", {"kms_key_arn": "alias/config"}, "must be null or a KMS key ARN"),
    (
        "sns_topic_arn",
        {"sns_topic_arn": "arn:aws:sqs:us-east-1:111122223333:queue"},
        "must be null or a standard SNS topic ARN",
    ),
    (
        "sns_topic_arn",
        {"sns_topic_arn": "arn:aws:sns:us-east-1:111122223333:alerts.fifo"},
        "FIFO topics are not supported",
    ),
    (
        "conformance_pack_parameters",
        {"conformance_pack_parameters": {"MinPasswordLength": "16"}},
        "keys must be parameters of conformance-packs/hipaa-security.yaml",
    ),
]


BAD_CASES = [
    BadInput(f"{variable}-{index}", inputs, variable, rule, BASE)
    for index, (variable, inputs, rule) in enumerate(BAD_INPUT)
]


@pytest.mark.parametrize("case", BAD_CASES, ids=[c.id for c in BAD_CASES])
def test_bad_input_is_rejected_with_a_clear_message(bad_input: Any, case: BadInput) -> None:
    bad_input("config", BAD_CASES, case)


def test_access_log_bucket_is_required(plan_error: Any) -> None:
    message = plan_error("config", {"name": "unit"})
    assert 'The argument "access_log_bucket" is required' in message
