"""boto3 clients and how their failures are classified.

For calls that deliver something to a person (SMS, e-mail) the distinction that matters is
whether AWS may have acted on the request:

* ``NOT_SENT`` — AWS answered with an error, or the connection was never established: the
  message was certainly not sent. Retrying cannot duplicate it.
* ``AMBIGUOUS`` — the request may have reached AWS (read timeout, connection dropped after
  the request was written): retrying could send it twice.

Sending clients are therefore created with SDK retries off (``max_attempts=1``): botocore
would otherwise retry read timeouts on its own and could deliver a message twice. Our code
retries only what is certainly not sent.
"""

from __future__ import annotations

import enum
from typing import Any

import boto3
from botocore.config import Config as BotoConfig
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectTimeoutError,
    EndpointConnectionError,
)

_RETRYABLE_CODES = frozenset(
    {
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "TooManyRequestsException",
        "RequestThrottled",
        "SlowDown",
        "InternalError",
        "InternalFailure",
        "InternalServerError",
        "ServiceUnavailable",
        "ServiceUnavailableException",
        "KMSThrottlingException",
        "KMSThrottling",
        "RequestTimeout",
        "RequestTimeoutException",
    }
)


class Outcome(enum.Enum):
    NOT_SENT_RETRYABLE = "not_sent_retryable"
    NOT_SENT_PERMANENT = "not_sent_permanent"
    AMBIGUOUS = "ambiguous"


def error_code(exc: BaseException) -> str:
    if isinstance(exc, ClientError):
        return str(exc.response.get("Error", {}).get("Code", "Unknown"))
    return type(exc).__name__


def classify(exc: BaseException) -> Outcome:
    if isinstance(exc, ClientError):
        code = error_code(exc)
        status = int(exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 400) or 400)
        if code in _RETRYABLE_CODES or status >= 500 or status == 429:
            return Outcome.NOT_SENT_RETRYABLE
        return Outcome.NOT_SENT_PERMANENT
    if isinstance(exc, (ConnectTimeoutError, EndpointConnectionError)):
        return Outcome.NOT_SENT_RETRYABLE
    if isinstance(exc, BotoCoreError):
        return Outcome.AMBIGUOUS
    return Outcome.AMBIGUOUS


def client(
    service: str,
    endpoint_url: str | None = None,
    *,
    sdk_retries: bool = True,
    read_timeout: float = 10.0,
    pool_size: int = 10,
    signature_version: str | None = None,
) -> Any:
    retries: dict[str, Any] = (
        {"max_attempts": 3, "mode": "standard"} if sdk_retries else {"max_attempts": 1}
    )
    return boto3.client(
        service,
        endpoint_url=endpoint_url,
        config=BotoConfig(
            connect_timeout=5,
            read_timeout=read_timeout,
            retries=retries,
            max_pool_connections=pool_size,
            signature_version=signature_version,
        ),
    )
