"""Entry point: ``hello_phi.handler.handler``.

Returns which function version answered (``$LATEST`` or a published number) and the alias
it was invoked through, if any. The event is never logged or echoed: in this platform an
event may carry PHI.
"""

from __future__ import annotations

import os
from typing import Any, Protocol, TypedDict

from phi_common.log import log_event


class LambdaContext(Protocol):
    aws_request_id: str
    function_name: str
    function_version: str
    invoked_function_arn: str


class Response(TypedDict):
    status: str
    function_name: str
    function_version: str
    alias: str | None
    environment: str


def alias_of(invoked_function_arn: str) -> str | None:
    """``arn:aws:lambda:<r>:<a>:function:<name>:<qualifier>`` → the qualifier if it is an alias."""
    parts = invoked_function_arn.split(":")
    if len(parts) != 8:
        return None
    qualifier = parts[7]
    return None if qualifier.isdigit() or qualifier == "$LATEST" else qualifier


def handler(event: Any, context: LambdaContext) -> Response:
    del event  # never logged, never returned
    alias = alias_of(context.invoked_function_arn)
    response: Response = {
        "status": "ok",
        "function_name": context.function_name,
        "function_version": context.function_version,
        "alias": alias,
        "environment": os.environ.get("PHI_ENVIRONMENT", "unknown"),
    }
    log_event(
        "hello_phi.invoked",
        request_id=context.aws_request_id,
        function_version=context.function_version,
        alias=alias,
    )
    return response
