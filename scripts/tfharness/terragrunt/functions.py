"""Terraform built-in functions (the v0.15.3 set as far as a live tree uses it).

``make_builtins(base_dir, cwd, env)`` builds the function table: ``file()`` and
friends resolve relative paths against ``base_dir`` (the directory of the file
being parsed), ``abspath()`` against ``cwd``.
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import json
import re
import unicodedata
from collections.abc import Callable, Mapping
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any
from urllib.parse import quote

import yaml

from . import gojson, paths
from .errors import HclError, UnsupportedError
from .evaluator import EvalContext, Function, Thunk, evaluate
from .parser import parse_template
from .values import (
    BOOL,
    DYNAMIC,
    NUMBER,
    STRING,
    CtyList,
    CtyMap,
    CtySet,
    Value,
    convert,
    format_number,
    from_python,
    list_of,
    make_set,
    map_of,
    nfc,
    set_of,
    sorted_items,
    to_bool,
    to_number,
    to_string,
    type_name,
    type_of,
    unify,
    values_equal,
)

Impl = Callable[[list[Any]], Value]


def arity(name: str, args: list[Any], low: int, high: int | None = None) -> None:
    high = low if high is None else high
    if len(args) < low:
        raise HclError(
            f"Not enough function arguments: function {name!r} expects at least {low}, got "
            f"{len(args)}"
        )
    if high >= 0 and len(args) > high:
        raise HclError(
            f"Too many function arguments: function {name!r} expects at most {high}, got "
            f"{len(args)}"
        )


def not_null(name: str, v: Value, what: str = "argument") -> Value:
    if v is None:
        raise HclError(f"Invalid function argument: {name}() {what} must not be null")
    return v


def _str(name: str, v: Value) -> str:
    return to_string(not_null(name, v))


def _int(name: str, v: Value) -> int:
    num = to_number(not_null(name, v))
    if num != num.to_integral_value():
        raise HclError(
            f"Invalid function argument: {name}() requires a whole number, got {format_number(num)}"
        )
    return int(num)


def _seq(name: str, v: Value) -> list[Value]:
    if not isinstance(not_null(name, v), list):
        raise HclError(
            f"Invalid function argument: {name}() requires a list, tuple or set, got {type_name(v)}"
        )
    return list(v)


def _mapping(name: str, v: Value) -> dict[str, Value]:
    if not isinstance(not_null(name, v), dict):
        raise HclError(
            f"Invalid function argument: {name}() requires a map or object, got {type_name(v)}"
        )
    return dict(v)


def _string_list(name: str, v: Value) -> list[str]:
    items = _seq(name, v)
    if any(x is None for x in items):
        raise HclError(f"Invalid function argument: {name}() list elements must not be null")
    return [to_string(x) for x in items]


def _fixed(name: str, count: int, fn: Callable[..., Value]) -> Impl:
    def impl(args: list[Any]) -> Value:
        arity(name, args, count)
        return fn(*args)

    return impl


def _strfn(name: str, fn: Callable[..., Value], count: int = 1) -> Impl:
    return _fixed(name, count, lambda *a: fn(*(_str(name, x) for x in a)))


# -- collections ----------------------------------------------------------------
def _merge(args: list[Any]) -> Value:
    present = [a for a in args if a is not None]
    for a in present:
        _mapping("merge", a)
    out: dict[str, Value] = {}
    for a in present:
        out.update(a)
    if present and all(isinstance(a, CtyMap) for a in present):
        elem = unify([type_of(v) for v in out.values() if v is not None] or [DYNAMIC])
        if elem is not None:
            return convert(out, map_of(elem))
    return out


def _lookup(args: list[Any]) -> Value:
    arity("lookup", args, 2, 3)
    mapping = _mapping("lookup", args[0])
    key = _str("lookup", args[1])
    if key in mapping:
        return mapping[key]
    if len(args) == 3:
        return args[2]
    raise HclError(f'Invalid function argument: lookup() failed to find key "{key}"')


def _concat(args: list[Any]) -> Value:
    arity("concat", args, 1, -1)
    out: list[Value] = []
    for a in args:
        out.extend(_seq("concat", a))
    if all(isinstance(a, CtyList | CtySet) for a in args):
        return convert(out, list_of(DYNAMIC))
    return out


def _flatten_into(v: Value, out: list[Value]) -> None:
    for x in v:
        if isinstance(x, list):
            _flatten_into(x, out)
        else:
            out.append(x)


def _flatten(args: list[Any]) -> Value:
    arity("flatten", args, 1)
    out: list[Value] = []
    _flatten_into(_seq("flatten", args[0]), out)
    return out


def _coalesce(args: list[Any]) -> Value:
    arity("coalesce", args, 1, -1)
    target = unify([type_of(a) for a in args if a is not None] or [DYNAMIC])
    if target is None:
        raise HclError(
            "Invalid function argument: all arguments of coalesce() must have the same type"
        )
    for a in args:
        if a is not None and a != "":
            return convert(a, target)
    raise HclError("Invalid function argument: no non-null, non-empty-string arguments")


def _coalescelist(args: list[Any]) -> Value:
    arity("coalescelist", args, 1, -1)
    for a in args:
        if a is not None and len(_seq("coalescelist", a)) > 0:
            return a
    raise HclError("Invalid function argument: no non-null, non-empty lists")


def _compact(args: list[Any]) -> Value:
    arity("compact", args, 1)
    items = _seq("compact", args[0])
    return CtyList(to_string(x) for x in items if x is not None and x != "")


def _distinct(args: list[Any]) -> Value:
    arity("distinct", args, 1)
    out: list[Value] = []
    for x in convert(_seq("distinct", args[0]), list_of(DYNAMIC)):
        if not any(values_equal(x, y) for y in out):
            out.append(x)
    return CtyList(out)


def _contains(args: list[Any]) -> Value:
    arity("contains", args, 2)
    return any(values_equal(x, args[1]) for x in _seq("contains", args[0]))


def _element(args: list[Any]) -> Value:
    arity("element", args, 2)
    items = _seq("element", args[0])
    idx = _int("element", args[1])
    if not items:
        raise HclError("Invalid function argument: cannot use element function with an empty list")
    if idx < 0:
        raise HclError("Invalid function argument: element() index must not be negative")
    return items[idx % len(items)]


def _index(args: list[Any]) -> Value:
    arity("index", args, 2)
    for i, x in enumerate(_seq("index", args[0])):
        if values_equal(x, args[1]):
            return Decimal(i)
    raise HclError("Invalid function argument: item not found")


def _keys(args: list[Any]) -> Value:
    arity("keys", args, 1)
    mapping = _mapping("keys", args[0])
    names = sorted(mapping)
    return CtyList(names) if isinstance(args[0], CtyMap) else names


def _values(args: list[Any]) -> Value:
    arity("values", args, 1)
    mapping = _mapping("values", args[0])
    vals = [v for _, v in sorted_items(mapping)]
    return CtyList(vals) if isinstance(args[0], CtyMap) else vals


def grapheme_len(s: str) -> int:
    return sum(1 for ch in nfc(s) if not unicodedata.combining(ch))


def _length(args: list[Any]) -> Value:
    arity("length", args, 1)
    v = not_null("length", args[0])
    if isinstance(v, str):
        return Decimal(grapheme_len(v))
    if isinstance(v, list | dict):
        return Decimal(len(v))
    raise HclError(
        f"Invalid function argument: length() requires a string, collection or structure, got "
        f"{type_name(v)}"
    )


def _join(args: list[Any]) -> Value:
    arity("join", args, 2, -1)
    sep = _str("join", args[0])
    parts: list[str] = []
    for lst in args[1:]:
        parts.extend(_string_list("join", lst))
    return sep.join(parts)


def _split(args: list[Any]) -> Value:
    arity("split", args, 2)
    sep, s = _str("split", args[0]), _str("split", args[1])
    if sep == "":
        return CtyList(list(s))
    return CtyList(s.split(sep))


def _zipmap(args: list[Any]) -> Value:
    arity("zipmap", args, 2)
    keys = _string_list("zipmap", args[0])
    vals = _seq("zipmap", args[1])
    if len(keys) != len(vals):
        raise HclError("Invalid function argument: number of keys and values must match")
    out = dict(zip(keys, vals, strict=True))
    if isinstance(args[1], CtyList | CtySet):
        return convert(out, map_of(DYNAMIC))
    return out


def _range(args: list[Any]) -> Value:
    arity("range", args, 1, 3)
    nums = [to_number(not_null("range", a)) for a in args]
    start, step = Decimal(0), Decimal(1)
    if len(nums) == 1:
        limit = nums[0]
    else:
        start, limit = nums[0], nums[1]
        if len(nums) == 3:
            step = nums[2]
        elif limit < start:
            step = Decimal(-1)
    if step == 0:
        raise HclError("Invalid function argument: step must not be zero")
    if (step > 0 and limit < start) or (step < 0 and limit > start):
        raise HclError("Invalid function argument: step and range limits disagree")
    out: list[Value] = []
    cur = start
    while (step > 0 and cur < limit) or (step < 0 and cur > limit):
        out.append(cur)
        cur += step
        if len(out) > 1024:
            raise HclError("Invalid function argument: more than 1024 values were generated")
    return CtyList(out)


def _sort(args: list[Any]) -> Value:
    arity("sort", args, 1)
    return CtyList(sorted(_string_list("sort", args[0])))


def _reverse(args: list[Any]) -> Value:
    arity("reverse", args, 1)
    items = list(reversed(_seq("reverse", args[0])))
    return CtyList(items) if isinstance(args[0], CtyList | CtySet) else items


def _numbers(name: str, args: list[Any]) -> list[Decimal]:
    if not args:
        raise HclError(f"Not enough function arguments: {name}() needs at least one number")
    return [to_number(not_null(name, a)) for a in args]


def _sum(args: list[Any]) -> Value:
    arity("sum", args, 1)
    nums = _numbers("sum", _seq("sum", args[0]))
    return sum(nums, Decimal(0))


def _setop(name: str, op: Callable[[list[list[Value]]], list[Value]]) -> Impl:
    def impl(args: list[Any]) -> Value:
        arity(name, args, 1, -1)
        sets = [list(convert(_seq(name, a), set_of(DYNAMIC))) for a in args]
        return make_set(op(sets))

    return impl


def _union(sets: list[list[Value]]) -> list[Value]:
    return [x for s in sets for x in s]


def _intersection(sets: list[list[Value]]) -> list[Value]:
    return [x for x in sets[0] if all(any(values_equal(x, y) for y in s) for s in sets[1:])]


def _subtract(sets: list[list[Value]]) -> list[Value]:
    return [x for x in sets[0] if not any(values_equal(x, y) for s in sets[1:] for y in s)]


def _slice(args: list[Any]) -> Value:
    arity("slice", args, 3)
    items = _seq("slice", args[0])
    start, end = _int("slice", args[1]), _int("slice", args[2])
    if start < 0 or end > len(items) or start > end:
        raise HclError("Invalid function argument: slice() index out of range")
    out = items[start:end]
    return CtyList(out) if isinstance(args[0], CtyList | CtySet) else out


def _one(args: list[Any]) -> Value:
    arity("one", args, 1)
    items = _seq("one", args[0])
    if len(items) > 1:
        raise HclError(
            "Invalid function argument: must be a list, set, or tuple value with either zero or "
            "one elements"
        )
    return items[0] if items else None


def _chunklist(args: list[Any]) -> Value:
    arity("chunklist", args, 2)
    items, size = _seq("chunklist", args[0]), _int("chunklist", args[1])
    if size < 0:
        raise HclError("Invalid function argument: the size argument must be positive")
    if size == 0:
        return CtyList([CtyList(items)])
    return CtyList(CtyList(items[i : i + size]) for i in range(0, len(items), size))


def _transpose(args: list[Any]) -> Value:
    arity("transpose", args, 1)
    out: dict[str, list[str]] = {}
    for key, vals in sorted_items(_mapping("transpose", args[0])):
        for v in _string_list("transpose", vals):
            out.setdefault(v, []).append(key)
    return CtyMap({k: CtyList(v) for k, v in out.items()})


def _matchkeys(args: list[Any]) -> Value:
    arity("matchkeys", args, 3)
    vals, keys, search = (_seq("matchkeys", a) for a in args)
    if len(vals) != len(keys):
        raise HclError("Invalid function argument: length of keys and values should be equal")
    return CtyList(
        v for v, k in zip(vals, keys, strict=True) if any(values_equal(k, s) for s in search)
    )


# -- strings --------------------------------------------------------------------
def _go_title(s: str) -> str:
    out: list[str] = []
    prev_sep = True
    for ch in s:
        out.append(ch.upper() if prev_sep else ch)
        prev_sep = not (ch.isalnum() or ch == "_")
    return "".join(out)


def _replace(args: list[Any]) -> Value:
    arity("replace", args, 3)
    s, sub, rep = (_str("replace", a) for a in args)
    if len(sub) > 1 and sub.startswith("/") and sub.endswith("/"):
        pattern = _compile_re(sub[1:-1])
        return pattern.sub(_go_template_to_python(rep), s)
    return s.replace(sub, rep)


def _go_template_to_python(rep: str) -> Callable[[re.Match[str]], str]:
    token = re.compile(r"\$(\$|\{(\w+)\}|(\w+))")

    def expand(m: re.Match[str]) -> str:
        def one(t: re.Match[str]) -> str:
            if t.group(1) == "$":
                return "$"
            name = t.group(2) or t.group(3)
            try:
                value = m.group(int(name)) if name.isdigit() else m.group(name)
            except IndexError:
                return ""
            return value or ""

        return token.sub(one, rep)

    return expand


def _compile_re(pattern: str) -> re.Pattern[str]:
    py = re.sub(r"\(\?P?<(\w+)>", r"(?P<\1>", pattern)
    try:
        return re.compile(py)
    except re.error as err:
        raise HclError(f"Invalid regular expression pattern {pattern!r}: {err}") from None


def _regex_result(pattern: re.Pattern[str], m: re.Match[str]) -> Value:
    if pattern.groupindex:
        return {name: m.group(name) for name in pattern.groupindex}
    if pattern.groups:
        return [g for g in m.groups()]
    return m.group(0)


def _regex(args: list[Any]) -> Value:
    arity("regex", args, 2)
    pattern = _compile_re(_str("regex", args[0]))
    m = pattern.search(_str("regex", args[1]))
    if m is None:
        raise HclError(
            "Invalid function argument: pattern did not match any part of the given string"
        )
    return _regex_result(pattern, m)


def _regexall(args: list[Any]) -> Value:
    arity("regexall", args, 2)
    pattern = _compile_re(_str("regexall", args[0]))
    return CtyList(_regex_result(pattern, m) for m in pattern.finditer(_str("regexall", args[1])))


def _substr(args: list[Any]) -> Value:
    arity("substr", args, 3)
    s = nfc(_str("substr", args[0]))
    offset, length = _int("substr", args[1]), _int("substr", args[2])
    clusters = _graphemes(s)
    if offset < 0:
        offset = max(0, len(clusters) + offset)
    if offset > len(clusters):
        raise HclError("Invalid function argument: offset is greater than the length of the string")
    end = len(clusters) if length < 0 else min(len(clusters), offset + length)
    return "".join(clusters[offset:end])


def _graphemes(s: str) -> list[str]:
    out: list[str] = []
    for ch in s:
        if out and unicodedata.combining(ch):
            out[-1] += ch
        else:
            out.append(ch)
    return out


def _trim(args: list[Any]) -> Value:
    arity("trim", args, 2)
    s, cutset = _str("trim", args[0]), _str("trim", args[1])
    return s.strip(cutset)


def _trimprefix(s: str, p: str) -> str:
    return s[len(p) :] if p and s.startswith(p) else s


def _trimsuffix(s: str, p: str) -> str:
    return s[: -len(p)] if p and s.endswith(p) else s


def _chomp(s: str) -> str:
    return re.sub(r"(?:\r\n|\r|\n)+$", "", s)


def _indent(args: list[Any]) -> Value:
    arity("indent", args, 2)
    spaces, s = _int("indent", args[0]), _str("indent", args[1])
    pad = " " * spaces
    return s.replace("\n", "\n" + pad)


def _strrev(s: str) -> str:
    return "".join(reversed(_graphemes(nfc(s))))


# -- format ---------------------------------------------------------------------
_VERB_RE = re.compile(r"%([-+ 0#]*)(\d+|\*)?(?:\.(\d+))?([a-zA-Z%])")


def _format(args: list[Any]) -> Value:
    arity("format", args, 1, -1)
    return _format_string(_str("format", args[0]), args[1:])


def _format_string(fmt: str, values: list[Value]) -> str:
    out: list[str] = []
    pos = 0
    argi = 0
    for m in _VERB_RE.finditer(fmt):
        out.append(fmt[pos : m.start()])
        pos = m.end()
        flags, width, prec, verb = m.group(1), m.group(2), m.group(3), m.group(4)
        if verb == "%":
            out.append("%")
            continue
        if argi >= len(values):
            raise HclError(
                f"Error in format: not enough arguments for %{verb} at offset {m.start()}"
            )
        text = _format_verb(verb, values[argi], flags, prec)
        argi += 1
        out.append(_pad(text, flags, int(width) if width and width != "*" else 0, verb))
    out.append(fmt[pos:])
    if "%" in fmt[pos:]:
        raise HclError("Error in format: unrecognized or unsupported format verb")
    if argi < len(values):
        raise HclError(f"Error in format: too many arguments; only {argi} used by format string")
    return "".join(out)


def _format_verb(verb: str, v: Value, flags: str, prec: str | None) -> str:  # noqa: PLR0911 - one branch per node/value kind reads best
    if verb == "v":
        if isinstance(v, list | dict):
            return gojson.dumps(v, float64=False)
        return "null" if v is None else to_string(v)
    if v is None:
        raise HclError(
            f"Error in format: unsupported value for %{verb}: null value cannot be formatted"
        )
    if verb == "s":
        s = to_string(v)
        return s[: int(prec)] if prec is not None else s
    if verb == "q":
        return gojson.quote(to_string(v))
    if verb == "t":
        return "true" if to_bool(v) else "false"
    num = to_number(v)
    if verb in "dbox":
        if num != num.to_integral_value():
            raise HclError(
                f"Error in format: %{verb} requires a whole number, got {format_number(num)}"
            )
        py = {"d": "d", "b": "b", "o": "o", "x": "x"}[verb]
        sign = "+" if "+" in flags else ""
        return format(int(num), sign + py)
    if verb == "X":
        return format(int(num), "X")
    if verb in "feEgG":
        p = 6 if prec is None else int(prec)
        return format(num, f"{'+' if '+' in flags else ''}.{p}{verb}")
    raise HclError(f"Error in format: unsupported format verb %{verb}")


def _pad(text: str, flags: str, width: int, verb: str) -> str:
    if len(text) >= width:
        return text
    if "-" in flags:
        return text.ljust(width)
    if "0" in flags and verb in "dfeEgGxXbo":
        sign = text[0] if text[:1] in "+-" else ""
        return sign + text[len(sign) :].rjust(width - len(sign), "0")
    return text.rjust(width)


def _formatlist(args: list[Any]) -> Value:
    arity("formatlist", args, 1, -1)
    fmt = _str("formatlist", args[0])
    rest = args[1:]
    lengths = {len(a) for a in rest if isinstance(a, list)}
    if len(lengths) > 1:
        raise HclError("Error in formatlist: all list arguments must have the same length")
    count = lengths.pop() if lengths else 1
    out = []
    for i in range(count):
        row = [a[i] if isinstance(a, list) else a for a in rest]
        out.append(_format_string(fmt, row))
    return CtyList(out)


# -- encoding / hashing ---------------------------------------------------------
def _jsondecode(args: list[Any]) -> Value:
    arity("jsondecode", args, 1)
    try:
        data = json.loads(_str("jsondecode", args[0]), parse_float=Decimal, parse_int=Decimal)
    except json.JSONDecodeError as err:
        raise HclError(f"Invalid function argument: jsondecode(): {err}") from None
    return from_python(data)


def _yamldecode(args: list[Any]) -> Value:
    arity("yamldecode", args, 1)
    try:
        data = yaml.safe_load(_str("yamldecode", args[0]))
    except yaml.YAMLError as err:
        raise HclError(f"Invalid function argument: yamldecode(): {err}") from None
    return from_python(data)


def yaml_encode(v: Value) -> str:
    """cty's yamlencode layout: double-quoted strings, sequences not indented under keys."""
    return "".join(line + "\n" for line in _yaml_lines(v))


