"""Per-process state a warm Lambda reuses: database connections and the secrets cache.

AWS clients are created per invocation (cheap, and tests that start moto per test stay
honest); the PostgreSQL connection is the expensive part (TCP + TLS + SCRAM) and is kept.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping

from . import aws, config
from .db import ENV_CA_BUNDLE, ConnectionCache, make_ssl_context
from .secrets import SecretReader

ENV_DB_SECRET = "DB_SECRET_ARN"  # noqa: S105 - the name of a variable, not a secret
ENV_SM_ENDPOINT = "SECRETS_MANAGER_ENDPOINT"

_lock = threading.Lock()
_connections: dict[tuple[str, str, str | None], ConnectionCache] = {}
_readers: dict[str | None, SecretReader] = {}


def secret_reader(env: Mapping[str, str]) -> SecretReader:
    endpoint = config.endpoint_url(env, ENV_SM_ENDPOINT)
    with _lock:
        reader = _readers.get(endpoint)
        if reader is None:
            reader = SecretReader(aws.client("secretsmanager", endpoint))
            _readers[endpoint] = reader
        return reader


def database(env: Mapping[str, str]) -> ConnectionCache:
    secret_arn = config.arn(env, ENV_DB_SECRET, "secretsmanager")
    ca_bundle = config.readable_file(env, ENV_CA_BUNDLE)
    key = (secret_arn, str(ca_bundle), config.endpoint_url(env, ENV_SM_ENDPOINT))
    reader = secret_reader(env)
    with _lock:
        cache = _connections.get(key)
        if cache is None:
            cache = ConnectionCache(reader, secret_arn, make_ssl_context(ca_bundle))
            _connections[key] = cache
        return cache


def reset() -> None:
    """Close every cached connection and forget cached secrets (tests; cold start)."""
    with _lock:
        for cache in _connections.values():
            cache.discard()
        _connections.clear()
        _readers.clear()
