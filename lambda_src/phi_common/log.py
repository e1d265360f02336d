"""One JSON line per log event, with explicit scalar fields only.

Request payloads can carry PHI, so nothing here accepts an event or a mapping: callers name
each field they log, and only scalars (str, int, float, bool, None) are written.
"""

from __future__ import annotations

import json
import sys
import time
from typing import TextIO

Scalar = str | int | float | bool | None


def log_event(name: str, stream: TextIO | None = None, **fields: Scalar) -> str:
    """Write ``{"event": name, "ts": ..., **fields}`` as one JSON line; return the line."""
    bad = sorted(k for k, v in fields.items() if not isinstance(v, Scalar))
    if bad:
        raise TypeError(f"log fields must be scalars, not containers or objects: {bad}")
    entry: dict[str, Scalar] = {"event": name, "ts": round(time.time(), 3), **fields}
    line = json.dumps(entry, sort_keys=True)
    out = sys.stdout if stream is None else stream
    out.write(line + "\n")
    out.flush()
    return line
