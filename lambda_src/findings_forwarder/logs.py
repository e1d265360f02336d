"""JSON-lines logging of allow-listed fields only.

Call sites pass an event name and identifiers that went through ``sanitize`` (source,
severity, the opaque de-duplication key, counts, error types); never an event, a finding or
an exception message from a library.
"""

from __future__ import annotations

import json
import logging
import sys
from typing import Any

LOGGER_NAME = "findings_forwarder"
_QUIET_LIBRARIES = ("botocore", "boto3", "urllib3")

logger = logging.getLogger(LOGGER_NAME)


class _StdoutHandler(logging.Handler):
    """Writes to whatever ``sys.stdout`` is at emit time (Lambda and pytest capture both work)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            sys.stdout.write(self.format(record) + "\n")
            sys.stdout.flush()
        except Exception:
            self.handleError(record)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "level": record.levelname,
            "logger": record.name,
            "event": record.getMessage(),
        }
        entry.update(getattr(record, "fields", None) or {})
        return json.dumps(entry, default=str)


def configure_logging(level: int = logging.INFO) -> None:
    """Attach the JSON handler once; keep SDK loggers (which log bodies at DEBUG) at WARNING."""
    for name in _QUIET_LIBRARIES:
        logging.getLogger(name).setLevel(logging.WARNING)
    if not any(isinstance(h, _StdoutHandler) for h in logger.handlers):
        handler = _StdoutHandler()
        handler.setFormatter(JsonFormatter())
        logger.addHandler(handler)
    logger.setLevel(level)
    logger.propagate = False


def log_info(event: str, **fields: Any) -> None:
    logger.info(event, extra={"fields": fields})


def log_warning(event: str, **fields: Any) -> None:
    logger.warning(event, extra={"fields": fields})


def log_error(event: str, **fields: Any) -> None:
    logger.error(event, extra={"fields": fields})
