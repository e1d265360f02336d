"""Pure parts of the workflow functions: tokens, parsing, templates, settings, log safety.

No database and no AWS: these run in milliseconds.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import logging
import re
import secrets
import uuid
from typing import Any

import pytest
from botocore.exceptions import (
    ClientError,
    ConnectTimeoutError,
    EndpointConnectionError,
    ReadTimeoutError,
)
from intake.model import FileKind, parse_s3_notification, parse_upload_request, sniff
from outreach.messaging import SmsTemplate
from outreach.model import (
    parse_plan_event,
    parse_redeem_event,
    parse_schedule_time,
    parse_send_message,
)
from outreach.report import Report, ReportRow
from outreach.tokens import TokenKeys, link, token_hash, well_formed
from workflows_core import config, logs
from workflows_core.aws import Outcome, classify
from workflows_core.db import DbSettings
from workflows_core.errors import ConfigurationError, InvalidInputError, SecretError


def _keys(**extra: Any) -> TokenKeys:
    value = {"current": "k1", "keys": {"k1": base64.b64encode(b"k" * 32).decode()}, **extra}
    return TokenKeys.from_secret("arn:secret", value)


# -- tokens ------------------------------------------------------------------------------


def test_tokens_are_256_bit_url_safe_and_depend_on_key_and_nonce() -> None:
    keys = _keys()
    nonce = secrets.token_bytes(16)
    token = keys.token("k1", nonce)
    assert well_formed(token) and len(token) == 43
    assert keys.token("k1", nonce) == token
    assert keys.token("k1", secrets.token_bytes(16)) != token
    other = TokenKeys.from_secret(
        "s", {"current": "k1", "keys": {"k1": base64.b64encode(b"z" * 32).decode()}}
    )
    assert other.token("k1", nonce) != token
    assert len(token_hash(token)) == 32
    assert link("https://l.example", token) == f"https://l.example/r/{token}"


@pytest.mark.parametrize(
    ("value", "field"),
    [
        ({"current": "k1", "keys": {}}, "'keys'"),
        ({"current": "k2", "keys": {"k1": base64.b64encode(b"k" * 32).decode()}}, "'current'"),
        ({"current": "k1", "keys": {"k1": "not base64!"}}, "base64"),
        ({"current": "k1", "keys": {"k1": base64.b64encode(b"short").decode()}}, ">= 32 bytes"),
        ({"current": "bad id", "keys": {"bad id": base64.b64encode(b"k" * 32).decode()}}, "ids"),
    ],
)
def test_a_malformed_token_key_secret_names_the_problem(value: Any, field: str) -> None:
    with pytest.raises(SecretError, match=field.replace("(", r"\(")):
        TokenKeys.from_secret("arn:secret", value)


def test_a_retired_key_id_is_an_error() -> None:
    with pytest.raises(SecretError, match="'k0'"):
        _keys().token("k0", b"\x00" * 16)


@pytest.mark.parametrize(
    "token", [None, 42, "", "a" * 42, "a" * 44, "a" * 42 + "=", "a/" * 21 + "a"]
)
def test_malformed_tokens_are_not_well_formed(token: Any) -> None:
    assert not well_formed(token)


# -- parsing -----------------------------------------------------------------------------


def test_send_messages_round_trip_and_deduplicate() -> None:
    cid = uuid.uuid4()
    parsed = parse_send_message(
        json.dumps({"v": 1, "campaign_id": str(cid), "sends": [[5, 0], [5, 0], [6, 1]]})
    )
    assert parsed.campaign_id == cid
    assert [(i.invitation_id, i.sequence) for i in parsed.items] == [(5, 0), (6, 1)]


@pytest.mark.parametrize(
    ("sends", "field"),
    [
        ([[0, 0]], "sends[0]"),
        ([[1, -1]], "sends[0]"),
        ([[1, True]], "sends[0]"),
        ([[1]], "sends[0]"),
        ([[1, 0]] * 1001, "sends"),
    ],
)
def test_send_messages_reject_bad_items(sends: Any, field: str) -> None:
    body = json.dumps({"v": 1, "campaign_id": str(uuid.uuid4()), "sends": sends})
    with pytest.raises(InvalidInputError, match=re.escape(f"'{field}'")):
        parse_send_message(body)


def test_plan_events_read_groups_in_both_shapes() -> None:
    base = {
        "requestContext": {"authorizer": {"jwt": {"claims": {}}}},
        "pathParameters": {"campaign_id": str(uuid.uuid4())},
    }
    for raw, expected in (
        ("[a b]", {"a", "b"}),
        (["a"], {"a"}),
        ("a,b", {"a", "b"}),
        (None, set()),
    ):
        event = json.loads(json.dumps(base))
        if raw is not None:
            event["requestContext"]["authorizer"]["jwt"]["claims"]["cognito:groups"] = raw
        assert parse_plan_event(event).caller_groups == expected


def test_redeem_events_need_a_method() -> None:
    assert parse_redeem_event({"requestContext": {"http": {"method": "post"}}}).method == "POST"
    with pytest.raises(InvalidInputError, match=r"requestContext\.http\.method"):
        parse_redeem_event({"requestContext": {"http": {}}})


def test_schedule_time_is_the_event_time_in_utc() -> None:
    fallback = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    assert parse_schedule_time({}, fallback) == fallback
    got = parse_schedule_time({"time": "2026-03-02T09:00:00Z"}, fallback)
    assert got == dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)
    with pytest.raises(InvalidInputError, match="UTC offset"):
        parse_schedule_time({"time": "2026-03-02T09:00:00"}, fallback)


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"%PDF-1.7", FileKind.PDF),
        (b"\x89PNG\r\n\x1a\n", FileKind.PNG),
        (b"\xff\xd8\xff\xe0", FileKind.JPEG),
        (b"II*\x00", FileKind.TIFF),
        (b"MM\x00*", FileKind.TIFF),
        (b"GIF89a", None),
        (b"PK\x03\x04", None),
        (b"", None),
    ],
)
def test_files_are_recognised_by_content(head: bytes, kind: FileKind | None) -> None:
    assert sniff(head) is kind


def test_upload_requests_need_a_subject() -> None:
    with pytest.raises(InvalidInputError, match="'sub'"):
        parse_upload_request({}, {"content_type": "image/png", "size_bytes": 1}, 10)


def test_s3_keys_in_events_are_url_decoded() -> None:
    body = json.dumps(
        {
            "Records": [
                {
                    "eventSource": "aws:s3",
                    "eventName": "ObjectCreated:Post",
                    "s3": {
                        "bucket": {"name": "b"},
                        "object": {"key": "incoming/a+b%2Fc", "size": 3},
                    },
                }
            ]
        }
    )
    (obj,) = parse_s3_notification(body)
    assert obj.key == "incoming/a b/c" and obj.size == 3 and obj.document_id is None


# -- templates and settings --------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["no link here", "$link $patient_name", "$link ${", "x" * 601 + "$link"]
)
def test_sms_templates_allow_only_campaign_and_link(text: str) -> None:
    with pytest.raises(ConfigurationError, match="SMS_TEMPLATE_INVITATION"):
        SmsTemplate("SMS_TEMPLATE_INVITATION", text)


def test_sms_templates_render() -> None:
    template = SmsTemplate("X", "$campaign: $link")
    assert template.render("Flu", "https://l/r/t") == "Flu: https://l/r/t"


@pytest.mark.parametrize(
    ("reader", "value", "message"),
    [
        (lambda e: config.https_url(e, "V"), "http://x", "https://"),
        (lambda e: config.https_url(e, "V"), "https://x/?q=1", "without query"),
        (lambda e: config.integer(e, "V", 1, 1, 5), "6", "between 1 and 5"),
        (lambda e: config.integer(e, "V", 1, 1, 5), "-1", "between 1 and 5"),
        (lambda e: config.arn(e, "V", "sns"), "arn:aws:sqs:us-east-1:123456789012:q", "sns ARN"),
        (lambda e: config.choice(e, "V", "a", ("a", "b")), "c", "one of a, b"),
        (lambda e: config.csv_choices(e, "V", ("a",), ("a", "b")), "a,,c", "comma-separated"),
        (lambda e: config.readable_file(e, "V"), "/nonexistent", "readable file"),
    ],
)
def test_settings_errors_name_the_variable_and_the_rule(
    reader: Any, value: str, message: str
) -> None:
    with pytest.raises(ConfigurationError) as failure:
        reader({"V": value})
    assert "'V'" in str(failure.value) and message in str(failure.value)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"ssl": False}, "'ssl'"),
        ({"port": 70000}, "'port'"),
        ({"host": ""}, "'host'"),
        ({"proxy_port": 6432}, "'proxy_port' needs 'proxy_host'"),
        ({"proxy_host": " "}, "'proxy_host' must be a non-empty string"),
        ({"proxy_host": "proxy", "proxy_port": "x"}, "'proxy_port' must be an integer"),
    ],
)
def test_database_secrets_must_require_tls_and_be_complete(change: Any, field: str) -> None:
    value = {"host": "db", "port": 5432, "dbname": "d", "username": "u", "password": "p", **change}
    with pytest.raises(SecretError, match=field):
        DbSettings.from_secret("arn", value)


@pytest.mark.parametrize(
    ("proxy", "endpoint"),
    [
        ({}, ("db", 5432)),
        ({"proxy_host": "proxy"}, ("proxy", 5432)),
        ({"proxy_host": "proxy", "proxy_port": "6432"}, ("proxy", 6432)),
    ],
)
def test_database_secrets_naming_a_proxy_connect_to_it(
    proxy: dict[str, Any], endpoint: tuple[str, int]
) -> None:
    value = {"host": "db", "port": 5432, "dbname": "d", "username": "u", "password": "p"}
    settings = DbSettings.from_secret("arn", {**value, **proxy})
    assert (settings.host, settings.port) == endpoint


def test_api_failures_are_classified_by_whether_aws_may_have_acted() -> None:
    def client_error(code: str, status: int) -> ClientError:
        return ClientError(
            {"Error": {"Code": code}, "ResponseMetadata": {"HTTPStatusCode": status}}, "Op"
        )

    assert classify(client_error("Throttling", 400)) is Outcome.NOT_SENT_RETRYABLE
    assert classify(client_error("InternalError", 500)) is Outcome.NOT_SENT_RETRYABLE
    assert classify(client_error("InvalidParameter", 400)) is Outcome.NOT_SENT_PERMANENT
    assert classify(EndpointConnectionError(endpoint_url="x")) is Outcome.NOT_SENT_RETRYABLE
    assert classify(ConnectTimeoutError(endpoint_url="x")) is Outcome.NOT_SENT_RETRYABLE
    assert classify(ReadTimeoutError(endpoint_url="x")) is Outcome.AMBIGUOUS


# -- logs and reports --------------------------------------------------------------------


def test_log_fields_with_phi_names_are_redacted_but_counts_pass(
    capsys: pytest.CaptureFixture[str],
) -> None:
    logs.configure_logging()
    logs.log_info(
        "x", phone="+15550000001", email="a@b.example", email_count=3, token="t", campaign_id="c"
    )
    line = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert line["phone"] == line["email"] == line["token"] == "[redacted]"
    assert line["email_count"] == 3 and line["campaign_id"] == "c"


def test_sdk_loggers_stay_quiet_even_if_the_root_logger_is_at_debug() -> None:
    logging.getLogger().setLevel(logging.DEBUG)
    logs.configure_logging()
    for name in ("botocore", "boto3", "urllib3"):
        assert logging.getLogger(name).getEffectiveLevel() >= logging.WARNING


def test_the_report_neutralises_spreadsheet_formulas_and_escapes_html() -> None:
    report = Report(
        dt.datetime(2026, 1, 5, tzinfo=dt.UTC),
        [ReportRow("c1", '=HYPERLINK("x")<b>', "sms", "invitations", "responded", 3)],
    )
    assert "'=HYPERLINK" in report.csv()
    assert "<b>" not in report.html() and "&lt;b&gt;" in report.html()
