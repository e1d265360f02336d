"""modules/iam-baseline: password policy floor, MFA on every group, Dev/Test limits, bad input."""

from __future__ import annotations

import json

import pytest
from tfharness.badinput import BadInput
from tfharness.plan import PlanSummary, summarise

BASE = {"name": "unit-test"}
GROUPS = ("SystemAdmin", "DatabaseAdmin", "Monitoring")
MFA_SELF_SERVICE = {
    "iam:ChangePassword",
    "iam:CreateVirtualMFADevice",
    "iam:EnableMFADevice",
    "iam:GetAccountPasswordPolicy",
    "iam:GetUser",
    "iam:ListMFADevices",
    "iam:ListVirtualMFADevices",
    "iam:ResyncMFADevice",
    "sts:GetSessionToken",
}
PREFIX = "module.under_test."

pytestmark = pytest.mark.plan


def _call(plan_call, **inputs) -> PlanSummary:
    return summarise(plan_call("iam-baseline", {**BASE, **inputs}))


def _as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def _statements(policy_json: str) -> dict[str, dict]:
    return {s["Sid"]: s for s in json.loads(policy_json)["Statement"]}


@pytest.fixture(scope="module")
def default_plan(plan_call) -> PlanSummary:
    return _call(plan_call)


# --- password policy --------------------------------------------------------------------------


def test_default_password_policy_is_hardened(default_plan) -> None:
    policy = default_plan.resource(f"{PREFIX}aws_iam_account_password_policy.this[0]")
    assert policy["minimum_password_length"] == 14
    assert policy["password_reuse_prevention"] == 24
    assert policy["max_password_age"] == 90
    assert all(
        policy[k]
        for k in (
            "require_uppercase_characters",
            "require_lowercase_characters",
            "require_numbers",
            "require_symbols",
        )
    )


def test_the_architectures_floor_itself_is_accepted(plan_call) -> None:
    floor = {"password_minimum_length": 8, "password_reuse_prevention": 3}
    policy = _call(plan_call, **floor).resource(f"{PREFIX}aws_iam_account_password_policy.this[0]")
    assert (policy["minimum_password_length"], policy["password_reuse_prevention"]) == (8, 3)
    assert policy["require_symbols"] is True


# --- MFA on every group -----------------------------------------------------------------------


def test_every_group_has_the_mfa_policy(default_plan) -> None:
    groups = {v["name"] for v in default_plan.of_type("aws_iam_group").values()}
    assert groups == set(GROUPS)
    attachments = default_plan.of_type("aws_iam_group_policy_attachment")
    mfa_groups = {v["group"] for a, v in attachments.items() if ".require_mfa[" in a}
    assert mfa_groups == groups


def test_mfa_policy_denies_all_but_self_service_without_mfa(default_plan) -> None:
    policy = default_plan.resource(f"{PREFIX}aws_iam_policy.require_mfa[0]")["policy"]
    deny = _statements(policy)["DenyAllExceptMfaSelfServiceWithoutMfa"]
    assert deny["Effect"] == "Deny"
    assert deny["Resource"] == "*"
    assert set(_as_list(deny["NotAction"])) == MFA_SELF_SERVICE
    assert deny["Condition"] == {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}


def test_mfa_self_service_is_limited_to_the_callers_own_user(default_plan) -> None:
    policy = default_plan.resource(f"{PREFIX}aws_iam_policy.require_mfa[0]")["policy"]
    for sid, statement in _statements(policy).items():
        if statement["Effect"] != "Allow" or sid == "AllowViewAccountInfo":
            continue
        for resource in _as_list(statement["Resource"]):
            assert resource.endswith("/${aws:username}"), (sid, resource)


def test_monitoring_is_view_only(default_plan) -> None:
    attachments = default_plan.of_type("aws_iam_group_policy_attachment")
    monitoring = {v.get("policy_arn") for v in attachments.values() if v["group"] == "Monitoring"}
    assert "arn:aws:iam::aws:policy/ReadOnlyAccess" not in monitoring
    assert "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess" in monitoring


# --- Dev/Test role ----------------------------------------------------------------------------


def test_dev_test_role_needs_mfa(default_plan) -> None:
    trust = json.loads(
        default_plan.resource(f"{PREFIX}aws_iam_role.dev_test[0]")["assume_role_policy"]
    )
    (statement,) = trust["Statement"]
    assert statement["Condition"] == {"Bool": {"aws:MultiFactorAuthPresent": "true"}}


