"""The two interfaces the core depends on; adapters implement them over DynamoDB and SNS."""

from __future__ import annotations

from typing import Protocol

from .model import Alert


class DedupStore(Protocol):
    def claim(self, key: str, rank: int, now: int, expires_at: int, claim_id: str) -> bool:
        """Record that ``key`` is being alerted at severity ``rank``.

        True if this caller may alert: the key is new, its record expired, or it was last
        alerted at a lower severity. False if it was already alerted (a duplicate).
        """
        ...

    def release(self, key: str, claim_id: str) -> None:
        """Undo this caller's claim (the alert could not be sent, so a retry must send it)."""
        ...


class Publisher(Protocol):
    def publish(self, alert: Alert) -> str:
        """Send the alert; return the message id."""
        ...
