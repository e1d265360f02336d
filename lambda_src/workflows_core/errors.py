"""Errors shared by the workflow Lambdas.

Messages are written to be safe to log: they name fields, rules, identifiers (campaign ids,
document ids, invitation ids) and error codes, never a patient's name, contact details,
document text, a token or a credential.
"""

from __future__ import annotations


class WorkflowError(Exception):
    """Base class: the operation did not complete."""


class InvalidInputError(WorkflowError):
    """A named field of an input violates a rule.

    ``source`` says where the field lives ("event", "SQS message body", "environment", ...),
    ``field`` names it and ``rule`` states what it must satisfy.
    """

    def __init__(self, source: str, field: str, rule: str) -> None:
        self.source = source
        self.field = field
        self.rule = rule
        super().__init__(f"{source}: field {field!r} {rule}")


class ConfigurationError(InvalidInputError):
    def __init__(self, field: str, rule: str) -> None:
        super().__init__("environment", field, rule)


class NotFoundError(WorkflowError):
    """A referenced record (campaign, document, ...) does not exist."""


class ConflictError(WorkflowError):
    """The record exists but its state does not allow the operation."""


class DatabaseError(WorkflowError):
    """Base class for failures talking to PostgreSQL."""


class DatabaseUnavailableError(DatabaseError):
    """The server could not be reached, refused us, or the connection broke."""


class TlsError(DatabaseError):
    """TLS could not be established or verified. Plaintext is never attempted instead."""


class DatabaseOperationError(DatabaseError):
    """A statement failed; carries the SQLSTATE and the server's message only."""

    def __init__(self, message: str, sqlstate: str = "?????") -> None:
        self.sqlstate = sqlstate
        super().__init__(message)


class SecretError(WorkflowError):
    """A secret could not be read or does not have the expected shape."""


class AwsCallError(WorkflowError):
    """An AWS API call failed; carries the operation and the error code only."""

    def __init__(self, operation: str, code: str, retryable: bool) -> None:
        self.operation = operation
        self.code = code
        self.retryable = retryable
        super().__init__(f"{operation} failed: {code}")
