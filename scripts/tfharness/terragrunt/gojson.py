"""Go ``encoding/json`` byte format: HTML-safe string escaping and float64 numbers."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from .values import format_number

_SHORT_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\b": "\\b",
    "\f": "\\f",
}
_HTML_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def quote(s: str) -> str:
    """A JSON string literal exactly as Go's ``json.Marshal`` writes it (HTML-safe)."""
    out = ['"']
    for ch in s:
        if ch in _SHORT_ESCAPES:
            out.append(_SHORT_ESCAPES[ch])
        elif ch in _HTML_ESCAPES:
            out.append(_HTML_ESCAPES[ch])
        elif ord(ch) < 0x20:
            out.append(f"\\u{ord(ch):04x}")
        elif 0xD800 <= ord(ch) <= 0xDFFF:
            out.append("\\ufffd")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def format_float64(value: float) -> str:
    """A float64 as Go's encoding/json prints it (shortest repr, ``e`` outside [1e-6, 1e21))."""
    if math.isnan(value) or math.isinf(value):
        raise ValueError(f"json: unsupported value: {value}")
    if value == 0:
        return "-0" if math.copysign(1.0, value) < 0 else "0"
    digits, exponent = _shortest_digits(value)
    sign = "-" if value < 0 else ""
    magnitude = abs(value)
    if magnitude < 1e-6 or magnitude >= 1e21:
        mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        exp = exponent + len(digits) - 1
        exp_text = f"{'-' if exp < 0 else '+'}{abs(exp):02d}"
        if exp_text.startswith("-0"):
            exp_text = "-" + exp_text[2:]
        return f"{sign}{mantissa}e{exp_text}"
    return sign + _plain(digits, exponent)


def _shortest_digits(value: float) -> tuple[str, int]:
    """Shortest round-trip digits and exponent of ``|value|`` (value = int(digits) * 10**exp)."""
    _, digit_tuple, exp = Decimal(repr(abs(value))).as_tuple()
    assert isinstance(exp, int)
    digits = "".join(str(x) for x in digit_tuple).lstrip("0")
    stripped = digits.rstrip("0")
    return stripped, exp + len(digits) - len(stripped)


def _plain(digits: str, exponent: int) -> str:
    if exponent >= 0:
        return digits + "0" * exponent
    point = len(digits) + exponent
    if point > 0:
        return digits[:point] + "." + digits[point:]
    return "0." + "0" * (-point) + digits


def dumps(value: Any, *, float64: bool) -> str:  # noqa: PLR0911 - one branch per node/value kind reads best
    """Compact JSON with sorted keys.  ``float64`` formats numbers as Go float64s (render
    output); otherwise numbers are exact decimals (cty's ``jsonencode``)."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, Decimal | int | float):
        if float64:
            return format_float64(float(value))
        return format_number(Decimal(value))
    if isinstance(value, str):
        return quote(value)
    if isinstance(value, dict):
        items = ",".join(f"{quote(k)}:{dumps(value[k], float64=float64)}" for k in sorted(value))
        return "{" + items + "}"
    if isinstance(value, list | tuple):
        return "[" + ",".join(dumps(x, float64=float64) for x in value) + "]"
    raise TypeError(f"cannot encode {type(value).__name__} as JSON")
