"""The forwarding decision, free of AWS: parse, filter, de-duplicate, publish.

Order matters for failure semantics:

1. The whole event is validated first. A malformed event raises before anything is sent,
   so a retry (or the dead-letter queue) sees exactly what arrived.
2. Each finding is claimed in the de-duplication store before it is published, so two
   concurrent deliveries of the same finding raise one alert.
3. A publish that fails releases its claim and the invocation raises at the end (after
   trying the other findings): the retry sends what is missing and nothing twice.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .errors import DeliveryError
from .events import parse_event
from .logs import log_info, log_warning
from .model import Severity
from .ports import DedupStore, Publisher


@dataclass(frozen=True)
class Settings:
    min_severity: Severity = Severity.HIGH
    dedup_ttl_seconds: int = 7 * 24 * 3600


@dataclass
class Summary:
    received: int = 0
    alerted: int = 0
    duplicates: int = 0
    skipped: int = 0
    failed: int = 0
    message_ids: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "received": self.received,
            "alerted": self.alerted,
            "duplicates": self.duplicates,
            "skipped": self.skipped,
            "failed": self.failed,
        }


def forward(
    event: Any,
    store: DedupStore,
    publisher: Publisher,
    settings: Settings,
    clock: Callable[[], float],
) -> Summary:
    candidates = parse_event(event)
    summary = Summary(received=len(candidates))
    for candidate in candidates:
        alert = candidate.alert
        fields = {"source": alert.source, "severity": alert.severity.name, "key": alert.dedup_key}
        if candidate.skip_reason is not None:
            summary.skipped += 1
            log_info("finding.skipped", reason=candidate.skip_reason, **fields)
            continue
        if alert.severity < settings.min_severity:
            summary.skipped += 1
            log_info("finding.skipped", reason="below the alert threshold", **fields)
            continue
        now = int(clock())
        claim_id = str(uuid.uuid4())
        if not store.claim(
            alert.dedup_key, int(alert.severity), now, now + settings.dedup_ttl_seconds, claim_id
        ):
            summary.duplicates += 1
            log_info("finding.duplicate", **fields)
            continue
        try:
            summary.message_ids.append(publisher.publish(alert))
        except Exception as exc:
            store.release(alert.dedup_key, claim_id)
            summary.failed += 1
            log_warning("alert.publish_failed", error_type=type(exc).__name__, **fields)
            continue
        summary.alerted += 1
        log_info("alert.sent", **fields)
    if summary.failed:
        raise DeliveryError(
            f"{summary.failed} of {summary.received} alerts could not be published; "
            "their de-duplication claims were released so a retry sends them"
        )
    return summary
