"""modules/kms: key policy properties and input validation (each rule has a failing case)."""

from __future__ import annotations

import json

import pytest
from tfharness.badinput import BadInput
from tfharness.plan import summarise

ADMIN = "arn:aws:iam::111122223333:role/platform-admin"
USER = "arn:aws:iam::111122223333:role/app"
BASE = {"alias": "unit-test", "description": "unit test key"}

pytestmark = pytest.mark.plan


def _policy(plan_call, **inputs) -> dict:
    summary = summarise(plan_call("kms", {**BASE, **inputs}))
    return json.loads(summary.resource("module.under_test.aws_kms_key.this")["policy"])


def _all_actions(policy: dict) -> list[str]:
    actions: list[str] = []
    for statement in policy["Statement"]:
        value = statement["Action"]
        actions += [value] if isinstance(value, str) else value
    return actions


def test_no_statement_grants_kms_star(plan_call) -> None:
    policy = _policy(
        plan_call,
        key_administrators=[ADMIN],
        key_users=[USER],
        via_services=["s3.us-east-1.amazonaws.com"],
    )
    assert "kms:*" not in _all_actions(policy)
    assert "*" not in _all_actions(policy)


def test_administrators_cannot_use_the_key(plan_call) -> None:
    policy = _policy(plan_call, key_administrators=[ADMIN])
    admin = next(s for s in policy["Statement"] if s["Sid"] == "KeyAdministration")
    assert admin["Principal"] == {"AWS": ADMIN}
    data_plane = {
        "kms:Decrypt",
        "kms:Encrypt",
        "kms:GenerateDataKey*",
        "kms:ReEncrypt*",
        "kms:CreateGrant",
    }
    assert data_plane.isdisjoint(admin["Action"])


def test_users_get_only_cryptographic_use_and_aws_resource_grants(plan_call) -> None:
    policy = _policy(plan_call, key_users=[USER])
    by_sid = {s["Sid"]: s for s in policy["Statement"]}
    assert sorted(by_sid["KeyUsage"]["Action"]) == sorted(
        ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"]
    )
    grants = by_sid["KeyGrantsForAwsResources"]
    assert grants["Condition"] == {"Bool": {"kms:GrantIsForAWSResource": "true"}}


def test_service_use_is_scoped_to_this_account_and_named_services(plan_call) -> None:
    policy = _policy(plan_call, via_services=["secretsmanager.us-east-1.amazonaws.com"])
    via = next(s for s in policy["Statement"] if s["Sid"] == "UsageThroughAwsServices")
    condition = via["Condition"]["StringEquals"]
    assert condition["kms:ViaService"] == "secretsmanager.us-east-1.amazonaws.com"
    assert condition["kms:CallerAccount"].isdigit()


def test_rotation_is_always_on(plan_call) -> None:
    summary = summarise(plan_call("kms", BASE))
    assert summary.resource("module.under_test.aws_kms_key.this")["enable_key_rotation"] is True


WINDOW_RULE = "deletion_window_in_days must be a whole number of days between 7 and 30"
BAD_INPUTS = [
    BadInput(
        "window-6", {"deletion_window_in_days": 6}, "deletion_window_in_days", WINDOW_RULE, BASE
    ),
    BadInput(
        "window-31", {"deletion_window_in_days": 31}, "deletion_window_in_days", WINDOW_RULE, BASE
    ),
    BadInput(
        "window-fraction",
        {"deletion_window_in_days": 7.5},
        "deletion_window_in_days",
        WINDOW_RULE,
        BASE,
    ),
    BadInput("alias-prefix", {"alias": "alias/x"}, "alias", "alias must be 1-250 characters", BASE),
    BadInput("alias-aws", {"alias": "aws/rds"}, "alias", "must not start with `aws/`", BASE),
    BadInput(
        "user-wildcard", {"key_users": ["*"]}, "key_users", "key_users must be IAM ARNs", BASE
    ),
    BadInput(
        "admin-wildcard",
        {"key_administrators": ["arn:aws:iam::*:root"]},
        "key_administrators",
        "key_administrators must be IAM ARNs",
        BASE,
    ),
    BadInput(
        "service-kms-star",
        {
            "service_principals": {
                "Logs": {"principal": "logs.us-east-1.amazonaws.com", "actions": ["kms:*"]}
            }
        },
        "service_principals",
        "`kms:*` and `*` are not allowed",
        BASE,
    ),
    BadInput(
        "service-wildcard-principal",
        {"service_principals": {"Logs": {"principal": "*", "actions": ["kms:Decrypt"]}}},
        "service_principals",
        "must be an AWS service principal",
        BASE,
    ),
    BadInput(
        "via-wildcard",
        {"via_services": ["*.amazonaws.com"]},
        "via_services",
        "via_services entries must be service endpoints",
        BASE,
    ),
    BadInput(
        "blank-description",
        {"description": " "},
        "description",
        "description must be a non-empty string",
        BASE,
    ),
]


@pytest.mark.parametrize("case", BAD_INPUTS, ids=[c.id for c in BAD_INPUTS])
def test_bad_input_is_rejected_with_the_rule(bad_input, case: BadInput) -> None:
    bad_input("kms", BAD_INPUTS, case)