def _yaml_scalar(v: Value) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, Decimal):
        return format_number(v)
    return _yaml_quote(to_string(v))


def _yaml_quote(s: str) -> str:
    out = ['"']
    for ch in s:
        code = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\x{code:02X}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _yaml_lines(v: Value) -> list[str]:
    if isinstance(v, dict):
        if not v:
            return ["{}"]
        lines: list[str] = []
        for k, x in sorted_items(v):
            key = _yaml_quote(k) + ":"
            if isinstance(x, dict) and x:
                lines.append(key)
                lines.extend("  " + ln for ln in _yaml_lines(x))
            elif isinstance(x, list) and x:
                lines.append(key)
                lines.extend(_yaml_lines(x))
            else:
                lines.append(f"{key} {_yaml_lines(x)[0]}")
        return lines
    if isinstance(v, list):
        if not v:
            return ["[]"]
        lines = []
        for x in v:
            sub = _yaml_lines(x)
            lines.append("- " + sub[0])
            lines.extend("  " + ln for ln in sub[1:])
        return lines
    return [_yaml_scalar(v)]


def _hash(algo: str) -> Callable[[str], str]:
    return lambda s: hashlib.new(algo, s.encode()).hexdigest()


def _base64decode(s: str) -> str:
    try:
        return base64.b64decode(s, validate=True).decode("utf-8")
    except (ValueError, UnicodeDecodeError) as err:
        raise HclError(f"Invalid function argument: failed to decode base64 data: {err}") from None


