"""modules/sns-topic: the topic policy on a direct call, and every input rule (one batched plan)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from tfharness.badinput import BadInput
from tfharness.plan import summarise

KEY = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
BASE: dict[str, Any] = {"name": "unit-topic", "kms_key_arn": KEY}

pytestmark = pytest.mark.plan


def test_no_statement_allows_a_wildcard_principal(plan_call) -> None:
    summary = summarise(plan_call("sns-topic", BASE))
    assert summary.resource("module.under_test.aws_sns_topic.this")["kms_master_key_id"] == KEY
    policy = json.loads(summary.resource("module.under_test.aws_sns_topic_policy.this")["policy"])
    for statement in policy["Statement"]:
        if statement["Effect"] == "Allow":
            assert statement["Principal"] != "*"
            assert statement["Principal"].get("AWS") != "*"
    deny = next(s for s in policy["Statement"] if s["Sid"] == "DenyInsecureTransport")
    assert deny["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}


ALARM = "arn:aws:cloudwatch:us-east-1:111122223333:alarm:errors"
BAD_INPUTS = [
    BadInput("name-fifo", {"name": "t.fifo"}, "name", "name must be 1-256 characters", BASE),
    BadInput("name-empty", {"name": ""}, "name", "name must be 1-256 characters", BASE),
    BadInput(
        "key-aws-managed",
        {"kms_key_arn": "alias/aws/sns"},
        "kms_key_arn",
        "aliases and AWS-managed keys are not accepted",
        BASE,
    ),
    BadInput(
        "publisher-sid",
        {
            "allowed_publishers": {
                "a-b": {"service": "cloudwatch.amazonaws.com", "source_arns": [ALARM]}
            }
        },
        "allowed_publishers",
        "1-64 alphanumeric characters",
        BASE,
    ),
    BadInput(
        "publisher-wildcard-principal",
        {"allowed_publishers": {"Any": {"service": "*", "source_arns": [ALARM]}}},
        "allowed_publishers",
        "must be an AWS service principal",
        BASE,
    ),
    BadInput(
        "publisher-wildcard-arn",
        {
            "allowed_publishers": {
                "Alarms": {
                    "service": "cloudwatch.amazonaws.com",
                    "source_arns": ["arn:aws:cloudwatch:us-east-1:111122223333:alarm:*"],
                }
            }
        },
        "allowed_publishers",
        "no wildcards",
        BASE,
    ),
]


@pytest.mark.parametrize("case", BAD_INPUTS, ids=[c.id for c in BAD_INPUTS])
def test_bad_input_is_rejected_with_the_rule(bad_input, case: BadInput) -> None:
    bad_input("sns-topic", BAD_INPUTS, case)
