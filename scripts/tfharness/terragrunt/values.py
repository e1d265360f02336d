"""A cty-like value model on top of plain Python values.

* null → ``None``; bool → ``bool``; number → :class:`decimal.Decimal` (exact);
  string → ``str`` (NFC-normalised).
* tuple → ``list``; list → :class:`CtyList`; set → :class:`CtySet` (``list``
  subclasses); object → ``dict``; map → :class:`CtyMap` (``dict`` subclass).

So values are JSON-like Python data that the render layer can emit directly,
while the evaluator still tells tuples from lists and objects from maps where
cty does (conversions, unification, ``merge``/``concat`` result types).
Functions here raise :class:`HclError` without a position; the evaluator
attaches the position of the expression being evaluated.
"""

from __future__ import annotations

import decimal
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .errors import HclError

Value = Any

NUMBER_CONTEXT = decimal.Context(prec=78, rounding=decimal.ROUND_HALF_EVEN)


class CtyList(list[Any]):
    """A cty list (homogeneous); plain ``list`` is a tuple."""


class CtySet(list[Any]):
    """A cty set: unique elements in cty's canonical order."""


class CtyMap(dict[str, Any]):
    """A cty map (homogeneous); plain ``dict`` is an object."""


# -- types -------------------------------------------------------------------
@dataclass(frozen=True)
class Type:
    kind: str  # string number bool dynamic list set map tuple object
    elem: Type | None = None
    elems: tuple[Type, ...] = ()
    attrs: tuple[tuple[str, Type], ...] = ()

    def __str__(self) -> str:
        if self.kind in ("list", "set", "map"):
            return f"{self.kind}({self.elem})"
        if self.kind == "tuple":
            return "tuple"
        if self.kind == "object":
            return "object"
        return self.kind


STRING = Type("string")
NUMBER = Type("number")
BOOL = Type("bool")
DYNAMIC = Type("dynamic")


def list_of(elem: Type) -> Type:
    return Type("list", elem=elem)


def set_of(elem: Type) -> Type:
    return Type("set", elem=elem)


def map_of(elem: Type) -> Type:
    return Type("map", elem=elem)


def type_of(v: Value) -> Type:  # noqa: PLR0911 - one branch per node/value kind reads best
    """The (approximate) cty type of a value; nulls are dynamic."""
    if v is None:
        return DYNAMIC
    if isinstance(v, bool):
        return BOOL
    if isinstance(v, Decimal):
        return NUMBER
    if isinstance(v, str):
        return STRING
    if isinstance(v, CtyList | CtySet):
        kind = "list" if isinstance(v, CtyList) else "set"
        return Type(kind, elem=_elem_type(list(v)))
    if isinstance(v, CtyMap):
        return map_of(_elem_type(list(v.values())))
    if isinstance(v, list):
        return Type("tuple", elems=tuple(type_of(x) for x in v))
    if isinstance(v, dict):
        return Type("object", attrs=tuple(sorted((k, type_of(x)) for k, x in v.items())))
    raise HclError(f"internal error: not a cty value: {v!r}")


def _elem_type(items: list[Value]) -> Type:
    known = [type_of(x) for x in items if x is not None]
    if not known:
        return DYNAMIC
    unified = unify(known)
    return unified if unified is not None else DYNAMIC


def type_name(v: Value) -> str:
    return "null" if v is None else str(type_of(v))


# -- unification ---------------------------------------------------------------
def unify(types: list[Type]) -> Type | None:  # noqa: PLR0911 - one branch per node/value kind reads best
    """cty's type unification; ``None`` when there is no common type."""
    concrete = [t for t in types if t.kind != "dynamic"]
    if not concrete:
        return DYNAMIC
    if len(concrete) != len(types):
        return DYNAMIC
    first = concrete[0]
    if all(t == first for t in concrete):
        return first
    kinds = {t.kind for t in concrete}
    if kinds <= {"string", "number", "bool"}:
        return STRING if "string" in kinds else None
    if kinds <= {"list", "tuple"}:
        return _unify_sequences(concrete, "list")
    if kinds <= {"set", "tuple"} and "set" in kinds:
        return _unify_sequences(concrete, "set")
    if kinds <= {"map", "object"}:
        return _unify_mappings(concrete)
    return None


