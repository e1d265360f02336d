"""HTTP API (payload 2.0) helpers: JSON responses and JWT claims from the authorizer."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from typing import Any

from .errors import InvalidInputError

SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
}


def json_response(status: int, body: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "statusCode": status,
        "headers": {**SECURITY_HEADERS, "Content-Type": "application/json"},
        "body": json.dumps(body, separators=(",", ":"), default=str),
    }


def error_response(status: int, code: str, message: str) -> dict[str, Any]:
    return json_response(status, {"error": code, "message": message})


def jwt_claims(event: Mapping[str, Any]) -> Mapping[str, Any]:
    ctx = event.get("requestContext")
    authorizer = ctx.get("authorizer") if isinstance(ctx, Mapping) else None
    jwt = authorizer.get("jwt") if isinstance(authorizer, Mapping) else None
    claims = jwt.get("claims") if isinstance(jwt, Mapping) else None
    if not isinstance(claims, Mapping):
        raise InvalidInputError(
            "request", "requestContext.authorizer.jwt.claims", "is required (JWT authorizer)"
        )
    return claims


def json_body(event: Mapping[str, Any]) -> Mapping[str, Any]:
    raw = event.get("body")
    if raw is None:
        raise InvalidInputError("request", "body", "is required: a JSON object")
    if event.get("isBase64Encoded"):
        try:
            raw = base64.b64decode(str(raw), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            raise InvalidInputError("request", "body", "must be base64 of UTF-8 JSON") from None
    if not isinstance(raw, str) or len(raw) > 16_384:
        raise InvalidInputError("request", "body", "must be a JSON object of at most 16 KiB")
    try:
        data = json.loads(raw)
    except json.JSONDecodeError:
        raise InvalidInputError("request", "body", "must be valid JSON") from None
    if not isinstance(data, Mapping):
        raise InvalidInputError("request", "body", "must be a JSON object")
    return data
