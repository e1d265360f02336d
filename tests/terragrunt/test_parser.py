"""HCL front-end: lexing and parsing of the native syntax subset."""

from __future__ import annotations

from decimal import Decimal

import pytest
from tfharness.terragrunt import nodes as n
from tfharness.terragrunt.errors import HclError
from tfharness.terragrunt.parser import parse_hcl


def attr(src: str, name: str = "x") -> n.Node:
    return parse_hcl(src, "f.hcl").attributes[name].expr


def test_comments_and_blocks() -> None:
    body = parse_hcl(
        '# hash\n// slashes\n/* block\n comment */\nblk "a" b {\n  k = 1 # trailing\n}\none { v = '
        "2 }\nempty {}\n",
        "f.hcl",
    )
    assert [(b.type, b.labels) for b in body.blocks] == [
        ("blk", ["a", "b"]),
        ("one", []),
        ("empty", []),
    ]
    assert isinstance(body.blocks[1].body.attributes["v"].expr, n.Literal)
    assert body.blocks[0].body.attributes["k"].pos.line == 6


def test_crlf_line_endings() -> None:
    body = parse_hcl("a = 1\r\nb = 2\r\n", "f.hcl")
    assert list(body.attributes) == ["a", "b"]


@pytest.mark.parametrize(
    ("src", "value"),
    [
        ("1", Decimal(1)),
        ("1.5", Decimal("1.5")),
        ("1e3", Decimal("1e3")),
        ("12345678901234567890", Decimal("12345678901234567890")),
    ],
)
def test_exact_numbers(src: str, value: Decimal) -> None:
    node = attr(f"x = {src}\n")
    assert isinstance(node, n.Literal)
    assert node.value == value


def test_precedence() -> None:
    node = attr("x = !true && 1 + 2 * 3 >= 7 || false\n")
    assert isinstance(node, n.BinaryOp) and node.op == "||"
    left = node.left
    assert isinstance(left, n.BinaryOp) and left.op == "&&"
    assert isinstance(left.left, n.UnaryOp)
    cmp = left.right
    assert isinstance(cmp, n.BinaryOp) and cmp.op == ">="
    assert isinstance(cmp.left, n.BinaryOp) and cmp.left.op == "+"


def test_legacy_index_and_splats() -> None:
    node = attr("x = a.0.b\n")
    assert isinstance(node, n.GetAttr) and isinstance(node.obj, n.Index) and node.obj.legacy
    splat = attr("x = a[*].b.c\n")
    assert isinstance(splat, n.Splat) and splat.full
    attr_splat = attr("x = a.*.b[0]\n")
    assert isinstance(attr_splat, n.Index) and isinstance(attr_splat.obj, n.Splat)


def test_multiline_collections_and_calls() -> None:
    node = attr(
        'x = merge(\n  {\n    a = 1\n    "b" = 2, (c) = 3\n  },\n  [\n    1,\n    2,\n  ]...\n)\n'
    )
    assert isinstance(node, n.FunctionCall) and node.expand_final
    obj = node.args[0]
    assert isinstance(obj, n.ObjectCons)
    assert [i.bare_key for i in obj.items] == ["a", None, None]


def test_for_expressions() -> None:
    node = attr('x = {for k, v in m : v => k... if k != ""}\n')
    assert (
        isinstance(node, n.ForExpr) and node.group and node.key_var == "k" and node.cond is not None
    )


@pytest.mark.parametrize(
    ("src", "message", "line"),
    [
        ("a = 1\na = 2\n", "Attribute redefined", 2),
        ('x = "abc\n', "Unterminated template string", 1),
        ("x = <<EOF\nabc\n", "Unterminated heredoc", 3),
        ("blk { a = 1\n b = 2 }\n", "single-line block", 1),
        ("x = 1 +\n", "Invalid expression", 1),
        ('x = "\\q"\n', "Invalid escape sequence", 1),
        ("x = a::b(1)\n", "provider-defined", 1),
        ('x = "%{ if true }a"\n', "endif", 1),
        ("x = 1 y = 2\n", "newline is required", 1),
        ("x = @\n", "Invalid character", 1),
    ],
)
def test_syntax_errors_name_file_and_line(src: str, message: str, line: int) -> None:
    with pytest.raises(HclError) as info:
        parse_hcl(src, "bad.hcl")
    assert message in str(info.value)
    assert info.value.pos is not None
    assert info.value.pos.filename == "bad.hcl"
    assert info.value.pos.line == line
