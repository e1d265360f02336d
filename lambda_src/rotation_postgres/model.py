"""Pure data: the rotation event and the secrets, parsed and validated.

Nothing here does I/O. Each ``parse_*`` function either returns a typed value or raises an
``InvalidInputError`` subclass whose message names the field and the rule it broke.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from .errors import InvalidEventError, InvalidSecretError

CLONE_SUFFIX = "_clone"
MAX_IDENTIFIER_BYTES = 63  # PostgreSQL NAMEDATALEN - 1
POSTGRES_ENGINES = frozenset({"postgres", "aurora-postgresql"})

AWSCURRENT = "AWSCURRENT"
AWSPENDING = "AWSPENDING"
AWSPREVIOUS = "AWSPREVIOUS"


class Step(StrEnum):
    CREATE = "createSecret"
    SET = "setSecret"
    TEST = "testSecret"
    FINISH = "finishSecret"


@dataclass(frozen=True)
class RotationEvent:
    step: Step
    secret_id: str
    token: str


def parse_event(event: Any) -> RotationEvent:
    """Validate the event Secrets Manager sends: ``Step``, ``SecretId``, ``ClientRequestToken``."""
    if not isinstance(event, Mapping):
        raise InvalidEventError("<event>", f"must be a JSON object (got {type(event).__name__})")
    secret_id = _event_string(event, "SecretId")
    token = _event_string(event, "ClientRequestToken")
    raw_step = _event_string(event, "Step")
    try:
        step = Step(raw_step)
    except ValueError:
        allowed = ", ".join(s.value for s in Step)
        raise InvalidEventError("Step", f"must be one of {allowed} (got {raw_step!r})") from None
    return RotationEvent(step=step, secret_id=secret_id, token=token)


def _event_string(event: Mapping[str, Any], name: str) -> str:
    if name not in event:
        raise InvalidEventError(name, "is required")
    value = event[name]
    if not isinstance(value, str) or not value.strip():
        raise InvalidEventError(name, "must be a non-empty string")
    return value


@dataclass(frozen=True)
class Endpoint:
    host: str
    port: int
    dbname: str

    def __str__(self) -> str:
        return f"{self.host}:{self.port}/{self.dbname}"


@dataclass(frozen=True)
class Credentials:
    username: str
    password: str = field(repr=False)


@dataclass(frozen=True)
class AppSecret:
    """The application user's secret (the one being rotated).

    ``fields`` keeps every key of the stored JSON so the pending version carries the
    same extra fields (e.g. ``proxy_host``) as the current one.
    """

    endpoint: Endpoint
    credentials: Credentials
    master_arn: str
    proxy_secrets: Mapping[str, str]
    """RDS Proxy auth secret per user of the pair ({} when there is no proxy)."""
    proxy_endpoint: Endpoint | None
    """Where applications connect (the RDS Proxy), probed by testSecret; None without proxy."""
    fields: Mapping[str, Any] = field(repr=False)

    @property
    def username(self) -> str:
        return self.credentials.username

    def with_credentials(self, credentials: Credentials) -> dict[str, Any]:
        value = dict(self.fields)
        value["username"] = credentials.username
        value["password"] = credentials.password
        return value


@dataclass(frozen=True)
class MasterSecret:
    credentials: Credentials


def decode_secret_string(secret_string: str, source: str) -> dict[str, Any]:
    try:
        value = json.loads(secret_string)
    except json.JSONDecodeError:
        raise InvalidSecretError(source, "SecretString", "must be valid JSON") from None
    if not isinstance(value, dict):
        raise InvalidSecretError(source, "SecretString", "must be a JSON object")
    return value


def parse_app_secret(value: Mapping[str, Any], source: str) -> AppSecret:
    """Validate an application secret: engine, endpoint, credentials, masterarn, TLS."""
    _require_engine(value, source, required=True)
    _require_tls(value, source)
    endpoint = Endpoint(
        host=_require_host(value, source, "host"),
        port=_require_port(value, source, "port"),
        dbname=_require_string(value, "dbname", source),
    )
    credentials = Credentials(
        username=_require_username(value, source),
        password=_require_string(value, "password", source),
    )
    alternate_username(credentials.username, source)  # the pair must fit 63 bytes
    master_arn = _require_string(value, "masterarn", source)
    if not (master_arn.startswith("arn:") and ":secretsmanager:" in master_arn):
        raise InvalidSecretError(source, "masterarn", "must be a Secrets Manager secret ARN")
    proxy_secrets = _parse_proxy_secrets(value, credentials.username, source)
    proxy_endpoint = _parse_proxy_endpoint(value, endpoint, source)
    if (proxy_endpoint is None) != (not proxy_secrets):
        raise InvalidSecretError(
            source,
            "proxy_host/proxy_secrets",
            "must be set together: applications behind a proxy need per-user proxy secrets",
        )
    return AppSecret(endpoint, credentials, master_arn, proxy_secrets, proxy_endpoint, dict(value))


def parse_master_secret(value: Mapping[str, Any], app: AppSecret, source: str) -> MasterSecret:
    """Validate the master secret behind ``masterarn``.

    An RDS-managed master secret holds only ``username`` and ``password``; the endpoint comes
    from the application secret. If the master secret does name an engine, host, port or
    dbname, they must agree with the application secret, so the master password is never
    sent to a server other than the one whose users we rotate.
    """
    _require_engine(value, source, required=False)
    same_server = "must match the application secret (same database server)"
    if "host" in value and _require_host(value, source, "host") != app.endpoint.host:
        raise InvalidSecretError(source, "host", same_server)
    if "port" in value and _require_port(value, source, "port") != app.endpoint.port:
        raise InvalidSecretError(source, "port", same_server)
    return MasterSecret(
        Credentials(
            username=_require_string(value, "username", source),
            password=_require_string(value, "password", source),
        )
    )


def alternate_username(username: str, source: str = "secret") -> str:
    """``app`` -> ``app_clone`` and ``app_clone`` -> ``app``; the result must fit 63 bytes."""
    if _is_clone(username):
        return username[: -len(CLONE_SUFFIX)]
    alternate = username + CLONE_SUFFIX
    if len(alternate.encode("utf-8")) > MAX_IDENTIFIER_BYTES:
        raise InvalidSecretError(
            source,
            "username",
            f"must leave room for the {CLONE_SUFFIX!r} suffix: "
            f"at most {MAX_IDENTIFIER_BYTES - len(CLONE_SUFFIX)} bytes",
        )
    return alternate


def base_and_clone(username: str, source: str = "secret") -> tuple[str, str]:
    """The (base, clone) pair a username belongs to, e.g. ("app", "app_clone")."""
    if _is_clone(username):
        return alternate_username(username, source), username
    return username, alternate_username(username, source)


def _is_clone(username: str) -> bool:
    return username.endswith(CLONE_SUFFIX) and len(username) > len(CLONE_SUFFIX)


# -- field rules ---------------------------------------------------------------------------


def _require_string(value: Mapping[str, Any], name: str, source: str) -> str:
    if name not in value:
        raise InvalidSecretError(source, name, "is required")
    item = value[name]
    if not isinstance(item, str) or not item:
        raise InvalidSecretError(source, name, "must be a non-empty string")
    return item


def _require_engine(value: Mapping[str, Any], source: str, *, required: bool) -> None:
    if "engine" not in value and not required:
        return
    engine = _require_string(value, "engine", source)
    if engine not in POSTGRES_ENGINES:
        allowed = " or ".join(sorted(POSTGRES_ENGINES))
        raise InvalidSecretError(source, "engine", f"must be {allowed} (got {engine!r})")


def _require_tls(value: Mapping[str, Any], source: str) -> None:
    if "ssl" not in value:
        raise InvalidSecretError(
            source, "ssl", "is required and must be true: connections are TLS-only"
        )
    flag = value["ssl"]
    if flag is True or (isinstance(flag, str) and flag.strip().lower() == "true"):
        return
    raise InvalidSecretError(
        source, "ssl", f"must be true: connections are TLS-only (got {flag!r})"
    )


def _require_host(value: Mapping[str, Any], source: str, name: str) -> str:
    host = _require_string(value, name, source)
    if len(host) > 253 or any(ch.isspace() or ch in "/@?#:" for ch in host):
        raise InvalidSecretError(source, name, "must be a bare DNS name or IPv4 address")
    return host


def _require_port(value: Mapping[str, Any], source: str, name: str) -> int:
    if name not in value:
        raise InvalidSecretError(source, name, "is required")
    raw = value[name]
    port: int | None = None
    if isinstance(raw, int) and not isinstance(raw, bool):
        port = raw
    elif isinstance(raw, str) and raw.isdigit():
        port = int(raw)
    if port is None or not 1 <= port <= 65535:
        raise InvalidSecretError(source, name, "must be an integer between 1 and 65535")
    return port


def _require_username(value: Mapping[str, Any], source: str) -> str:
    username = _require_string(value, "username", source)
    if "\x00" in username:
        raise InvalidSecretError(source, "username", "must not contain NUL")
    if len(username.encode("utf-8")) > MAX_IDENTIFIER_BYTES:
        raise InvalidSecretError(
            source, "username", f"must be at most {MAX_IDENTIFIER_BYTES} bytes"
        )
    return username


def _parse_proxy_endpoint(
    value: Mapping[str, Any], database: Endpoint, source: str
) -> Endpoint | None:
    """Optional ``proxy_host`` (+ ``proxy_port``, default ``port``): the RDS Proxy endpoint."""
    if "proxy_host" not in value:
        if "proxy_port" in value:
            raise InvalidSecretError(source, "proxy_port", "needs proxy_host")
        return None
    host = _require_host(value, source, "proxy_host")
    port = _require_port(value, source, "proxy_port") if "proxy_port" in value else database.port
    return Endpoint(host=host, port=port, dbname=database.dbname)


def _parse_proxy_secrets(value: Mapping[str, Any], username: str, source: str) -> dict[str, str]:
    """Optional ``proxy_secrets``: {user: secret ARN} for both users of the pair.

    These are the secrets registered with the RDS Proxy, one per database user. The
    rotation writes the new password of a user into that user's proxy secret before the
    user becomes AWSCURRENT (see docs/rotation.md).
    """
    if "proxy_secrets" not in value:
        return {}
    raw = value["proxy_secrets"]
    if not isinstance(raw, Mapping):
        raise InvalidSecretError(source, "proxy_secrets", "must be a JSON object {user: arn}")
    expected = set(base_and_clone(username, source))
    if set(raw) != expected:
        raise InvalidSecretError(
            source,
            "proxy_secrets",
            f"must have exactly the keys {sorted(expected)} (the alternating users)",
        )
    result: dict[str, str] = {}
    for user, arn in raw.items():
        if not (isinstance(arn, str) and arn.startswith("arn:") and ":secretsmanager:" in arn):
            raise InvalidSecretError(
                source, f"proxy_secrets.{user}", "must be a Secrets Manager secret ARN"
            )
        result[user] = arn
    if len(set(result.values())) != len(result):
        raise InvalidSecretError(source, "proxy_secrets", "must name a different secret per user")
    return result
