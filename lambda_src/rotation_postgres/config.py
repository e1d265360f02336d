"""Configuration from the Lambda environment (set by the Terraform module)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from .errors import ConfigurationError

# Characters that break connection strings somewhere: URI delimiters (RFC 3986 gen-delims and
# the sub-delims used in query strings), quoting/escaping characters for libpq keyword=value
# strings, shells and JSON, and '%' (URI escapes). Space is excluded separately.
DEFAULT_EXCLUDE_CHARACTERS = ":/?#[]@!$&'()*+,;=%\"\\`<>{}|^~"
DEFAULT_PASSWORD_LENGTH = 32
MIN_PASSWORD_LENGTH = 20
MAX_PASSWORD_LENGTH = 128
DEFAULT_CONNECT_TIMEOUT = 5.0
DEFAULT_PROXY_WAIT = 60.0

ENV_CA_BUNDLE = "PG_CA_BUNDLE"
ENV_ENDPOINT = "SECRETS_MANAGER_ENDPOINT"
ENV_GENERATED_LENGTH = "PASSWORD_LENGTH"
ENV_EXCLUDE_CHARACTERS = "EXCLUDE_CHARACTERS"
ENV_CONNECT_TIMEOUT = "PG_CONNECT_TIMEOUT"
ENV_ALLOWED_HOSTS = "PG_ALLOWED_HOSTS"
ENV_PROXY_WAIT = "PROXY_WAIT_SECONDS"


@dataclass(frozen=True)
class PasswordPolicy:
    length: int = DEFAULT_PASSWORD_LENGTH
    exclude_characters: str = DEFAULT_EXCLUDE_CHARACTERS


@dataclass(frozen=True)
class RotationSettings:
    """What the pure core needs from configuration."""

    password_policy: PasswordPolicy = PasswordPolicy()
    allowed_hosts: frozenset[str] | None = None
    """If set, the only database hosts the function will connect to."""
    proxy_wait_seconds: float = DEFAULT_PROXY_WAIT
    """How long testSecret waits for the RDS Proxy to accept the pending credentials."""


@dataclass(frozen=True)
class Config:
    ca_bundle: Path
    secrets_manager_endpoint: str | None
    connect_timeout: float
    settings: RotationSettings


def load_config(env: Mapping[str, str] | None = None) -> Config:
    environ = os.environ if env is None else env
    return Config(
        ca_bundle=_ca_bundle(environ),
        secrets_manager_endpoint=_endpoint(environ),
        connect_timeout=_positive_float(environ, ENV_CONNECT_TIMEOUT, DEFAULT_CONNECT_TIMEOUT),
        settings=RotationSettings(
            password_policy=PasswordPolicy(
                length=_password_length(environ),
                exclude_characters=environ.get(ENV_EXCLUDE_CHARACTERS)
                or DEFAULT_EXCLUDE_CHARACTERS,
            ),
            allowed_hosts=_allowed_hosts(environ),
            proxy_wait_seconds=_positive_float(environ, ENV_PROXY_WAIT, DEFAULT_PROXY_WAIT),
        ),
    )


def _ca_bundle(env: Mapping[str, str]) -> Path:
    raw = env.get(ENV_CA_BUNDLE, "").strip()
    if not raw:
        raise ConfigurationError(
            ENV_CA_BUNDLE, "is required: path to the PEM CA bundle that signs the database"
        )
    path = Path(raw)
    if not path.is_file() or not os.access(path, os.R_OK):
        raise ConfigurationError(ENV_CA_BUNDLE, f"must name a readable file (got {raw!r})")
    return path


def _endpoint(env: Mapping[str, str]) -> str | None:
    raw = env.get(ENV_ENDPOINT, "").strip()
    if not raw:
        return None
    parts = urlsplit(raw)
    if parts.scheme != "https" or not parts.hostname:
        raise ConfigurationError(ENV_ENDPOINT, f"must be an https:// URL (got {raw!r})")
    return raw


def _password_length(env: Mapping[str, str]) -> int:
    raw = env.get(ENV_GENERATED_LENGTH, "").strip()
    if not raw:
        return DEFAULT_PASSWORD_LENGTH
    if not raw.isdigit() or not MIN_PASSWORD_LENGTH <= int(raw) <= MAX_PASSWORD_LENGTH:
        raise ConfigurationError(
            ENV_GENERATED_LENGTH,
            f"must be an integer between {MIN_PASSWORD_LENGTH} and {MAX_PASSWORD_LENGTH}",
        )
    return int(raw)


def _positive_float(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0 < value <= 300:
        raise ConfigurationError(name, "must be a number of seconds in (0, 300]")
    return value


def _allowed_hosts(env: Mapping[str, str]) -> frozenset[str] | None:
    raw = env.get(ENV_ALLOWED_HOSTS, "").strip()
    if not raw:
        return None
    return frozenset(h.strip().lower() for h in raw.split(",") if h.strip())
