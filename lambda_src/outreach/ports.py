"""The small interfaces the outreach cores depend on (adapters in queue.py/messaging.py)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol


class MessageQueue(Protocol):
    def send_batch(self, bodies: Sequence[str]) -> list[bool]:
        """Send up to 10 message bodies in one call; True per body that was accepted."""
        ...


@dataclass(frozen=True)
class Delivery:
    """The outcome of one message to one person."""

    status: str  # "sent" | "failed" | "retry" | "in_doubt"
    provider_message_id: str | None = None
    reason: str | None = None


@dataclass(frozen=True)
class SmsRequest:
    key: tuple[int, int]
    phone: str
    text: str


@dataclass(frozen=True)
class EmailRequest:
    key: tuple[int, int]
    address: str
    template: str
    data: dict[str, str]


class SmsSender(Protocol):
    def send(self, requests: Sequence[SmsRequest]) -> dict[tuple[int, int], Delivery]: ...


class EmailSender(Protocol):
    def send(self, requests: Sequence[EmailRequest]) -> dict[tuple[int, int], Delivery]: ...


class ReportStore(Protocol):
    def put(self, key: str, body: bytes, content_type: str) -> None: ...
