"""Single-use link tokens.

``token = base64url(HMAC-SHA256(key, DOMAIN || nonce))`` — 256 bits, 43 characters, no
padding. The database stores the 16-byte random ``nonce``, the key's id, and
``SHA-256(token)``; never the token. Consequences:

* a copy of the database yields no usable link (the HMAC key lives in Secrets Manager);
* the sender re-derives the same link for the invitation and every reminder, so a patient's
  first message keeps working after a reminder;
* redemption needs no key: it hashes what it is given and looks the hash up;
* keys rotate by adding a new id to the secret and making it ``current``; older ids stay
  until their invitations expire.

The link carries the token only: no patient, campaign or condition.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
from dataclasses import dataclass, field
from typing import Any

from workflows_core.errors import SecretError

DOMAIN = b"phi-outreach-link/v1\x00"
NONCE_BYTES = 16
MIN_KEY_BYTES = 32
TOKEN_LENGTH = 43  # base64url of 32 bytes, unpadded
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{43}$")
_KEY_ID = re.compile(r"^[A-Za-z0-9_-]{1,32}$")


@dataclass(frozen=True)
class TokenKeys:
    current: str
    keys: dict[str, bytes] = field(repr=False)

    @classmethod
    def from_secret(cls, secret_id: str, value: dict[str, Any]) -> TokenKeys:
        """``{"current": "k1", "keys": {"k1": "<base64 of >= 32 random bytes>"}}``."""
        current = value.get("current")
        raw_keys = value.get("keys")
        if not isinstance(raw_keys, dict) or not raw_keys:
            raise SecretError(f"secret {secret_id}: field 'keys' must be a non-empty object")
        keys: dict[str, bytes] = {}
        for key_id, encoded in raw_keys.items():
            if not isinstance(key_id, str) or not _KEY_ID.match(key_id):
                raise SecretError(
                    f"secret {secret_id}: key ids must match {_KEY_ID.pattern} (got {key_id!r})"
                )
            try:
                material = base64.b64decode(str(encoded), validate=True)
            except (binascii.Error, ValueError):
                raise SecretError(f"secret {secret_id}: key {key_id!r} must be base64") from None
            if len(material) < MIN_KEY_BYTES:
                raise SecretError(
                    f"secret {secret_id}: key {key_id!r} must decode to >= {MIN_KEY_BYTES} bytes"
                )
            keys[key_id] = material
        if not isinstance(current, str) or current not in keys:
            raise SecretError(f"secret {secret_id}: field 'current' must name one of 'keys'")
        return cls(current=current, keys=keys)

    def token(self, key_id: str, nonce: bytes) -> str:
        key = self.keys.get(key_id)
        if key is None:
            raise SecretError(f"token key {key_id!r} is not in the token key secret any more")
        mac = hmac.digest(key, DOMAIN + nonce, "sha256")
        return base64.urlsafe_b64encode(mac).rstrip(b"=").decode("ascii")


def token_hash(token: str) -> bytes:
    return hashlib.sha256(token.encode("ascii")).digest()


def well_formed(token: object) -> bool:
    return isinstance(token, str) and _TOKEN.match(token) is not None


def link(base_url: str, token: str) -> str:
    return f"{base_url}/r/{token}"
