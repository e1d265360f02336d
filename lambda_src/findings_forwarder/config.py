"""Configuration from the Lambda environment (set by modules/guardduty-securityhub)."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass

from .core import Settings
from .errors import ConfigurationError
from .model import Severity

ENV_TOPIC = "ALERT_TOPIC_ARN"
ENV_TABLE = "DEDUP_TABLE_NAME"
ENV_TTL_HOURS = "DEDUP_TTL_HOURS"
ENV_MIN_SEVERITY = "MIN_SEVERITY"

DEFAULT_TTL_HOURS = 168
MAX_TTL_HOURS = 8760
THRESHOLDS = ("MEDIUM", "HIGH", "CRITICAL")

_TOPIC_ARN = re.compile(r"^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$")
_TABLE_NAME = re.compile(r"^[A-Za-z0-9_.-]{3,255}$")


@dataclass(frozen=True)
class Config:
    topic_arn: str
    table_name: str
    settings: Settings


def load_config(env: Mapping[str, str] | None = None) -> Config:
    environ = os.environ if env is None else env
    topic = environ.get(ENV_TOPIC, "")
    if not _TOPIC_ARN.fullmatch(topic):
        raise ConfigurationError(ENV_TOPIC, "must be the ARN of a standard (non-FIFO) SNS topic")
    table = environ.get(ENV_TABLE, "")
    if not _TABLE_NAME.fullmatch(table):
        raise ConfigurationError(
            ENV_TABLE, "must be a DynamoDB table name (3-255 of [A-Za-z0-9_.-])"
        )
    return Config(
        topic_arn=topic,
        table_name=table,
        settings=Settings(
            min_severity=_threshold(environ),
            dedup_ttl_seconds=_ttl_hours(environ) * 3600,
        ),
    )


def _threshold(env: Mapping[str, str]) -> Severity:
    raw = env.get(ENV_MIN_SEVERITY, "HIGH")
    if raw not in THRESHOLDS:
        raise ConfigurationError(ENV_MIN_SEVERITY, f"must be one of {list(THRESHOLDS)}")
    return Severity.from_label(raw)


def _ttl_hours(env: Mapping[str, str]) -> int:
    raw = env.get(ENV_TTL_HOURS, str(DEFAULT_TTL_HOURS))
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_TTL_HOURS:
        raise ConfigurationError(
            ENV_TTL_HOURS, f"must be a whole number of hours, 1-{MAX_TTL_HOURS}"
        )
    return int(raw)
