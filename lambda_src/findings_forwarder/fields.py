"""Reading nested event fields with errors that name the field path and the rule."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .errors import MalformedEventError

_MISSING = object()


def lookup(obj: Any, path: str) -> Any:
    """``obj`` at dotted ``path`` (list indexes as numbers), or None if any step is missing."""
    current = obj
    for step in path.split("."):
        if isinstance(current, Mapping):
            current = current.get(step, _MISSING)
        elif isinstance(current, list) and step.isdigit():
            index = int(step)
            current = current[index] if index < len(current) else _MISSING
        else:
            return None
        if current is _MISSING:
            return None
    return current


def require_mapping(obj: Any, path: str, where: str) -> Mapping[str, Any]:
    value = lookup(obj, path) if path else obj
    if not isinstance(value, Mapping):
        raise MalformedEventError(_name(where, path), "must be an object")
    return value


def require_list(obj: Any, path: str, where: str, *, max_items: int) -> list[Any]:
    value = lookup(obj, path)
    if not isinstance(value, list) or not value:
        raise MalformedEventError(_name(where, path), "must be a non-empty list")
    if len(value) > max_items:
        raise MalformedEventError(_name(where, path), f"must hold at most {max_items} items")
    return value


def require_match(obj: Any, path: str, where: str, pattern: re.Pattern[str], rule: str) -> str:
    value = lookup(obj, path)
    if not isinstance(value, str) or pattern.fullmatch(value) is None:
        raise MalformedEventError(_name(where, path), rule)
    return value


def require_number(obj: Any, path: str, where: str, low: float, high: float) -> float:
    value = lookup(obj, path)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise MalformedEventError(_name(where, path), f"must be a number between {low} and {high}")
    if not low <= value <= high:
        raise MalformedEventError(_name(where, path), f"must be a number between {low} and {high}")
    return float(value)


def optional_choice(obj: Any, path: str, where: str, choices: frozenset[str]) -> str | None:
    value = lookup(obj, path)
    if value is None:
        return None
    if not isinstance(value, str) or value not in choices:
        raise MalformedEventError(_name(where, path), f"must be one of {sorted(choices)}")
    return value


def _name(where: str, path: str) -> str:
    return f"{where}.{path}" if where and path else where or path
