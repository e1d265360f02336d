"""modules/outreach: wiring and least privilege on a direct call, and every input rule.

The functions themselves are tested on a real PostgreSQL server in tests/workflows/.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from tfharness.badinput import BadInput
from tfharness.plan import summarise

ACCOUNT = "111122223333"
KEY = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"
DB_KEY = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/00000000-12ab-34cd-56ef-1234567890ab"
OUTREACH_SECRET = f"arn:aws:secretsmanager:us-east-1:{ACCOUNT}:secret:db/outreach-AbCdEf"
REDEEM_SECRET = f"arn:aws:secretsmanager:us-east-1:{ACCOUNT}:secret:db/redeem-AbCdEf"
BASE: dict[str, Any] = {
    "name": "unit-outreach",
    "kms_key_arn": KEY,
    "vpc_config": {"subnet_ids": ["subnet-0a", "subnet-0b"], "security_group_ids": ["sg-01"]},
    "database": {
        "outreach_secret_arn": OUTREACH_SECRET,
        "redeem_secret_arn": REDEEM_SECRET,
        "secret_kms_key_arn": DB_KEY,
    },
    "email": {
        "from_address": "outreach@mail.clinic.example",
        "identity_arn": f"arn:aws:ses:us-east-1:{ACCOUNT}:identity/mail.clinic.example",
        "configuration_set_name": "outreach",
        "configuration_set_arn": f"arn:aws:ses:us-east-1:{ACCOUNT}:configuration-set/outreach",
    },
    "link_base_url": "https://links.clinic.example",
    "report_bucket": {"arn": "arn:aws:s3:::clinic-reports", "kms_key_arn": DB_KEY},
    "alarm_actions": [f"arn:aws:sns:us-east-1:{ACCOUNT}:alarms"],
}
M = "module.under_test"
ROLES = ("plan", "send", "redeem", "weekly")

pytestmark = pytest.mark.plan


@pytest.fixture(scope="module")
def summary(plan_call):
    return summarise(plan_call("outreach", BASE))


def test_every_function_runs_in_the_vpc_with_an_encrypted_environment(summary) -> None:
    for role in ROLES:
        function = summary.resource(f"{M}.module.{role}.aws_lambda_function.this")
        assert function["kms_key_arn"] == KEY
        assert function["vpc_config"][0]["subnet_ids"] == ["subnet-0a", "subnet-0b"]
        assert function["vpc_config"][0]["security_group_ids"] == ["sg-01"]
        assert function["reserved_concurrent_executions"] >= 1
        # Configuration only: no value in the environment is a credential or contact data.
        # (Environments that name resources created at apply are unknown at plan.)
        env = function["environment"][0].get("variables", {})
        assert not any("@" in str(v) and k != "EMAIL_FROM" for k, v in env.items())
        assert "PASSWORD" not in " ".join(env).upper()


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


def test_the_public_link_endpoint_reads_only_its_own_login(summary) -> None:
    """redeem faces the internet: it may read the redeem login and nothing else.

    The role policy merges ARNs created at apply, so the function's own statements are read
    from the policy document the module passes in.
    """
    document = _data_source(summary.raw, f"{M}.data.aws_iam_policy_document.redeem")
    policy = json.loads(document["json"])
    granted = [s for s in policy["Statement"] if s["Effect"] == "Allow"]
    secrets = [s for s in granted if "secretsmanager:GetSecretValue" in s["Action"]]
    assert [s["Resource"] for s in secrets] == [REDEEM_SECRET]
    actions = {
        a for s in granted for a in ([s["Action"]] if isinstance(s["Action"], str) else s["Action"])
    }
    assert not any(a.startswith(("sns:", "ses:", "s3:", "sqs:SendMessage")) for a in actions)


def test_sender_reports_partial_batch_failures_within_a_concurrency_cap(summary) -> None:
    mapping = summary.resource(f"{M}.aws_lambda_event_source_mapping.send")
    assert mapping["function_response_types"] == ["ReportBatchItemFailures"]
    assert mapping["scaling_config"] == [{"maximum_concurrency": 5}]
    queue = summary.resource(f"{M}.module.send_queue.aws_sqs_queue.this")
    send = summary.resource(f"{M}.module.send.aws_lambda_function.this")
    # Redelivery only after the sender and its claim lease (5x timeout) are surely done.
    assert queue["visibility_timeout_seconds"] == 6 * send["timeout"]
    assert json.loads(queue["redrive_policy"])["maxReceiveCount"] == 5


def test_weekly_schedule_retries_and_every_function_has_an_alarm(summary) -> None:
    rule = summary.resource(f"{M}.aws_cloudwatch_event_rule.weekly")
    assert rule["schedule_expression"] == "cron(0 9 ? * MON *)"
    target = summary.resource(f"{M}.aws_cloudwatch_event_target.weekly")
    assert target["retry_policy"] == [
        {"maximum_event_age_in_seconds": 21600, "maximum_retry_attempts": 10}
    ]
    for role in ROLES:
        alarm = summary.resource(f'{M}.aws_cloudwatch_metric_alarm.errors["{role}"]')
        assert alarm["alarm_actions"] == BASE["alarm_actions"]
        assert summary.resource(f'{M}.aws_cloudwatch_metric_alarm.function_dlq["{role}"]')


def _with(key: str, **changes: Any) -> dict[str, Any]:
    return {key: {**BASE[key], **changes}}


BAD_INPUTS = [
    BadInput("name-upper", {"name": "Outreach"}, "name", "name must be 2-41 characters", BASE),
    BadInput("key-alias", {"kms_key_arn": "alias/x"}, "kms_key_arn", "customer-managed key", BASE),
    BadInput(
        "one-subnet",
        _with("vpc_config", subnet_ids=["subnet-0a"]),
        "vpc_config",
        "at least two subnets",
        BASE,
    ),
    BadInput(
        "secret-not-arn",
        _with("database", outreach_secret_arn="db/outreach"),
        "database",
        "must be Secrets Manager secret ARNs",
        BASE,
    ),
    BadInput(
        "same-login-for-redeem",
        _with("database", redeem_secret_arn=OUTREACH_SECRET),
        "database",
        "redeem_secret_arn must differ from outreach_secret_arn",
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
        "from-not-address",
        _with("email", from_address="outreach"),
        "email",
        "email.from_address must be an e-mail address",
        BASE,
    ),
    BadInput(
        "identity-not-arn",
        _with("email", identity_arn="mail.clinic.example"),
        "email",
        "must be SES identity and configuration-set ARNs",
        BASE,
    ),
    BadInput(
        "link-http",
        {"link_base_url": "http://links.clinic.example"},
        "link_base_url",
        "must be an https:// URL",
        BASE,
    ),
    BadInput(
        "link-with-query",
        {"link_base_url": "https://links.clinic.example/?p=1"},
        "link_base_url",
        "without query",
        BASE,
    ),
    BadInput(
        "report-bucket-name",
        _with("report_bucket", arn="clinic-reports"),
        "report_bucket",
        "report_bucket needs the bucket ARN",
        BASE,
    ),
    BadInput("no-alarm-actions", {"alarm_actions": []}, "alarm_actions", "at least one SNS", BASE),
    BadInput(
        "schedule-words",
        {"weekly_schedule_expression": "every monday"},
        "weekly_schedule_expression",
        "cron(...) or rate(N unit)",
        BASE,
    ),
    BadInput(
        "sms-without-link",
        {"messages": {"sms_invitation": "$campaign: call us"}},
        "messages",
        "must contain $link",
        BASE,
    ),
    BadInput(
        "sms-with-patient-name",
        {"messages": {"sms_reminder": "Dear $name, book here: $link"}},
        "messages",
        "may use only $campaign and $link",
        BASE,
    ),
    BadInput(
        "email-without-link",
        {"messages": {"email_html": "<p>Call us</p>"}},
        "messages",
        "must contain {{link}}",
        BASE,
    ),
    BadInput(
        "sender-id-long",
        {"messages": {"sms_sender_id": "ClinicOfTheValley"}},
        "messages",
        "sms_sender_id must be 1-11 letters or digits",
        BASE,
    ),
    BadInput(
        "per-message-0",
        {"invitations_per_message": 0},
        "invitations_per_message",
        "from 1 to 1000",
        BASE,
    ),
    BadInput("batch-11", {"send_batch_size": 11}, "send_batch_size", "from 1 to 10", BASE),
    BadInput(
        "concurrency-1",
        {"send_max_concurrency": 1},
        "send_max_concurrency",
        "from 2 to 1000",
        BASE,
    ),
    BadInput(
        "timeout-901",
        {"function_timeouts": {"plan": 901}},
        "function_timeouts",
        "from 3 to 900",
        BASE,
    ),
    BadInput("log-format", {"log_format": "XML"}, "log_format", "must be JSON or Text", BASE),
]


@pytest.mark.parametrize("case", BAD_INPUTS, ids=[c.id for c in BAD_INPUTS])
def test_bad_input_is_rejected_with_the_rule(bad_input, case: BadInput) -> None:
    bad_input("outreach", BAD_INPUTS, case)
