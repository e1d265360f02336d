"""Reading typed settings from the Lambda environment (set by the Terraform modules).

Every reader raises ``ConfigurationError`` naming the variable and the rule it breaks.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

from .errors import ConfigurationError

_ARN = re.compile(r"^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:[0-9]{12}:.+$")


def environ(env: Mapping[str, str] | None = None) -> Mapping[str, str]:
    return os.environ if env is None else env


def required(env: Mapping[str, str], name: str, rule: str = "is required") -> str:
    value = env.get(name, "").strip()
    if not value:
        raise ConfigurationError(name, rule)
    return value


def optional(env: Mapping[str, str], name: str) -> str | None:
    value = env.get(name, "").strip()
    return value or None


def arn(env: Mapping[str, str], name: str, service: str | None = None) -> str:
    value = required(env, name, f"is required: the ARN of the {service or 'resource'}")
    if not _ARN.match(value) or (service and f":{service}:" not in value):
        kind = f"an {service} ARN" if service else "an ARN"
        raise ConfigurationError(name, f"must be {kind} (got {value!r})")
    return value


def https_url(env: Mapping[str, str], name: str, *, required_value: bool = True) -> str | None:
    value = env.get(name, "").strip()
    if not value:
        if required_value:
            raise ConfigurationError(name, "is required: an https:// URL")
        return None
    parts = urlsplit(value)
    if parts.scheme != "https" or not parts.hostname or parts.query or parts.fragment:
        raise ConfigurationError(
            name, f"must be an https:// URL without query or fragment (got {value!r})"
        )
    return value.rstrip("/")


def endpoint_url(env: Mapping[str, str], name: str) -> str | None:
    """An optional service endpoint override (a VPC endpoint); https only."""
    return https_url(env, name, required_value=False)


def integer(env: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    if not re.fullmatch(r"[0-9]+", raw) or not low <= int(raw) <= high:
        raise ConfigurationError(name, f"must be an integer between {low} and {high}")
    return int(raw)


def choice(env: Mapping[str, str], name: str, default: str, allowed: tuple[str, ...]) -> str:
    raw = env.get(name, "").strip() or default
    if raw not in allowed:
        raise ConfigurationError(name, f"must be one of {', '.join(allowed)} (got {raw!r})")
    return raw


def csv_choices(
    env: Mapping[str, str], name: str, default: tuple[str, ...], allowed: tuple[str, ...]
) -> tuple[str, ...]:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    values = tuple(dict.fromkeys(v.strip().lower() for v in raw.split(",") if v.strip()))
    bad = [v for v in values if v not in allowed]
    if not values or bad:
        raise ConfigurationError(
            name, f"must be a comma-separated list of {', '.join(allowed)} (got {raw!r})"
        )
    return values


def readable_file(env: Mapping[str, str], name: str) -> Path:
    raw = required(env, name, "is required: path to a readable file")
    path = Path(raw)
    if not path.is_file() or not os.access(path, os.R_OK):
        raise ConfigurationError(name, f"must name a readable file (got {raw!r})")
    return path
