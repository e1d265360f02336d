"""Structured (JSON lines) logging that never carries secret values.

Callers log an event name plus explicit, non-secret fields::

    log_info("set_secret.role_created", step="setSecret", username="app_clone")

Fields whose name suggests a credential are replaced by ``"[redacted]"`` as a second line of
defence; the first is that no call site passes one.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

LOGGER_NAME = "rotation_postgres"
_SENSITIVE_KEYS = ("password", "secret_string", "secretstring", "verifier", "token_value")
# Library loggers that, at DEBUG, print request/response bodies (i.e. SecretString values).
_QUIET_LIBRARIES = ("botocore", "boto3", "urllib3", "s3transfer")
_RESERVED = frozenset(vars(logging.makeLogRecord({})).keys()) | {"message", "asctime"}

logger = logging.getLogger(LOGGER_NAME)
_context: ContextVar[dict[str, Any] | None] = ContextVar("rotation_log_context", default=None)


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
        entry.update({k: _scrub(k, v) for k, v in fields.items() if k not in _RESERVED})
        if record.exc_info and record.exc_info[0] is not None:
            entry["error_type"] = record.exc_info[0].__name__
        return json.dumps(entry, default=str, sort_keys=False)


def _scrub(key: str, value: Any) -> Any:
    lowered = key.lower()
    if any(marker in lowered for marker in _SENSITIVE_KEYS):
        return "[redacted]"
    return value


def configure_logging(level: int = logging.INFO) -> None:
    """Attach the JSON handler once; stop propagation so the runtime does not log twice.

    Also pins the AWS SDK loggers at WARNING: at DEBUG botocore logs response bodies, which
    for GetSecretValue are the secret values, and a root level of DEBUG (for example from
    the Lambda ``AWS_LAMBDA_LOG_LEVEL`` setting) would otherwise turn that on.
    """
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
    """Add ``fields`` (step, secret ARN, version) to every log line inside the block."""
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