# -- numbers --------------------------------------------------------------------
def _minmax(name: str, pick: Callable[[list[Decimal]], Decimal]) -> Impl:
    return lambda args: pick(_numbers(name, args))


def _parseint(args: list[Any]) -> Value:
    arity("parseint", args, 2)
    s, base = _str("parseint", args[0]), _int("parseint", args[1])
    try:
        return Decimal(int(s, base))
    except ValueError:
        raise HclError(
            f"Invalid function argument: cannot parse {s!r} as a base {base} integer"
        ) from None


def _pow(a: Value, b: Value) -> Value:
    return to_number(a) ** to_number(b)


# -- network --------------------------------------------------------------------
def _network(name: str, prefix: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network:
    try:
        return ipaddress.ip_network(prefix, strict=False)
    except ValueError as err:
        raise HclError(
            f"Invalid function argument: {name}(): invalid CIDR expression: {err}"
        ) from None


def _cidrsubnet(args: list[Any]) -> Value:
    arity("cidrsubnet", args, 3)
    net = _network("cidrsubnet", _str("cidrsubnet", args[0]))
    newbits, netnum = _int("cidrsubnet", args[1]), _int("cidrsubnet", args[2])
    new_len = net.prefixlen + newbits
    if newbits < 0 or new_len > net.max_prefixlen:
        raise HclError(
            f"Invalid function argument: insufficient address space to extend prefix of "
            f"{net.prefixlen} by {newbits}"
        )
    if netnum < 0 or netnum >= 1 << newbits:
        raise HclError(
            f"Invalid function argument: prefix extension of {newbits} does not accommodate a "
            f"subnet numbered {netnum}"
        )
    base = int(net.network_address) | (netnum << (net.max_prefixlen - new_len))
    return str(ipaddress.ip_network((base, new_len)))


def _cidrhost(args: list[Any]) -> Value:
    arity("cidrhost", args, 2)
    net = _network("cidrhost", _str("cidrhost", args[0]))
    hostnum = _int("cidrhost", args[1])
    size = net.num_addresses
    if hostnum < -size or hostnum >= size:
        raise HclError(
            f"Invalid function argument: prefix of {net.prefixlen} does not accommodate a host "
            f"numbered {hostnum}"
        )
    addr = int(net.network_address) + (hostnum if hostnum >= 0 else size + hostnum)
    return str(ipaddress.ip_address(addr))


def _cidrnetmask(args: list[Any]) -> Value:
    arity("cidrnetmask", args, 1)
    net = _network("cidrnetmask", _str("cidrnetmask", args[0]))
    if net.version != 4:
        raise HclError("Invalid function argument: cidrnetmask() only supports IPv4")
    return str(net.netmask)


def _cidrsubnets(args: list[Any]) -> Value:
    arity("cidrsubnets", args, 1, -1)
    net = _network("cidrsubnets", _str("cidrsubnets", args[0]))
    bits, base_len = net.max_prefixlen, net.prefixlen
    full = (1 << bits) - 1

    def mask(length: int) -> int:
        return full ^ ((1 << (bits - length)) - 1)

    newbits = [_int("cidrsubnets", a) for a in args[1:]]
    if not newbits:
        return CtyList()
    first_len = base_len + newbits[0]
    current = ((int(net.network_address) - 1) & full) & mask(first_len)
    current_len = first_len
    out: list[str] = []
    for nb in newbits:
        length = base_len + nb
        if nb < 1 or length > bits:
            raise HclError(
                f"Invalid function argument: would extend prefix to {length} bits, which is too "
                f"long"
            )
        last = (current | (full ^ mask(current_len))) & mask(length)
        last = (last | (full ^ mask(length))) + 1
        nxt = last & mask(length) & full
        if last > full or not (int(net.network_address) <= nxt <= int(net.broadcast_address)):
            raise HclError(
                "Invalid function argument: not enough remaining address space for a subnet"
            )
        current, current_len = nxt, length
        out.append(str(ipaddress.ip_network((nxt, length))))
    return CtyList(out)


# -- files and paths --------------------------------------------------------------
go_clean = paths.clean


def go_dir(path: str) -> str:
    i = path.rfind("/")
    return go_clean(path[: i + 1])


def go_base(path: str) -> str:
    if path == "":
        return "."
    stripped = path.rstrip("/")
    if stripped == "":
        return "/"
    return stripped[stripped.rfind("/") + 1 :]


def _expand_home(path: str, env: Mapping[str, str]) -> str:
    if path == "~" or path.startswith("~/"):
        home = env.get("HOME")
        if not home:
            raise HclError("Invalid function argument: cannot expand '~': HOME is not set")
        return home + path[1:]
    return path


class _Files:
    def __init__(self, base_dir: str, cwd: str, env: Mapping[str, str]) -> None:
        self.base_dir = base_dir
        self.cwd = cwd
        self.env = env

    def resolve(self, path: str) -> str:
        path = _expand_home(path, self.env)
        return path if paths.is_abs(path) else paths.join(self.base_dir, path)

    def read(self, name: str, path: str) -> str:
        full = self.resolve(path)
        if not paths.is_file(full):
            raise HclError(f"Invalid function argument: {name}(): no file exists at {full!r}")
        try:
            return nfc(paths.read_text(full))
        except UnicodeDecodeError:
            raise HclError(
                f"Invalid function argument: {name}(): contents of {full!r} are not valid UTF-8"
            ) from None

    def file(self, args: list[Any]) -> Value:
        arity("file", args, 1)
        return self.read("file", _str("file", args[0]))

    def fileexists(self, args: list[Any]) -> Value:
        arity("fileexists", args, 1)
        full = self.resolve(_str("fileexists", args[0]))
        if paths.exists(full) and not paths.is_file(full):
            raise HclError(
                f"Invalid function argument: fileexists(): {full!r} is not a regular file"
            )
        return paths.is_file(full)

    def abspath(self, args: list[Any]) -> Value:
        arity("abspath", args, 1)
        path = _str("abspath", args[0])
        return paths.resolve(self.cwd, path)

    def pathexpand(self, args: list[Any]) -> Value:
        arity("pathexpand", args, 1)
        return _expand_home(_str("pathexpand", args[0]), self.env)


def _templatefile(files: _Files, functions: Mapping[str, Function]) -> Impl:
    def impl(args: list[Any]) -> Value:
        arity("templatefile", args, 2)
        path = _str("templatefile", args[0])
        variables = _mapping("templatefile", args[1])
        template = parse_template(files.read("templatefile", path), files.resolve(path))
        funcs = {k: v for k, v in functions.items() if k != "templatefile"}
        return to_string(evaluate(template, EvalContext(dict(variables), funcs)))

    return impl


# -- try / can ----------------------------------------------------------------------
def _try(thunks: list[Thunk]) -> Value:
    if not thunks:
        raise HclError("Not enough function arguments: try() needs at least one argument")
    errors: list[str] = []
    for thunk in thunks:
        try:
            return thunk()
        except UnsupportedError:
            raise
        except HclError as err:
            errors.append(str(err))
    raise HclError("no expression succeeded: " + "; ".join(errors))


def _can(thunks: list[Thunk]) -> Value:
    if len(thunks) != 1:
        raise HclError("can() takes exactly one argument")
    try:
        thunks[0]()
    except UnsupportedError:
        raise
    except HclError:
        return False
    return True


def _deprecated(name: str) -> Impl:
    def impl(args: list[Any]) -> Value:
        raise HclError(
            f"the {name}() function was deprecated in Terraform v0.12 and is no longer available"
        )

    return impl


def _tomap(args: list[Any]) -> Value:
    arity("tomap", args, 1)
    return convert(args[0], map_of(DYNAMIC))


def _type_conv(name: str, target: Any) -> Impl:
    return _fixed(name, 1, lambda v: convert(v, target))


def make_builtins(base_dir: str, cwd: str, env: Mapping[str, str]) -> dict[str, Function]:
    """The Terraform built-in function table for one file being parsed."""
    files = _Files(base_dir, cwd, env)
    table: dict[str, Impl] = {
        "abs": _fixed("abs", 1, lambda v: abs(to_number(v))),
        "abspath": files.abspath,
        "alltrue": _fixed("alltrue", 1, lambda v: all(to_bool(x) for x in _seq("alltrue", v))),
        "anytrue": _fixed("anytrue", 1, lambda v: any(to_bool(x) for x in _seq("anytrue", v))),
        "base64decode": _strfn("base64decode", _base64decode),
        "base64encode": _strfn("base64encode", lambda s: base64.b64encode(s.encode()).decode()),
        "basename": _strfn("basename", go_base),
        "ceil": _fixed("ceil", 1, lambda v: to_number(v).to_integral_value(ROUND_CEILING)),
        "chomp": _strfn("chomp", _chomp),
        "chunklist": _chunklist,
        "cidrhost": _cidrhost,
        "cidrnetmask": _cidrnetmask,
        "cidrsubnet": _cidrsubnet,
        "cidrsubnets": _cidrsubnets,
        "coalesce": _coalesce,
        "coalescelist": _coalescelist,
        "compact": _compact,
        "concat": _concat,
        "contains": _contains,
        "dirname": _strfn("dirname", go_dir),
        "distinct": _distinct,
        "element": _element,
        "file": files.file,
        "fileexists": files.fileexists,
        "flatten": _flatten,
        "floor": _fixed("floor", 1, lambda v: to_number(v).to_integral_value(ROUND_FLOOR)),
        "format": _format,
        "formatlist": _formatlist,
        "indent": _indent,
        "index": _index,
        "join": _join,
        "jsondecode": _jsondecode,
        "jsonencode": _fixed("jsonencode", 1, lambda v: gojson.dumps(v, float64=False)),
        "keys": _keys,
        "length": _length,
        "list": _deprecated("list"),
        "lookup": _lookup,
        "lower": _strfn("lower", str.lower),
        "map": _deprecated("map"),
        "matchkeys": _matchkeys,
        "max": _minmax("max", max),
        "md5": _strfn("md5", _hash("md5")),
        "merge": _merge,
        "min": _minmax("min", min),
        "one": _one,
        "parseint": _parseint,
        "pathexpand": files.pathexpand,
        "pow": _fixed("pow", 2, _pow),
        "range": _range,
        "regex": _regex,
        "regexall": _regexall,
        "replace": _replace,
        "reverse": _reverse,
        "setintersection": _setop("setintersection", _intersection),
        "setsubtract": _setop("setsubtract", _subtract),
        "setunion": _setop("setunion", _union),
        "sha1": _strfn("sha1", _hash("sha1")),
        "sha256": _strfn("sha256", _hash("sha256")),
        "sha512": _strfn("sha512", _hash("sha512")),
        "signum": _fixed("signum", 1, lambda v: Decimal(to_number(v).compare(Decimal(0)))),
        "slice": _slice,
        "sort": _sort,
        "split": _split,
        "strrev": _strfn("strrev", _strrev),
        "substr": _substr,
        "sum": _sum,
        "title": _strfn("title", _go_title),
        "tobool": _type_conv("tobool", BOOL),
        "tolist": _type_conv("tolist", list_of(DYNAMIC)),
        "tomap": _tomap,
        "tonumber": _type_conv("tonumber", NUMBER),
        "toset": _type_conv("toset", set_of(DYNAMIC)),
        "tostring": _fixed("tostring", 1, _tostring),
        "transpose": _transpose,
        "trim": _trim,
        "trimprefix": _strfn("trimprefix", _trimprefix, 2),
        "trimspace": _strfn("trimspace", str.strip),
        "trimsuffix": _strfn("trimsuffix", _trimsuffix, 2),
        "upper": _strfn("upper", str.upper),
        "urlencode": _strfn("urlencode", _urlencode),
        "values": _values,
        "yamldecode": _yamldecode,
        "yamlencode": _fixed("yamlencode", 1, yaml_encode),
        "zipmap": _zipmap,
    }
    functions: dict[str, Function] = {name: Function(impl) for name, impl in table.items()}
    functions["try"] = Function(_try, lazy=True)
    functions["can"] = Function(_can, lazy=True)
    functions["templatefile"] = Function(_templatefile(files, functions))
    return functions


def _tostring(v: Value) -> Value:
    if isinstance(v, list | dict):
        raise HclError(f"Invalid function argument: cannot convert {type_name(v)} to string")
    return convert(v, STRING)


def _urlencode(s: str) -> str:
    return quote(s, safe="-._~")
