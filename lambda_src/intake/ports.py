"""Interfaces the intake core depends on; S3/SNS adapters are in ``aws_adapters.py``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class ObjectHead:
    size: int
    metadata: dict[str, str]


class ObjectStore(Protocol):
    def head(self, key: str) -> ObjectHead | None:
        """None when the object does not exist."""
        ...

    def get(self, key: str) -> bytes: ...

    def put(self, key: str, body: bytes, content_type: str) -> None: ...

    def move(self, source: str, target: str, metadata: dict[str, str]) -> None:
        """Copy ``source`` to ``target`` (replacing metadata), then delete ``source``."""
        ...


class Notifier(Protocol):
    def document_ready(self, document_id: str, doctor_id: int) -> None: ...