def test_dev_test_role_is_denied_production_and_phi_resources(default_plan) -> None:
    limits = default_plan.resource(f"{PREFIX}aws_iam_role_policy.dev_test_limits[0]")["policy"]
    statements = _statements(limits)
    environment = statements["DenyResourcesTaggedEnvironment"]
    assert (environment["Effect"], environment["Action"], environment["Resource"]) == (
        "Deny",
        "*",
        "*",
    )
    assert environment["Condition"] == {
        "StringEqualsIgnoreCase": {"aws:ResourceTag/Environment": ["prod", "production"]}
    }
    assert statements["DenyRequestsTaggingEnvironment"]["Condition"] == {
        "StringEqualsIgnoreCase": {"aws:RequestTag/Environment": ["prod", "production"]}
    }
    assert statements["DenyResourcesTaggedDataClassification"]["Condition"] == {
        "StringEqualsIgnoreCase": {"aws:ResourceTag/DataClassification": "PHI"}
    }
    assert "iam:PassRole" in statements["DenyIamChanges"]["Action"]


# --- account-level and regional controls ------------------------------------------------------


def test_account_public_access_block_blocks_all_four(default_plan) -> None:
    block = default_plan.resource(f"{PREFIX}aws_s3_account_public_access_block.this[0]")
    assert all(
        block[k]
        for k in (
            "block_public_acls",
            "block_public_policy",
            "ignore_public_acls",
            "restrict_public_buckets",
        )
    )


def test_ebs_is_encrypted_by_default_with_a_key_usable_only_through_ec2(default_plan) -> None:
    assert default_plan.resource(f"{PREFIX}aws_ebs_encryption_by_default.this")["enabled"] is True
    assert f"{PREFIX}aws_ebs_default_kms_key.this[0]" in default_plan.values
    key = default_plan.resource(f"{PREFIX}module.ebs_key[0].aws_kms_key.this")
    usage = _statements(key["policy"])["UsageThroughAwsServices"]
    assert usage["Condition"]["StringEquals"]["kms:ViaService"] == "ec2.us-east-1.amazonaws.com"


def test_other_regions_get_only_the_regional_controls(plan_call) -> None:
    types = set(_call(plan_call, create_global_resources=False).counts)
    assert not any(t.startswith("aws_iam_") for t in types), types
    assert "aws_s3_account_public_access_block" not in types
    assert {"aws_ebs_encryption_by_default", "aws_ebs_default_kms_key"} <= types


# --- bad input --------------------------------------------------------------------------------


BAD_INPUTS = [
    BadInput(
        "password-below-8",
        {"password_minimum_length": 7},
        "password_minimum_length",
        "password_minimum_length must be a whole number between 8",
        BASE,
    ),
    BadInput(
        "password-expiry-above-90",
        {"password_max_age_days": 120},
        "password_max_age_days",
        "password_max_age_days must be a whole number between 1 and 90",
        BASE,
    ),
    BadInput(
        "password-reuse-below-3",
        {"password_reuse_prevention": 2},
        "password_reuse_prevention",
        "password_reuse_prevention must be a whole number between 3",
        BASE,
    ),
    BadInput(
        "monitoring-read-only-access",
        {"group_policy_arns": {"monitoring": ["ReadOnlyAccess"]}},
        "group_policy_arns",
        "group_policy_arns.monitoring must stay view-only",
        BASE,
    ),
    BadInput(
        "dev-test-administrator",
        {"dev_test_policy_arns": ["AdministratorAccess"]},
        "dev_test_policy_arns",
        "dev_test_policy_arns must not include AdministratorAccess",
        BASE,
    ),
    BadInput(
        "dev-test-no-denied-tags",
        {"dev_test_denied_tags": {}},
        "dev_test_denied_tags",
        "dev_test_denied_tags must name at least one tag key",
        BASE,
    ),
    BadInput(
        "dev-test-wildcard-principal",
        {"dev_test_trusted_principals": ["arn:aws:iam::*:root"]},
        "dev_test_trusted_principals",
        "wildcards are not allowed",
        BASE,
    ),
    BadInput(
        "dev-test-session-too-short",
        {"dev_test_max_session_seconds": 60},
        "dev_test_max_session_seconds",
        "between 3600",
        BASE,
    ),
    BadInput(
        "bad-name",
        {"name": "Bad_Name"},
        "name",
        "name must be 3-40 characters",
        BASE,
    ),
]


@pytest.mark.parametrize("case", BAD_INPUTS, ids=[c.id for c in BAD_INPUTS])
def test_bad_input_is_rejected_with_the_rule(bad_input, case: BadInput) -> None:
    bad_input("iam-baseline", BAD_INPUTS, case)
