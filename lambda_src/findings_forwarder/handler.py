"""Lambda entry point: ``findings_forwarder.handler.handler``.

Thin: read configuration, build the adapters, run the core. Any failure raises, so the
invocation is reported as an error: EventBridge's asynchronous invocation retries it, then
the function's dead-letter queue keeps the event and the module's alarms fire.
"""

from __future__ import annotations

import time
from typing import Any

from .adapters import DynamoDbDedupStore, SnsPublisher, make_client
from .config import load_config
from .core import forward
from .errors import ForwarderError
from .logs import configure_logging, log_error, log_info


def handler(event: Any, context: Any) -> dict[str, Any]:
    configure_logging()
    request_id = getattr(context, "aws_request_id", None)
    try:
        config = load_config()
        summary = forward(
            event,
            DynamoDbDedupStore(make_client("dynamodb"), config.table_name),
            SnsPublisher(make_client("sns"), config.topic_arn),
            config.settings,
            time.time,
        )
    except ForwarderError as exc:
        # Our messages name fields and rules, never values from the finding.
        log_error(
            "forward.failed", request_id=request_id, error_type=type(exc).__name__, error=str(exc)
        )
        raise
    except Exception as exc:
        # A library's message could quote the event: log the type only.
        log_error("forward.failed", request_id=request_id, error_type=type(exc).__name__)
        raise
    log_info("forward.done", request_id=request_id, **summary.as_dict())
    return summary.as_dict()
