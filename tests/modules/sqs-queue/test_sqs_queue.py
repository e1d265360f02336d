"""modules/sqs-queue: defaults on a direct call, and every input rule (one batched plan)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from tfharness.badinput import BadInput
from tfharness.plan import summarise

KEY = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
TOPIC = "arn:aws:sns:us-east-1:111122223333:alarms"
BASE: dict[str, Any] = {"name": "unit-q", "kms_key_arn": KEY, "alarm_actions": [TOPIC]}

pytestmark = pytest.mark.plan


def test_defaults_encrypt_both_queues_and_redrive_after_five(plan_call) -> None:
    summary = summarise(plan_call("sqs-queue", BASE))
    queue = summary.resource("module.under_test.aws_sqs_queue.this")
    dlq = summary.resource("module.under_test.aws_sqs_queue.dlq")
    assert queue["kms_master_key_id"] == KEY
    assert dlq["kms_master_key_id"] == KEY
    redrive = json.loads(queue["redrive_policy"])
    assert redrive["maxReceiveCount"] == 5
    assert redrive["deadLetterTargetArn"].endswith(":unit-q-dlq")
    # The DLQ outlives the queue's own retention, so nothing expires there first.
    assert dlq["message_retention_seconds"] >= queue["message_retention_seconds"]
    for alarm in ("dlq_not_empty", "oldest_message"):
        resource = summary.resource(f"module.under_test.aws_cloudwatch_metric_alarm.{alarm}")
        assert resource["alarm_actions"] == [TOPIC]
    policy = json.loads(summary.resource("module.under_test.aws_sqs_queue_policy.this")["policy"])
    # Without allowed_senders the policy only denies: principals of the account use IAM.
    assert [s["Effect"] for s in policy["Statement"]] == ["Deny"]


def _sender(service: str, arns: list[str]) -> dict[str, Any]:
    return {"Rule": {"service": service, "source_arns": arns}}


RULE = "arn:aws:events:us-east-1:111122223333:rule/work"
BAD_INPUTS = [
    BadInput("name-dot", {"name": "a.b"}, "name", "name must be 1-76 characters", BASE),
    BadInput("name-long", {"name": "q" * 77}, "name", "name must be 1-76 characters", BASE),
    BadInput(
        "key-alias", {"kms_key_arn": "alias/aws/sqs"}, "kms_key_arn", "customer-managed key", BASE
    ),
    BadInput(
        "reuse-30",
        {"kms_data_key_reuse_period_seconds": 30},
        "kms_data_key_reuse_period_seconds",
        "from 60 to 86400",
        BASE,
    ),
    BadInput(
        "visibility-fraction",
        {"visibility_timeout_seconds": 1.5},
        "visibility_timeout_seconds",
        "from 0 to 43200",
        BASE,
    ),
    BadInput(
        "retention-59",
        {"message_retention_seconds": 59},
        "message_retention_seconds",
        "from 60 to 1209600",
        BASE,
    ),
    BadInput(
        "dlq-retention-too-long",
        {"dlq_message_retention_seconds": 1209601},
        "dlq_message_retention_seconds",
        "from 60 to 1209600",
        BASE,
    ),
    BadInput(
        "dlq-retention-below-queue",
        {"message_retention_seconds": 86400, "dlq_message_retention_seconds": 3600},
        "dlq_message_retention_seconds",
        "must be at least message_retention_seconds",
        BASE,
    ),
    BadInput("receives-0", {"max_receive_count": 0}, "max_receive_count", "from 1 to 1000", BASE),
    BadInput(
        "wait-21",
        {"receive_wait_time_seconds": 21},
        "receive_wait_time_seconds",
        "from 0 to 20",
        BASE,
    ),
    BadInput(
        "sender-sid",
        {
            "allowed_senders": {
                "bad-sid": {"service": "events.amazonaws.com", "source_arns": [RULE]}
            }
        },
        "allowed_senders",
        "1-64 alphanumeric characters",
        BASE,
    ),
    BadInput(
        "sender-wildcard-principal",
        {"allowed_senders": _sender("*", [RULE])},
        "allowed_senders",
        "must be an AWS service principal",
        BASE,
    ),
    BadInput(
        "sender-wildcard-arn",
        {"allowed_senders": _sender("events.amazonaws.com", ["arn:aws:events:us-east-1:1:rule/*"])},
        "allowed_senders",
        "no wildcards",
        BASE,
    ),
    BadInput(
        "sender-no-arn",
        {"allowed_senders": _sender("s3.amazonaws.com", [])},
        "allowed_senders",
        "at least one exact ARN",
        BASE,
    ),
    BadInput("no-alarm-actions", {"alarm_actions": []}, "alarm_actions", "at least one SNS", BASE),
    BadInput(
        "age-alarm-30",
        {"oldest_message_alarm_seconds": 30},
        "oldest_message_alarm_seconds",
        "from 60 to 1209600",
        BASE,
    ),
]


@pytest.mark.parametrize("case", BAD_INPUTS, ids=[c.id for c in BAD_INPUTS])
def test_bad_input_is_rejected_with_the_rule(bad_input, case: BadInput) -> None:
    bad_input("sqs-queue", BAD_INPUTS, case)
