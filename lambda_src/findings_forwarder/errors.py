"""Errors raised by the findings forwarder.

Messages name fields and rules, never values: a value taken from a finding could carry PHI
(a tag, an S3 object key, a free-text description), and error messages end up in logs,
Lambda error reports and dead-letter queues.
"""

from __future__ import annotations


class ForwarderError(Exception):
    """Base class: the invocation failed and must be retried or investigated."""


class MalformedEventError(ForwarderError):
    """The event is not a GuardDuty or Security Hub finding event of the expected shape."""

    def __init__(self, field: str, rule: str) -> None:
        self.field = field
        self.rule = rule
        super().__init__(f"malformed event: field {field!r} {rule}")


class ConfigurationError(ForwarderError):
    """An environment variable set by the Terraform module is missing or invalid."""

    def __init__(self, variable: str, rule: str) -> None:
        self.variable = variable
        self.rule = rule
        super().__init__(f"configuration: environment variable {variable} {rule}")


class DedupStoreError(ForwarderError):
    """The de-duplication store failed for a reason other than "already alerted"."""


class DeliveryError(ForwarderError):
    """One or more alerts could not be published; their de-duplication claims were released."""
