"""The alert: a short, PHI-free summary of one finding, and what the core decides about it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from .sanitize import ascii_line

SUBJECT_LIMIT = 100  # SNS subjects: at most 100 printable ASCII characters


class Severity(IntEnum):
    INFORMATIONAL = 0
    LOW = 1
    MEDIUM = 2
    HIGH = 3
    CRITICAL = 4

    @classmethod
    def from_label(cls, label: str) -> Severity:
        return cls[label]

    @classmethod
    def from_guardduty(cls, score: float) -> Severity:
        """GuardDuty: Low 1.0-3.9, Medium 4.0-6.9, High 7.0-8.9, Critical 9.0-10.0."""
        if score >= 9:
            return cls.CRITICAL
        if score >= 7:
            return cls.HIGH
        if score >= 4:
            return cls.MEDIUM
        if score >= 1:
            return cls.LOW
        return cls.INFORMATIONAL

    @classmethod
    def from_normalized(cls, score: int) -> Severity:
        """Security Hub's Normalized score (0-100), used when a finding has no Label."""
        if score >= 90:
            return cls.CRITICAL
        if score >= 70:
            return cls.HIGH
        if score >= 40:
            return cls.MEDIUM
        if score >= 1:
            return cls.LOW
        return cls.INFORMATIONAL


@dataclass(frozen=True)
class Resource:
    type: str
    id: str
    others: int = 0
    """How many further resources the finding names (not listed in the alert)."""

    def __str__(self) -> str:
        more = f" (+{self.others} more)" if self.others else ""
        return f"{self.type} {self.id}{more}"


@dataclass(frozen=True)
class Alert:
    """Every field comes from an allow-listed identifier (see ``sanitize``), never free text."""

    source: str
    title: str
    severity: Severity
    resource: Resource
    account: str
    region: str
    finding_id: str
    updated_at: str
    console_url: str | None
    dedup_key: str
    sample: bool = False

    @property
    def subject(self) -> str:
        sample = "[SAMPLE] " if self.sample else ""
        return ascii_line(
            f"{sample}[{self.severity.name}] {self.source}: {self.title}", SUBJECT_LIMIT
        )

    def text(self) -> str:
        lines = [
            f"{self.severity.name} finding from {self.source}"
            + (" (sample finding)" if self.sample else ""),
            f"Title:    {self.title}",
            f"Resource: {self.resource}",
            f"Account:  {self.account}",
            f"Region:   {self.region}",
            f"Updated:  {self.updated_at}",
            f"Finding:  {self.finding_id}",
        ]
        if self.console_url:
            lines.append(f"Console:  {self.console_url}")
        return "\n".join(lines)

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "title": self.title,
            "severity": self.severity.name,
            "resource": {"type": self.resource.type, "id": self.resource.id},
            "additional_resources": self.resource.others,
            "account": self.account,
            "region": self.region,
            "finding_id": self.finding_id,
            "updated_at": self.updated_at,
            "console_url": self.console_url,
            "sample": self.sample,
        }

    def json(self) -> str:
        return json.dumps(self.as_dict(), sort_keys=True)


@dataclass(frozen=True)
class Candidate:
    """A parsed finding: the alert it would raise, or why it raises none."""

    alert: Alert
    skip_reason: str | None = None
