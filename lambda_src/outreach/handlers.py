"""Lambda entry points of the outreach functions (thin: parse, configure, run the core).

Environment (set by ``modules/outreach``):

=========================  ===========================================================
all                        ``DB_SECRET_ARN``, ``PG_CA_BUNDLE``, ``SECRETS_MANAGER_ENDPOINT``
plan                       ``TOKEN_KEY_SECRET_ARN``, ``SEND_QUEUE_URL``, ``STAFF_GROUP``,
                           ``INVITATIONS_PER_MESSAGE``, ``PLAN_WORKERS`` (connections
                           planning at once, default 2)
send                       ``TOKEN_KEY_SECRET_ARN``, ``LINK_BASE_URL``, ``EMAIL_FROM``,
                           ``SES_CONFIGURATION_SET``, ``SES_TEMPLATE_INVITATION``,
                           ``SES_TEMPLATE_REMINDER``, ``SMS_TEMPLATE_INVITATION``,
                           ``SMS_TEMPLATE_REMINDER``, ``SMS_SENDER_ID``, ``CLAIM_LEASE_SECONDS``
weekly                     ``SEND_QUEUE_URL``, ``REPORT_BUCKET``, ``REPORT_KMS_KEY_ARN``,
                           ``CLAIM_LEASE_SECONDS``, ``REMINDER_SLACK_HOURS``
=========================  ===========================================================
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from workflows_core import aws, clock, config, runtime
from workflows_core.errors import (
    ConflictError,
    InvalidInputError,
    NotFoundError,
    WorkflowError,
)
from workflows_core.http import error_response, json_response
from workflows_core.logs import bound, configure_logging, log_error, log_info
from workflows_core.sqs_batch import records_of

from .messaging import SesTemplatedEmail, SmsTemplate, SnsSms
from .model import parse_plan_event, parse_redeem_event, parse_schedule_time
from .plan import PlanSettings, plan_campaign
from .queue import SqsQueue
from .redeem import ALLOWED_METHODS, METHOD_NOT_ALLOWED, UNAVAILABLE, redeem
from .send import Senders, SendSettings, send_records
from .tokens import TokenKeys
from .weekly import WeeklySettings, run_weekly

DEFAULT_SMS_INVITATION = "$campaign: your clinic invites you to book an appointment: $link"
DEFAULT_SMS_REMINDER = "Reminder - $campaign: book your appointment here: $link"
DEFAULT_STAFF_GROUP = "outreach-staff"


def _request_id(context: Any) -> str | None:
    return getattr(context, "aws_request_id", None)


def _token_keys(env: Mapping[str, str]) -> TokenKeys:
    secret_arn = config.arn(env, "TOKEN_KEY_SECRET_ARN", "secretsmanager")
    return TokenKeys.from_secret(secret_arn, runtime.secret_reader(env).get(secret_arn))


def _queue(env: Mapping[str, str]) -> SqsQueue:
    url = config.required(env, "SEND_QUEUE_URL", "is required: the send queue's URL")
    return SqsQueue(aws.client("sqs", config.endpoint_url(env, "SQS_ENDPOINT")), url)


def _lease(env: Mapping[str, str]) -> dt.timedelta:
    return dt.timedelta(seconds=config.integer(env, "CLAIM_LEASE_SECONDS", 900, 60, 43_200))


# -- plan --------------------------------------------------------------------------------


def plan_handler(event: Any, context: Any) -> dict[str, Any]:
    configure_logging()
    via_http = isinstance(event, Mapping) and "requestContext" in event
    with bound(function="outreach_plan", request_id=_request_id(context)):
        try:
            request = parse_plan_event(event)
            env = config.environ()
            if request.via_http:
                staff_group = env.get("STAFF_GROUP", "").strip() or DEFAULT_STAFF_GROUP
                if staff_group not in request.caller_groups:
                    log_info("plan.forbidden", campaign_id=str(request.campaign_id))
                    return error_response(403, "forbidden", f"requires group {staff_group}")
            settings = PlanSettings(
                per_message=config.integer(env, "INVITATIONS_PER_MESSAGE", 500, 1, 1000),
                workers=config.integer(env, "PLAN_WORKERS", 2, 1, 8),
            )
            keys = _token_keys(env)
            queue = _queue(env)
            database = runtime.database(env)
            with database.session() as db:
                result = plan_campaign(
                    db,
                    keys,
                    queue,
                    request.campaign_id,
                    now=clock.utcnow(),
                    settings=settings,
                    connect=database.open,
                )
        except InvalidInputError as exc:
            log_error("plan.invalid_input", error=str(exc))
            if via_http:
                return error_response(400, "invalid_input", str(exc))
            raise
        except NotFoundError as exc:
            log_error("plan.not_found", error=str(exc))
            if via_http:
                return error_response(404, "not_found", str(exc))
            raise
        except ConflictError as exc:
            log_error("plan.conflict", error=str(exc))
            if via_http:
                return error_response(409, "conflict", str(exc))
            raise
        except WorkflowError as exc:
            log_error("plan.failed", error_type=type(exc).__name__, error=str(exc))
            raise
        body = result.as_dict()
        return json_response(200, body) if via_http else body


# -- send --------------------------------------------------------------------------------


def _send_settings(env: Mapping[str, str]) -> SendSettings:
    base = config.https_url(env, "LINK_BASE_URL")
    assert base is not None
    return SendSettings(
        link_base_url=base,
        sms_invitation=SmsTemplate(
            "SMS_TEMPLATE_INVITATION", env.get("SMS_TEMPLATE_INVITATION") or DEFAULT_SMS_INVITATION
        ),
        sms_reminder=SmsTemplate(
            "SMS_TEMPLATE_REMINDER", env.get("SMS_TEMPLATE_REMINDER") or DEFAULT_SMS_REMINDER
        ),
        email_template_invitation=config.required(env, "SES_TEMPLATE_INVITATION"),
        email_template_reminder=config.required(env, "SES_TEMPLATE_REMINDER"),
        claim_lease=_lease(env),
    )


def send_handler(event: Any, context: Any) -> dict[str, Any]:
    configure_logging()
    with bound(function="outreach_send", request_id=_request_id(context)):
        try:
            records = records_of(event)
            env = config.environ()
            settings = _send_settings(env)
            keys = _token_keys(env)
            sms = SnsSms(
                aws.client("sns", config.endpoint_url(env, "SNS_ENDPOINT"), sdk_retries=False),
                sender_id=config.optional(env, "SMS_SENDER_ID"),
            )
            email = SesTemplatedEmail(
                aws.client("ses", config.endpoint_url(env, "SES_ENDPOINT"), sdk_retries=False),
                source=config.required(env, "EMAIL_FROM"),
                configuration_set=config.required(env, "SES_CONFIGURATION_SET"),
            )
            with runtime.database(env).session() as db:
                failed = send_records(
                    db,
                    records,
                    keys=keys,
                    senders=Senders(sms, email),
                    now=clock.utcnow(),
                    settings=settings,
                )
        except WorkflowError as exc:
            # Configuration, secrets or database: the whole batch is retried (nothing sent
            # was recorded as sent only if the finishing UPDATE ran; see send.py).
            log_error("send.batch_failed", error_type=type(exc).__name__, error=str(exc))
            raise
        return {"batchItemFailures": [{"itemIdentifier": m} for m in failed]}


# -- redeem ------------------------------------------------------------------------------


def redeem_handler(event: Any, context: Any) -> dict[str, Any]:
    configure_logging()
    with bound(function="outreach_redeem", request_id=_request_id(context)):
        try:
            request = parse_redeem_event(event)
        except InvalidInputError as exc:
            log_error("redeem.invalid_request", error=str(exc))
            return error_response(400, "invalid_request", str(exc))
        if request.method not in ALLOWED_METHODS:
            return METHOD_NOT_ALLOWED.as_api_gateway()
        try:
            env = config.environ()
            with runtime.database(env).session() as db:
                return redeem(db, request, clock.utcnow()).as_api_gateway()
        except WorkflowError as exc:
            log_error("redeem.failed", error_type=type(exc).__name__, error=str(exc))
            return UNAVAILABLE.as_api_gateway()


# -- weekly ------------------------------------------------------------------------------


class S3Reports:
    def __init__(self, client: Any, bucket: str, kms_key_arn: str) -> None:
        self._client = client
        self._bucket = bucket
        self._kms_key_arn = kms_key_arn

    def put(self, key: str, body: bytes, content_type: str) -> None:
        self._client.put_object(
            Bucket=self._bucket,
            Key=key,
            Body=body,
            ContentType=content_type,
            ServerSideEncryption="aws:kms",
            SSEKMSKeyId=self._kms_key_arn,
        )


def weekly_handler(event: Any, context: Any) -> dict[str, Any]:
    configure_logging()
    with bound(function="outreach_weekly", request_id=_request_id(context)):
        try:
            now = parse_schedule_time(event, clock.utcnow())
            env = config.environ()
            settings = WeeklySettings(
                claim_lease=_lease(env),
                slack=dt.timedelta(hours=config.integer(env, "REMINDER_SLACK_HOURS", 24, 0, 72)),
                per_message=config.integer(env, "INVITATIONS_PER_MESSAGE", 500, 1, 1000),
            )
            queue = _queue(env)
            reports = S3Reports(
                aws.client("s3", config.endpoint_url(env, "S3_ENDPOINT")),
                config.required(env, "REPORT_BUCKET"),
                config.arn(env, "REPORT_KMS_KEY_ARN", "kms"),
            )
            with runtime.database(env).session() as db:
                result = run_weekly(db, queue, reports, now, settings)
        except WorkflowError as exc:
            log_error("weekly.failed", error_type=type(exc).__name__, error=str(exc))
            raise
        return result.as_dict()
