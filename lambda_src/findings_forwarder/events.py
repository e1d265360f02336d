"""Which parser handles an EventBridge event; anything else is a routing error."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from . import guardduty, securityhub
from .errors import MalformedEventError
from .model import Candidate

PARSERS: dict[tuple[str, str], Callable[[Mapping[str, Any]], list[Candidate]]] = {
    ("aws.guardduty", "GuardDuty Finding"): guardduty.parse,
    ("aws.securityhub", "Security Hub Findings - Imported"): securityhub.parse,
}


def parse_event(event: Any) -> list[Candidate]:
    """Every finding in ``event``; raises MalformedEventError before anything is sent."""
    if not isinstance(event, Mapping):
        raise MalformedEventError("event", "must be a JSON object (an EventBridge event)")
    source = event.get("source")
    detail_type = event.get("detail-type")
    if not isinstance(source, str) or not isinstance(detail_type, str):
        raise MalformedEventError("source/detail-type", "must be strings (an EventBridge event)")
    parser = PARSERS.get((source, detail_type))
    if parser is None:
        # The values are AWS vocabulary, but an unexpected event is not: name no values.
        supported = ", ".join(f"{s}/{d}" for s, d in PARSERS)
        raise MalformedEventError("source/detail-type", f"must be one of: {supported}")
    return parser(event)
