"""SQS event sources with partial-batch failure reporting.

The Lambda event source mapping must have ``ReportBatchItemFailures`` enabled (the module
sets it). ``process_batch`` calls ``handle(record)`` for each record; a record whose handler
raises, or returns False, is reported in ``batchItemFailures`` and is redelivered later
(and after ``maxReceiveCount`` receives lands in the dead-letter queue): nothing is dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .errors import InvalidInputError, WorkflowError
from .logs import log_error


def records_of(event: Any) -> list[Mapping[str, Any]]:
    if not isinstance(event, Mapping):
        raise InvalidInputError("event", "<event>", "must be a JSON object with 'Records'")
    records = event.get("Records")
    if not isinstance(records, list) or not records:
        raise InvalidInputError("event", "Records", "must be a non-empty list of SQS records")
    return records


def message_id(record: Any) -> str | None:
    if isinstance(record, Mapping):
        value = record.get("messageId")
        if isinstance(value, str) and value:
            return value
    return None


def process_batch(
    event: Any, handle: Callable[[Mapping[str, Any]], bool], *, stage: str
) -> dict[str, list[dict[str, str]]]:
    """Run ``handle`` per record; return the partial-batch response Lambda expects.

    A record without a ``messageId`` cannot be reported individually, so it fails the whole
    batch (every record is redelivered; handlers are idempotent).
    """
    records = records_of(event)
    failures: list[dict[str, str]] = []
    for index, record in enumerate(records):
        msg_id = message_id(record)
        if msg_id is None:
            raise InvalidInputError("event", f"Records[{index}].messageId", "is required")
        try:
            ok = handle(record)
        except WorkflowError as exc:
            # Our messages are written to be log-safe (fields, rules, ids, codes).
            log_error(
                f"{stage}.record_failed",
                message_id=msg_id,
                error_type=type(exc).__name__,
                error=str(exc),
            )
            ok = False
        except Exception as exc:
            log_error(f"{stage}.record_failed", message_id=msg_id, error_type=type(exc).__name__)
            ok = False
        if not ok:
            failures.append({"itemIdentifier": msg_id})
    return {"batchItemFailures": failures}
