"""Expression evaluator: hclsyntax semantics over the values of :mod:`.values`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, DivisionByZero, InvalidOperation, localcontext
from typing import Any

from . import nodes as n
from .errors import HclError, UnsupportedError
from .values import (
    NUMBER_CONTEXT,
    CtyList,
    CtyMap,
    CtySet,
    Value,
    convert,
    format_number,
    sorted_items,
    to_bool,
    to_number,
    to_string,
    type_name,
    type_of,
    unify,
    values_equal,
)

Thunk = Callable[[], Value]


@dataclass(frozen=True)
class Function:
    """A callable HCL function.  Lazy functions (``try``, ``can``) get thunks."""

    impl: Callable[[list[Any]], Value]
    lazy: bool = False


@dataclass
class EvalContext:
    variables: dict[str, Value] = field(default_factory=dict)
    functions: Mapping[str, Function] = field(default_factory=dict)

    def child(self, extra: dict[str, Value]) -> EvalContext:
        return EvalContext({**self.variables, **extra}, self.functions)


def evaluate(node: n.Node, ctx: EvalContext) -> Value:
    """Evaluate an expression; errors carry the position of the innermost failing node."""
    handler = _HANDLERS.get(type(node))
    if handler is None:
        raise HclError(f"internal error: cannot evaluate {type(node).__name__}", node.pos)
    try:
        return handler(node, ctx)
    except HclError as err:
        raise err.at(node.pos) from None


def _literal(node: n.Literal, ctx: EvalContext) -> Value:
    return node.value


def _variable(node: n.Variable, ctx: EvalContext) -> Value:
    if node.name not in ctx.variables:
        raise HclError(f'Unknown variable: there is no variable named "{node.name}"')
    return ctx.variables[node.name]


def _anon(node: n.AnonSymbol, ctx: EvalContext) -> Value:
    return ctx.variables["\x00splat"]


def _paren(node: n.Paren, ctx: EvalContext) -> Value:
    return evaluate(node.expr, ctx)


def _template_wrap(node: n.TemplateWrap, ctx: EvalContext) -> Value:
    return evaluate(node.expr, ctx)


def _template(node: n.TemplateExpr, ctx: EvalContext) -> Value:
    return "".join(_template_parts(node.parts, ctx))


def _template_parts(parts: list[n.Node], ctx: EvalContext) -> list[str]:
    out: list[str] = []
    for part in parts:
        if isinstance(part, n.Literal) and isinstance(part.value, str):
            out.append(part.value)
        elif isinstance(part, n.TemplateIf):
            cond = evaluate(part.cond, ctx)
            if cond is None:
                raise HclError(
                    "Invalid template directive: the if condition is null", part.cond.pos
                )
            out.extend(_template_parts(part.then if to_bool(cond) else part.otherwise, ctx))
        elif isinstance(part, n.TemplateFor):
            for key, value in _iterate(evaluate(part.coll, ctx)):
                bound = {part.value_var: value}
                if part.key_var:
                    bound[part.key_var] = key
                out.extend(_template_parts(part.body, ctx.child(bound)))
        else:
            out.append(_interpolate(evaluate(part, ctx), part))
    return out


def _interpolate(v: Value, part: n.Node) -> str:
    if v is None:
        raise HclError(
            "Invalid template interpolation value: the expression result is null; "
            "cannot include a null value in a string template",
            part.pos,
        )
    if isinstance(v, list | dict):
        raise HclError(
            "Invalid template interpolation value: cannot include the given value in a string "
            f"template: string required, but have {type_name(v)}",
            part.pos,
        )
    return to_string(v)


def _iterate(coll: Value) -> list[tuple[Value, Value]]:
    if coll is None:
        raise HclError("Iteration over null value: a null value cannot be used as the collection")
    if isinstance(coll, CtySet):
        return [(x, x) for x in coll]
    if isinstance(coll, list):
        return [(Decimal(i), x) for i, x in enumerate(coll)]
    if isinstance(coll, dict):
        return list(sorted_items(coll))
    raise HclError(
        f"Iteration over non-iterable value: a value of type {type_name(coll)} cannot be iterated"
    )


def _get_attr(node: n.GetAttr, ctx: EvalContext) -> Value:
    return get_attr(evaluate(node.obj, ctx), node.name)


def get_attr(obj: Value, name: str) -> Value:
    if obj is None:
        raise HclError(f'Attempt to get attribute "{name}" from null value')
    if isinstance(obj, CtyMap):
        if name not in obj:
            raise HclError(
                f'Missing map element: this map does not have an element with the key "{name}"'
            )
        return obj[name]
    if isinstance(obj, dict):
        if name not in obj:
            raise HclError(
                f'Unsupported attribute: this object does not have an attribute named "{name}"'
            )
        return obj[name]
    if isinstance(obj, list):
        raise HclError(
            f"Unsupported attribute: can't access attributes on a {type_name(obj)}; did you mean "
            f"to access "
            f'attribute "{name}" for a specific element, or across all elements ([*].{name})?'
        )
    raise HclError(
        f"Unsupported attribute: can't access attributes on a primitive-typed value "
        f"({type_name(obj)})"
    )


def _index(node: n.Index, ctx: EvalContext) -> Value:
    return index_value(evaluate(node.obj, ctx), evaluate(node.key, ctx))


def index_value(obj: Value, key: Value) -> Value:
    if obj is None:
        raise HclError("Attempt to index null value")
    if key is None:
        raise HclError("Invalid index: can't use a null value as an indexing key")
    if isinstance(obj, CtySet):
        raise HclError("Invalid index: elements of a set are identified only by their value")
    if isinstance(obj, list):
        num = to_number(key)
        if num != num.to_integral_value() or not 0 <= num < len(obj):
            raise HclError(
                "Invalid index: the given key does not identify an element in this collection value"
            )
        return obj[int(num)]
    if isinstance(obj, dict):
        skey = to_string(key) if not isinstance(key, list | dict) else None
        if skey is None or skey not in obj:
            raise HclError(
                "Invalid index: the given key does not identify an element in this collection value"
            )
        return obj[skey]
    raise HclError(f"Invalid index: this value ({type_name(obj)}) does not have any indices")


def _splat(node: n.Splat, ctx: EvalContext) -> Value:
    source = evaluate(node.source, ctx)
    if source is None:
        return []
    items = list(source) if isinstance(source, list) else [source]
    result = [evaluate(node.each, ctx.child({"\x00splat": x})) for x in items]
    return CtyList(result) if isinstance(source, CtyList | CtySet) else result


def _call(node: n.FunctionCall, ctx: EvalContext) -> Value:
    fn = ctx.functions.get(node.name)
    if fn is None:
        raise UnsupportedError(
            f'Call to unknown function: there is no function named "{node.name}" '
            "in the supported Terragrunt subset"
        )
    if fn.lazy:
        if node.expand_final:
            raise UnsupportedError(f"Argument expansion '...' is not supported for {node.name}()")
        thunks: list[Thunk] = [_thunk(a, ctx) for a in node.args]
        return _invoke(node.name, fn, thunks)
    args = [evaluate(a, ctx) for a in node.args]
    if node.expand_final:
        last = args.pop()
        if last is None or not isinstance(last, list):
            raise HclError(
                f"Invalid expanding argument value: the expanding argument (indicated by ...) must "
                f"be "
                f"a list, tuple or set, not {type_name(last)}",
                node.args[-1].pos,
            )
        args.extend(last)
    return _invoke(node.name, fn, args)


def _thunk(arg: n.Node, ctx: EvalContext) -> Thunk:
    return lambda: evaluate(arg, ctx)


def _invoke(name: str, fn: Function, args: list[Any]) -> Value:
    try:
        return fn.impl(args)
    except UnsupportedError:
        raise
    except HclError as err:
        if err.pos is not None or err.message.startswith(f"Error in function call {name}()"):
            raise
        raise type(err)(f"Error in function call {name}(): {err.message}") from None


def _conditional(node: n.Conditional, ctx: EvalContext) -> Value:
    results: list[tuple[Value, HclError | None]] = []
    for branch in (node.true_expr, node.false_expr):
        try:
            results.append((evaluate(branch, ctx), None))
        except HclError as err:
            results.append((None, err))
    cond = evaluate(node.cond, ctx)
    if cond is None:
        raise HclError(
            "Null condition: the condition value is null; conditions must be true or false",
            node.cond.pos,
        )
    chosen = 0 if to_bool(cond) else 1
    value, failure = results[chosen]
    if failure is not None:
        raise failure
    other, other_err = results[1 - chosen]
    if other_err is not None or value is None or other is None:
        return value
    target = unify([type_of(value), type_of(other)])
    if target is None:
        raise HclError(
            "Inconsistent conditional result types: the true and false result expressions must "
            "have "
            f"consistent types ({type_name(results[0][0])} vs {type_name(results[1][0])})"
        )
    return convert(value, target)


def _binary(node: n.BinaryOp, ctx: EvalContext) -> Value:
    op = node.op
    if op in ("&&", "||"):
        return _logical(node, ctx)
    left = evaluate(node.left, ctx)
    right = evaluate(node.right, ctx)
    if op in ("==", "!="):
        return values_equal(left, right) == (op == "==")
    a, b = _operand_number(left, node.left), _operand_number(right, node.right)
    return _arith(op, a, b)


def _logical(node: n.BinaryOp, ctx: EvalContext) -> Value:
    """``&&``/``||`` with hcl >= 2.24 short-circuiting in both directions: when one operand
    alone decides the result, errors from the other operand are dropped."""
    deciding = node.op == "||"  # the operand value that decides the result on its own
    results: list[tuple[bool | None, HclError | None]] = []
    for operand in (node.left, node.right):
        try:
            results.append((_operand_bool(evaluate(operand, ctx), operand), None))
        except HclError as err:
            results.append((None, err))
    if any(value is deciding for value, _ in results):
        return deciding
    for _, failure in results:
        if failure is not None:
            raise failure
    return not deciding


def _operand_bool(v: Value, node: n.Node) -> bool:
    if v is None:
        raise HclError(
            "Invalid operand: unsuitable value for logical operator: a bool is required, not null",
            node.pos,
        )
    try:
        return to_bool(v)
    except HclError as err:
        raise err.at(node.pos) from None


def _operand_number(v: Value, node: n.Node) -> Decimal:
    if v is None:
        raise HclError("Invalid operand: a number is required, not null", node.pos)
    try:
        return to_number(v)
    except HclError as err:
        raise err.at(node.pos) from None


def _arith(op: str, a: Decimal, b: Decimal) -> Value:
    comparisons = {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}
    if op in comparisons:
        return comparisons[op]
    with localcontext(NUMBER_CONTEXT) as c:
        c.traps[DivisionByZero] = True
        c.traps[InvalidOperation] = True
        try:
            if op == "+":
                return a + b
            if op == "-":
                return a - b
            if op == "*":
                return a * b
            if op == "/":
                return a / b
            return a % b
        except (DivisionByZero, InvalidOperation):
            raise HclError("Division by zero: can't divide by zero") from None


def _unary(node: n.UnaryOp, ctx: EvalContext) -> Value:
    v = evaluate(node.operand, ctx)
    if node.op == "!":
        return not _operand_bool(v, node.operand)
    return -_operand_number(v, node.operand)


def _tuple(node: n.TupleCons, ctx: EvalContext) -> Value:
    return [evaluate(item, ctx) for item in node.items]


def _object(node: n.ObjectCons, ctx: EvalContext) -> Value:
    out: dict[str, Value] = {}
    for item in node.items:
        out[_object_key(item, ctx)] = evaluate(item.value, ctx)
    return out


def _object_key(item: n.ObjectItem, ctx: EvalContext) -> str:
    if item.bare_key is not None:
        return item.bare_key
    key = evaluate(item.key, ctx)
    if key is None:
        raise HclError("Invalid object key: the key expression produced a null value", item.key.pos)
    if isinstance(key, list | dict):
        raise HclError(
            f"Invalid object key: a string is required, not {type_name(key)}", item.key.pos
        )
    return to_string(key)


def _for(node: n.ForExpr, ctx: EvalContext) -> Value:
    coll = evaluate(node.coll, ctx)
    if node.key_expr is None:
        return [evaluate(node.value_expr, c) for c in _for_scopes(node, coll, ctx)]
    out: dict[str, Value] = {}
    for c in _for_scopes(node, coll, ctx):
        key = evaluate(node.key_expr, c)
        if key is None:
            raise HclError(
                "Invalid object key: key expression result must not be null", node.key_expr.pos
            )
        skey = to_string(key)
        value = evaluate(node.value_expr, c)
        if node.group:
            out.setdefault(skey, []).append(value)
        elif skey in out:
            raise HclError(
                f'Duplicate object key: two different items produced the key "{skey}" in this for '
                "expression; use the ellipsis (...) after the value expression to group values by "
                "key",
                node.key_expr.pos,
            )
        else:
            out[skey] = value
    return out


def _for_scopes(node: n.ForExpr, coll: Value, ctx: EvalContext) -> list[EvalContext]:
    scopes: list[EvalContext] = []
    for key, value in _iterate(coll):
        bound = {node.value_var: value}
        if node.key_var:
            bound[node.key_var] = key
        scope = ctx.child(bound)
        if node.cond is not None:
            cond = evaluate(node.cond, scope)
            if cond is None:
                raise HclError(
                    "Condition is null: the condition value of a for expression must not be null",
                    node.cond.pos,
                )
            if not to_bool(cond):
                continue
        scopes.append(scope)
    return scopes


_HANDLERS: dict[type, Callable[[Any, EvalContext], Value]] = {
    n.Literal: _literal,
    n.Variable: _variable,
    n.AnonSymbol: _anon,
    n.Paren: _paren,
    n.TemplateWrap: _template_wrap,
    n.TemplateExpr: _template,
    n.GetAttr: _get_attr,
    n.Index: _index,
    n.Splat: _splat,
    n.FunctionCall: _call,
    n.Conditional: _conditional,
    n.BinaryOp: _binary,
    n.UnaryOp: _unary,
    n.TupleCons: _tuple,
    n.ObjectCons: _object,
    n.ForExpr: _for,
}

__all__ = ["EvalContext", "Function", "evaluate", "format_number", "get_attr", "index_value"]
