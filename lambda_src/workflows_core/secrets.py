"""Secrets Manager reads with a short cache (warm Lambdas reuse values; rotation is honoured).

Values are never logged or put into exception messages.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from .errors import SecretError

DEFAULT_TTL_SECONDS = 300.0


@dataclass
class _Entry:
    value: dict[str, Any]
    fetched: float


class SecretReader:
    """``get(secret_id)`` → the secret's JSON object, cached for ``ttl`` seconds."""

    def __init__(self, client: Any, ttl: float = DEFAULT_TTL_SECONDS) -> None:
        self._client = client
        self._ttl = ttl
        self._cache: dict[str, _Entry] = {}
        self._lock = threading.Lock()

    def get(self, secret_id: str, *, refresh: bool = False) -> dict[str, Any]:
        now = time.monotonic()
        with self._lock:
            entry = self._cache.get(secret_id)
            if entry is not None and not refresh and now - entry.fetched < self._ttl:
                return entry.value
        value = self._fetch(secret_id)
        with self._lock:
            self._cache[secret_id] = _Entry(value, now)
        return value

    def _fetch(self, secret_id: str) -> dict[str, Any]:
        try:
            resp = self._client.get_secret_value(SecretId=secret_id)
        except ClientError as exc:
            code = str(exc.response.get("Error", {}).get("Code", "Unknown"))
            raise SecretError(f"GetSecretValue on {secret_id} failed: {code}") from None
        except BotoCoreError as exc:
            raise SecretError(
                f"GetSecretValue on {secret_id} failed: {type(exc).__name__}"
            ) from None
        raw = resp.get("SecretString")
        if not isinstance(raw, str):
            raise SecretError(f"secret {secret_id} must hold a SecretString (JSON object)")
        try:
            value = json.loads(raw)
        except json.JSONDecodeError:
            raise SecretError(f"secret {secret_id} must hold a JSON object") from None
        if not isinstance(value, dict):
            raise SecretError(f"secret {secret_id} must hold a JSON object")
        return value