def _unify_sequences(types: list[Type], kind: str) -> Type | None:
    if all(t.kind == "tuple" for t in types):
        lengths = {len(t.elems) for t in types}
        if len(lengths) == 1:
            elems: list[Type] = []
            for column in zip(*(t.elems for t in types), strict=True):
                u = unify(list(column))
                if u is None:
                    return None
                elems.append(u)
            return Type("tuple", elems=tuple(elems))
    members: list[Type] = []
    for t in types:
        members.extend(t.elems if t.kind == "tuple" else [t.elem or DYNAMIC])
    elem = unify(members) if members else DYNAMIC
    return None if elem is None else Type(kind, elem=elem)


def _unify_mappings(types: list[Type]) -> Type | None:
    if all(t.kind == "object" for t in types):
        names = {tuple(name for name, _ in t.attrs) for t in types}
        if len(names) == 1:
            attrs: list[tuple[str, Type]] = []
            for i, name in enumerate(next(iter(names))):
                u = unify([t.attrs[i][1] for t in types])
                if u is None:
                    return None
                attrs.append((name, u))
            return Type("object", attrs=tuple(attrs))
    members: list[Type] = []
    for t in types:
        members.extend([a for _, a in t.attrs] if t.kind == "object" else [t.elem or DYNAMIC])
    elem = unify(members) if members else DYNAMIC
    return None if elem is None else map_of(elem)


# -- conversion ----------------------------------------------------------------
def convert(v: Value, target: Type) -> Value:  # noqa: PLR0911 - one branch per node/value kind reads best
    """Convert ``v`` to ``target`` following cty's safe/unsafe conversion rules."""
    if target.kind == "dynamic" or v is None:
        return v
    kind = target.kind
    if kind == "string":
        return to_string(v)
    if kind == "number":
        return to_number(v)
    if kind == "bool":
        return to_bool(v)
    if kind in ("list", "set"):
        return _convert_sequence(v, target)
    if kind == "map":
        return _convert_map(v, target)
    if kind == "tuple":
        return _convert_tuple(v, target)
    if kind == "object":
        return _convert_object(v, target)
    raise HclError(f"internal error: unknown type {target}")


def _convert_sequence(v: Value, target: Type) -> Value:
    if not isinstance(v, list):
        raise HclError(f"{target.kind} of {target.elem} required, but have {type_name(v)}")
    elem = target.elem or DYNAMIC
    if elem.kind == "dynamic":
        unified = unify([type_of(x) for x in v if x is not None] or [DYNAMIC])
        if unified is None:
            raise HclError(f"all elements of a {target.kind} must have a consistent type")
        elem = unified
    items = [convert(x, elem) for x in v]
    if target.kind == "list":
        return CtyList(items)
    return make_set(items)


def make_set(items: list[Value]) -> CtySet:
    """Deduplicate and order like cty sets (strings lexically, numbers numerically)."""
    unique: list[Value] = []
    for x in items:
        if not any(values_equal(x, u) for u in unique):
            unique.append(x)
    if all(isinstance(x, str) for x in unique) or all(isinstance(x, Decimal) for x in unique):
        unique.sort()
    return CtySet(unique)


def _convert_map(v: Value, target: Type) -> Value:
    if not isinstance(v, dict):
        raise HclError(f"map of {target.elem} required, but have {type_name(v)}")
    elem = target.elem or DYNAMIC
    if elem.kind == "dynamic":
        unified = unify([type_of(x) for x in v.values() if x is not None] or [DYNAMIC])
        if unified is None:
            raise HclError("all map elements must have a consistent type")
        elem = unified
    return CtyMap({k: convert(x, elem) for k, x in v.items()})


