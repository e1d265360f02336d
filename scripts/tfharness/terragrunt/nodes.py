"""AST node types of the HCL front-end.  Every node carries its source position."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .errors import Pos


@dataclass
class Node:
    pos: Pos


@dataclass
class Literal(Node):
    value: Any


@dataclass
class TemplateExpr(Node):
    """A string template: literal strings and interpolation/directive nodes."""

    parts: list[Node]


@dataclass
class TemplateWrap(Node):
    """A template that is exactly one interpolation: its value passes through unchanged."""

    expr: Node


@dataclass
class TemplateIf(Node):
    cond: Node
    then: list[Node]
    otherwise: list[Node]


@dataclass
class TemplateFor(Node):
    key_var: str | None
    value_var: str
    coll: Node
    body: list[Node]


@dataclass
class Variable(Node):
    name: str


@dataclass
class AnonSymbol(Node):
    """The per-element placeholder inside a splat expression."""


@dataclass
class GetAttr(Node):
    obj: Node
    name: str


@dataclass
class Index(Node):
    obj: Node
    key: Node
    legacy: bool = False  # ``a.0`` form


@dataclass
class Splat(Node):
    source: Node
    each: Node
    full: bool  # ``[*]`` (True) or ``.*`` (False)


@dataclass
class FunctionCall(Node):
    name: str
    args: list[Node]
    expand_final: bool = False


@dataclass
class Conditional(Node):
    cond: Node
    true_expr: Node
    false_expr: Node


@dataclass
class BinaryOp(Node):
    op: str
    left: Node
    right: Node


@dataclass
class UnaryOp(Node):
    op: str
    operand: Node


@dataclass
class Paren(Node):
    expr: Node


@dataclass
class TupleCons(Node):
    items: list[Node]


@dataclass
class ObjectItem:
    key: Node
    value: Node
    bare_key: str | None  # set when the key is a bare identifier (a literal name)


@dataclass
class ObjectCons(Node):
    items: list[ObjectItem]


@dataclass
class ForExpr(Node):
    key_var: str | None
    value_var: str
    coll: Node
    key_expr: Node | None  # set for object for-expressions
    value_expr: Node
    cond: Node | None
    group: bool


@dataclass
class Attribute:
    name: str
    expr: Node
    pos: Pos


@dataclass
class Block:
    type: str
    labels: list[str]
    body: Body
    pos: Pos


@dataclass
class Body:
    pos: Pos
    attributes: dict[str, Attribute] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)

    def blocks_of(self, type_: str) -> list[Block]:
        return [b for b in self.blocks if b.type == type_]


def children(node: Node) -> list[Node]:  # noqa: PLR0911, PLR0912 - one branch per node/value kind reads best
    """The direct sub-expressions of ``node`` (for walks such as reference analysis)."""
    match node:
        case TemplateExpr(parts=parts):
            return list(parts)
        case TemplateWrap(expr=e) | Paren(expr=e):
            return [e]
        case TemplateIf(cond=c, then=t, otherwise=o):
            return [c, *t, *o]
        case TemplateFor(coll=c, body=b):
            return [c, *b]
        case GetAttr(obj=o):
            return [o]
        case Index(obj=o, key=k):
            return [o, k]
        case Splat(source=s, each=e):
            return [s, e]
        case FunctionCall(args=a):
            return list(a)
        case Conditional(cond=c, true_expr=t, false_expr=f):
            return [c, t, f]
        case BinaryOp(left=left, right=right):
            return [left, right]
        case UnaryOp(operand=o):
            return [o]
        case TupleCons(items=items):
            return list(items)
        case ObjectCons(items=items):
            return [n for it in items for n in ((it.value,) if it.bare_key else (it.key, it.value))]
        case ForExpr():
            rest = [node.key_expr, node.value_expr, node.cond]
            return [node.coll, *[n for n in rest if n is not None]]
    return []


def root_references(
    node: Node, bound: frozenset[str] = frozenset()
) -> list[tuple[str, str | None, Pos]]:
    """Every variable reference as (root name, first attribute name or None, position).

    Names bound by enclosing for-expressions/template-for loops are not references.
    """
    match node:
        case Variable(name=name):
            return [] if name in bound else [(name, None, node.pos)]
        case GetAttr(obj=Variable(name=name), name=attr) if name not in bound:
            return [(name, attr, node.pos)]
        case ForExpr() | TemplateFor():
            inner = bound | {n for n in (node.key_var, node.value_var) if n}
            refs = root_references(node.coll, bound)
            for child in children(node)[1:]:
                refs.extend(root_references(child, inner))
            return refs
    out: list[tuple[str, str | None, Pos]] = []
    for child in children(node):
        out.extend(root_references(child, bound))
    return out
