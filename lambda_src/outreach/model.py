"""Events and messages of the outreach functions, parsed and validated (no I/O).

Every ``parse_*`` returns a typed value or raises ``InvalidInputError`` naming the field and
the rule it broke. Nothing here echoes a field's value when the value could be PHI or a token.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from workflows_core.errors import InvalidInputError
from workflows_core.http import jwt_claims

MESSAGE_VERSION = 1
MAX_SENDS_PER_MESSAGE = 1000
MAX_SEQUENCE = 10


class Channel(enum.StrEnum):
    SMS = "sms"
    EMAIL = "email"


def parse_uuid(source: str, name: str, raw: Any) -> uuid.UUID:
    if not isinstance(raw, str):
        raise InvalidInputError(source, name, "must be a UUID string")
    try:
        value = uuid.UUID(raw)
    except ValueError:
        raise InvalidInputError(source, name, "must be a UUID (8-4-4-4-12 hex digits)") from None
    return value


# -- plan --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanRequest:
    campaign_id: uuid.UUID
    via_http: bool
    caller_groups: frozenset[str]


def parse_plan_event(event: Any) -> PlanRequest:
    """A direct invocation ``{"campaign_id": "<uuid>"}`` or an HTTP API (payload 2.0) call
    ``POST /campaigns/{campaign_id}/plan`` that passed the JWT authorizer."""
    if not isinstance(event, Mapping):
        raise InvalidInputError("event", "<event>", "must be a JSON object")
    if "requestContext" in event:
        params = event.get("pathParameters")
        if not isinstance(params, Mapping) or "campaign_id" not in params:
            raise InvalidInputError("request", "pathParameters.campaign_id", "is required")
        claims = jwt_claims(event)
        return PlanRequest(
            campaign_id=parse_uuid("request", "pathParameters.campaign_id", params["campaign_id"]),
            via_http=True,
            caller_groups=_groups(claims.get("cognito:groups")),
        )
    if "campaign_id" not in event:
        raise InvalidInputError("event", "campaign_id", "is required")
    return PlanRequest(
        campaign_id=parse_uuid("event", "campaign_id", event["campaign_id"]),
        via_http=False,
        caller_groups=frozenset(),
    )


def _groups(raw: Any) -> frozenset[str]:
    """HTTP APIs pass array claims as ``"[a b]"``; direct tests may pass a list."""
    if isinstance(raw, list):
        return frozenset(str(g) for g in raw)
    if isinstance(raw, str):
        return frozenset(g for g in re.split(r"[\s,]+", raw.strip("[]")) if g)
    return frozenset()


# -- send --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SendItem:
    invitation_id: int
    sequence: int


@dataclass(frozen=True)
class SendMessage:
    campaign_id: uuid.UUID
    items: tuple[SendItem, ...]


def encode_send_message(campaign_id: uuid.UUID, items: list[SendItem]) -> str:
    return json.dumps(
        {
            "v": MESSAGE_VERSION,
            "campaign_id": str(campaign_id),
            "sends": [[i.invitation_id, i.sequence] for i in items],
        },
        separators=(",", ":"),
    )


def encode_send_pairs(campaign_id: str, pairs: list[tuple[int, int]]) -> str:
    """``encode_send_message`` for the enqueue loop: same body, from (invitation, sequence)."""
    return json.dumps(
        {"v": MESSAGE_VERSION, "campaign_id": str(uuid.UUID(campaign_id)), "sends": pairs},
        separators=(",", ":"),
    )


def parse_send_message(body: Any) -> SendMessage:
    source = "SQS message body"
    if not isinstance(body, str):
        raise InvalidInputError(source, "<body>", "must be a JSON string")
    try:
        data = json.loads(body)
    except json.JSONDecodeError:
        raise InvalidInputError(source, "<body>", "must be valid JSON") from None
    if not isinstance(data, Mapping):
        raise InvalidInputError(source, "<body>", "must be a JSON object")
    if data.get("v") != MESSAGE_VERSION:
        raise InvalidInputError(source, "v", f"must be {MESSAGE_VERSION}")
    campaign_id = parse_uuid(source, "campaign_id", data.get("campaign_id"))
    sends = data.get("sends")
    if not isinstance(sends, list) or not 1 <= len(sends) <= MAX_SENDS_PER_MESSAGE:
        raise InvalidInputError(
            source,
            "sends",
            f"must be a list of 1-{MAX_SENDS_PER_MESSAGE} [invitation_id, sequence]",
        )
    items: list[SendItem] = []
    for index, pair in enumerate(sends):
        if (
            not isinstance(pair, list)
            or len(pair) != 2
            or not all(isinstance(v, int) and not isinstance(v, bool) for v in pair)
            or pair[0] <= 0
            or not 0 <= pair[1] <= MAX_SEQUENCE
        ):
            raise InvalidInputError(
                source,
                f"sends[{index}]",
                f"must be [invitation_id > 0, sequence 0-{MAX_SEQUENCE}]",
            )
        items.append(SendItem(pair[0], pair[1]))
    return SendMessage(campaign_id=campaign_id, items=tuple(dict.fromkeys(items)))


# -- redeem ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RedeemRequest:
    method: str
    token: str | None


def parse_redeem_event(event: Any) -> RedeemRequest:
    """HTTP API payload 2.0 for ``GET|POST /r/{token}``. The token is validated later."""
    if not isinstance(event, Mapping):
        raise InvalidInputError("request", "<event>", "must be a JSON object")
    ctx = event.get("requestContext")
    http = ctx.get("http") if isinstance(ctx, Mapping) else None
    method = http.get("method") if isinstance(http, Mapping) else None
    if not isinstance(method, str) or not method:
        raise InvalidInputError("request", "requestContext.http.method", "is required")
    params = event.get("pathParameters")
    token = params.get("token") if isinstance(params, Mapping) else None
    return RedeemRequest(method=method.upper(), token=token if isinstance(token, str) else None)


# -- weekly ------------------------------------------------------------------------------


def parse_schedule_time(event: Any, fallback: dt.datetime) -> dt.datetime:
    """EventBridge scheduled events carry ``time`` (UTC, ISO 8601); use it as "now" so a
    delayed or retried run computes the same week."""
    if not isinstance(event, Mapping) or "time" not in event:
        return fallback
    raw = event["time"]
    if not isinstance(raw, str):
        raise InvalidInputError("event", "time", "must be an ISO 8601 UTC timestamp")
    try:
        value = dt.datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidInputError("event", "time", "must be an ISO 8601 UTC timestamp") from None
    if value.tzinfo is None:
        raise InvalidInputError("event", "time", "must carry a UTC offset (e.g. 'Z')")
    return value.astimezone(dt.UTC)
