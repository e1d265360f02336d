"""SCRAM-SHA-256 verifiers, so a plaintext password never reaches the server or its logs."""

from __future__ import annotations

from base64 import b64encode

from scramp import ScramMechanism

PG_DEFAULT_ITERATIONS = 4096  # PostgreSQL's scram_iterations default
VERIFIER_PREFIX = "SCRAM-SHA-256$"


def scram_sha256_verifier(
    password: str, *, iterations: int = PG_DEFAULT_ITERATIONS, salt: bytes | None = None
) -> str:
    """``SCRAM-SHA-256$<iter>:<salt>$<StoredKey>:<ServerKey>``, the format of pg_authid."""
    mechanism = ScramMechanism("SCRAM-SHA-256")
    salt_bytes, stored_key, server_key, count = mechanism.make_auth_info(
        password, iteration_count=iterations, salt=salt
    )
    return f"{VERIFIER_PREFIX}{count}:{_b64(salt_bytes)}${_b64(stored_key)}:{_b64(server_key)}"


def _b64(data: bytes) -> str:
    return b64encode(data).decode("ascii")
