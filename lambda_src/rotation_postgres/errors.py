"""Errors raised by the rotation function.

Every message is written to be safe to log: it names fields, rules, users, hosts and
versions, never a password, a verifier or a whole secret value.
"""

from __future__ import annotations


class RotationError(Exception):
    """Base class: the step did not complete and must be retried or investigated."""


class InvalidInputError(RotationError):
    """A named field of an input violates a rule.

    ``source`` says where the field lives ("event", "secret AWSCURRENT", "environment",
    ...), ``field`` names it and ``rule`` states what it must satisfy.
    """

    def __init__(self, source: str, field: str, rule: str) -> None:
        self.source = source
        self.field = field
        self.rule = rule
        super().__init__(f"{source}: field {field!r} {rule}")


class InvalidEventError(InvalidInputError):
    def __init__(self, field: str, rule: str) -> None:
        super().__init__("event", field, rule)


class InvalidSecretError(InvalidInputError):
    """A secret value is malformed, incomplete or unsafe (e.g. TLS not required)."""


class ConfigurationError(InvalidInputError):
    def __init__(self, field: str, rule: str) -> None:
        super().__init__("environment", field, rule)


class RotationStateError(RotationError):
    """The secret's versions or stages do not allow this step (not enabled, wrong token...)."""


class UnsafeRotationError(RotationError):
    """The step refuses to act because it could change a role it must not touch."""


class DatabaseError(RotationError):
    """Base class for failures talking to PostgreSQL."""


class DatabaseUnavailableError(DatabaseError):
    """The server could not be reached (network, DNS, timeout, server down)."""


class TlsError(DatabaseError):
    """TLS could not be established or verified. Plaintext is never attempted instead."""


class AuthenticationError(DatabaseError):
    """The server rejected credentials that the step needs to work."""


class DatabaseOperationError(DatabaseError):
    """A statement failed; carries the SQLSTATE and the server's message only."""


class SecretStoreError(RotationError):
    """A Secrets Manager call failed for a reason other than "value not found"."""