def _convert_tuple(v: Value, target: Type) -> Value:
    if not isinstance(v, list) or len(v) != len(target.elems):
        raise HclError(f"tuple required, but have {type_name(v)}")
    return [convert(x, t) for x, t in zip(v, target.elems, strict=True)]


def _convert_object(v: Value, target: Type) -> Value:
    if not isinstance(v, dict):
        raise HclError(f"object required, but have {type_name(v)}")
    out: dict[str, Value] = {}
    for name, t in target.attrs:
        if name not in v:
            raise HclError(f"attribute {name!r} is required")
        out[name] = convert(v[name], t)
    return out


def to_string(v: Value) -> str:
    if isinstance(v, str):
        return v
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, Decimal):
        return format_number(v)
    if v is None:
        raise HclError("a string is required, but the value is null")
    raise HclError(f"string required, but have {type_name(v)}")


def to_number(v: Value) -> Decimal:
    if isinstance(v, Decimal):
        return v
    if isinstance(v, str):
        parsed = parse_number(v)
        if parsed is not None:
            return parsed
        raise HclError(f"a number is required, but {v!r} cannot be converted to a number")
    if v is None:
        raise HclError("a number is required, but the value is null")
    raise HclError(f"a number is required, but have {type_name(v)}")


def parse_number(text: str) -> Decimal | None:
    stripped = text.strip()
    if not stripped or stripped != text:
        return None
    try:
        d = Decimal(text)
    except decimal.InvalidOperation:
        return None
    return d if d.is_finite() else None


def to_bool(v: Value) -> bool:
    if isinstance(v, bool):
        return v
    if v == "true":
        return True
    if v == "false":
        return False
    if v is None:
        raise HclError("a bool is required, but the value is null")
    raise HclError(f"a bool is required, but have {type_name(v)}")


def format_number(d: Decimal) -> str:
    """Exact decimal text as cty (``big.Float.Text('f', -1)``): ``8080``, ``0.5``."""
    if d == 0:
        return "0"
    text = format(d.normalize(NUMBER_CONTEXT), "f")
    return text


def number(value: int | str | Decimal) -> Decimal:
    return Decimal(value)


# -- equality ------------------------------------------------------------------
def _category(v: Value) -> str:  # noqa: PLR0911 - one branch per node/value kind reads best
    if isinstance(v, CtyList):
        return "list"
    if isinstance(v, CtySet):
        return "set"
    if isinstance(v, CtyMap):
        return "map"
    if isinstance(v, list):
        return "tuple"
    if isinstance(v, dict):
        return "object"
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, Decimal):
        return "number"
    if isinstance(v, str):
        return "string"
    return "null"


def values_equal(a: Value, b: Value) -> bool:
    """cty ``Equals``: type-strict (``1 == "1"`` is false)."""
    if a is None or b is None:
        return a is None and b is None
    if _category(a) != _category(b):
        return False
    if isinstance(a, list):
        return len(a) == len(b) and all(values_equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(values_equal(a[k], b[k]) for k in a)
    return bool(a == b)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def is_collection(v: Value) -> bool:
    return isinstance(v, list | dict)


def sorted_items(v: dict[str, Value]) -> list[tuple[str, Value]]:
    """cty iterates objects and maps in lexical key order."""
    return sorted(v.items())


def from_python(v: Any) -> Value:
    """Turn JSON/YAML-decoded Python data into cty-like values (objects and tuples)."""
    if v is None or isinstance(v, bool | str):
        return nfc(v) if isinstance(v, str) else v
    if isinstance(v, int):
        return Decimal(v)
    if isinstance(v, float):
        return Decimal(repr(v))
    if isinstance(v, Decimal):
        return v
    if isinstance(v, dict):
        return {str(k): from_python(x) for k, x in v.items()}
    if isinstance(v, list | tuple):
        return [from_python(x) for x in v]
    raise HclError(f"cannot represent {type(v).__name__} as an HCL value")
