"""The time, in one place (tests replace ``utcnow`` to move through weeks)."""

from __future__ import annotations

import datetime as dt


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
