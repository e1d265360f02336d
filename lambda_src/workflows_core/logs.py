"""Structured (JSON lines) logging that never carries PHI or secrets.

Callers log an event name plus explicit, non-PHI fields::

    log_info("send.batch_done", campaign_id=cid, sent=12, failed=0)

The first line of defence is that no call site passes PHI: identifiers, counts, states and
error codes only. The second is ``_scrub``: fields whose *name* suggests PHI or a secret
are replaced by ``"[redacted]"``. AWS SDK loggers are pinned at WARNING because at DEBUG
botocore logs request bodies (phone numbers, e-mail addresses, message text) and responses.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

LOGGER_NAME = "workflows"
_SENSITIVE_MARKERS = (
    "password",
    "secret",
    "token",
    "phone",
    "email",
    "name",
    "address",
    "text",
    "filename",
    "body",
    "link",
    "url",
)
# Field names that contain a marker but are safe identifiers or counts.
_ALLOWED = frozenset(
    {
        "event",
        "campaign_name_length",
        "function_name",
        "queue_name",
        "operation_name",
        "template_name",
    }
)
_QUIET_LIBRARIES = ("botocore", "boto3", "urllib3", "s3transfer", "PIL", "pypdf")
_RESERVED = frozenset(vars(logging.makeLogRecord({})).keys()) | {"message", "asctime"}

logger = logging.getLogger(LOGGER_NAME)
_context: ContextVar[dict[str, Any] | None] = ContextVar("workflow_log_context", default=None)


class _LateStdoutHandler(logging.Handler):
    """Writes to whatever ``sys.stdout`` is at emit time (Lambda and pytest capture both work)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            stream = sys.stdout
            stream.write(self.format(record) + "\n")
            stream.flush()
        except Exception:
            self.handleError(record)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "level": record.levelname,
            "logger": record.name,
            "event": record.getMessage(),
        }
        fields = {**(_context.get() or {}), **(getattr(record, "fields", None) or {})}
        entry.update({k: scrub(k, v) for k, v in fields.items() if k not in _RESERVED})
        if record.exc_info and record.exc_info[0] is not None:
            # The type only: exception messages from drivers and SDKs can quote values.
            entry["error_type"] = record.exc_info[0].__name__
        return json.dumps(entry, default=str, sort_keys=False)


def scrub(key: str, value: Any) -> Any:
    """Redact non-numeric values under PHI-sounding names (counts like ``email=12`` pass)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    lowered = key.lower()
    if lowered not in _ALLOWED and any(marker in lowered for marker in _SENSITIVE_MARKERS):
        return "[redacted]"
    return value


def configure_logging(level: int = logging.INFO) -> None:
    """Attach the JSON handler once; stop propagation so the runtime does not log twice."""
    for name in _QUIET_LIBRARIES:
        logging.getLogger(name).setLevel(logging.WARNING)
    if not any(isinstance(h, _LateStdoutHandler) for h in logger.handlers):
        handler = _LateStdoutHandler()
        handler.setFormatter(JsonFormatter())
        logger.addHandler(handler)
    logger.setLevel(level)
    logger.propagate = False


@contextmanager
def bound(**fields: Any) -> Iterator[None]:
    """Add ``fields`` (function, request id, campaign id) to every log line inside the block."""
    token = _context.set({**(_context.get() or {}), **fields})
    try:
        yield
    finally:
        _context.reset(token)


def log_info(event: str, **fields: Any) -> None:
    logger.info(event, extra={"fields": fields})


def log_warning(event: str, **fields: Any) -> None:
    logger.warning(event, extra={"fields": fields})


def log_error(event: str, **fields: Any) -> None:
    logger.error(event, extra={"fields": fields})
