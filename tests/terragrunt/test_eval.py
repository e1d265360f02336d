"""HCL/cty semantics of the evaluator (reference §1.13)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from tfharness.terragrunt.errors import HclError, UnsupportedError
from tfharness.terragrunt.values import CtyList, CtyMap, CtySet

from .conftest import ev

D = Decimal


def test_heredoc_keeps_final_newline() -> None:
    assert ev('<<EOF\nprovider "aws" {\n  region = "us-east-1"\n}\nEOF\n') == (
        'provider "aws" {\n  region = "us-east-1"\n}\n'
    )


def test_heredoc_blank_last_line_and_marker_inside_text() -> None:
    assert ev("<<EOF\nline1\n\nEOF\n") == "line1\n\n"
    assert ev("<<EOF\nfoo EOF bar\nEOF\n") == "foo EOF bar\n"


def test_flush_heredoc_trims_minimum_indent() -> None:
    assert ev("<<-EOT\n    hello\n      indented\n    EOT\n") == "hello\n  indented\n"


def test_flush_heredoc_ignores_blank_lines_and_stops_at_interpolation() -> None:
    assert ev("<<-EOT\n    a\n\n    b\n  EOT\n") == "a\n\nb\n"
    assert ev('<<-EOT\n${"x"}\n    b\nEOT\n') == "x\n    b\n"


def test_heredoc_interpolation_and_no_backslash_escapes() -> None:
    assert ev("<<EOF\n${1 + 1} \\n $${x} %%{y}\nEOF\n") == "2 \\n ${x} %{y}\n"


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        ('"${1}"', D(1)),
        ('"${true}"', True),
        ('"${[1, 2]}"', [D(1), D(2)]),
        ('"${null}"', None),
        ('"a${1}"', "a1"),
        ('"${0.5}/${8080}"', "0.5/8080"),
        ('"${1e3}"', D("1e3")),
        ('"x${1e3}"', "x1000"),
        ('"$${literal} %%{also}"', "${literal} %{also}"),
        ('"\\u00e9\\t\\"q\\"\\\\"', 'é\t"q"\\'),
    ],
)
def test_template_pass_through_and_stringification(src: str, expected: Any) -> None:
    assert ev(src) == expected


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        ('"%{if true}yes%{else}no%{endif}"', "yes"),
        ('"%{ for x in [1, 2] }<${x}>%{ endfor }"', "<1><2>"),
        ('"%{ for k, v in {b = 2, a = 1} }${k}=${v};%{ endfor }"', "a=1;b=2;"),
        ('"a  %{~ if true ~}  b  %{~ endif ~}  c"', "abc"),
        ('"  ${~ "x" ~}  "', "x"),
    ],
)
def test_template_directives_and_strip_markers(src: str, expected: str) -> None:
    assert ev(src) == expected


@pytest.mark.parametrize(
    ("src", "message"),
    [
        ('"a${null}"', "null value"),
        ('"a${[1]}"', "string required"),
        ("1 / 0", "Division by zero"),
        ("true && 1", "bool is required"),
        ('"a" + 1', "cannot be converted to a number"),
        ("null.x", "null value"),
        ("{a = 1}.b", 'does not have an attribute named "b"'),
        ("[1][5]", "does not identify an element"),
        ("nosuchfn(1)", "no function named"),
        ("undefined_var", 'no variable named "undefined_var"'),
        ('true ? "a" : ["b"]', "Inconsistent conditional result types"),
        ("{for x in [1, 1] : x => x}", "Duplicate object key"),
    ],
)
def test_evaluation_errors(src: str, message: str) -> None:
    with pytest.raises(HclError) as info:
        ev(src)
    assert message in str(info.value)
    assert info.value.pos is not None and info.value.pos.line == 1


def test_unknown_function_is_out_of_subset() -> None:
    with pytest.raises(UnsupportedError, match="run_cmd"):
        ev('run_cmd("echo")')


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        ('1 == "1"', False),
        ("1 == 1.0", True),
        ('"a" != "b"', True),
        ("[1] == [1]", True),
        ("{a = 1} == {a = 1}", True),
        ("null == null", True),
        ('null == "x"', False),
        ('"2" + 3', D(5)),
        ("7 % 3", D(1)),
        ("-7 % 3", D(-1)),
        ("1 / 4", D("0.25")),
        ("2 * 3 - 1", D(5)),
        ("!false", True),
        ("- 5", D(-5)),
        ('"true" && true', True),
        ("3 >= 3 && 2 < 1", False),
    ],
)
def test_operators(src: str, expected: Any) -> None:
    assert ev(src) == expected


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        ('true ? "x" : 1', "x"),
        ('false ? "x" : 1', "1"),
        ('false ? true : "a"', "a"),
        ('true ? null : "a"', None),
        ("true ? {a = 1} : {}", {"a": D(1)}),
        ("true ? 1 : undefined_thing", D(1)),
    ],
)
def test_conditional_unification(src: str, expected: Any) -> None:
    assert ev(src) == expected


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        ("v != null && v.x", False),
        ("false && undefined_var", False),
        ("undefined_var && false", False),
        ("true || {a = 1}.b", True),
        ("{a = 1}.b || true", True),
    ],
)
def test_logical_operators_short_circuit_like_hcl_2_24(src: str, expected: bool) -> None:
    assert ev(src, {"v": None}) is expected


def test_logical_operators_report_errors_when_not_decided() -> None:
    with pytest.raises(HclError, match="undefined_var"):
        ev("true && undefined_var")
    with pytest.raises(HclError, match="bool is required"):
        ev('false || "x"')


def test_conditional_object_branches_unify_to_map() -> None:
    result = ev("true ? {a = 1} : {b = 2}")
    assert isinstance(result, CtyMap)
    assert result == {"a": D(1)}


def test_traversals_splats_and_for() -> None:
    data = {"items": [{"id": D(1), "tags": ["a"]}, {"id": D(2), "tags": ["b"]}]}
    assert ev("v.items[*].id", {"v": data}) == [D(1), D(2)]
    assert ev("v.items.*.id", {"v": data}) == [D(1), D(2)]
    assert ev("v.items[1].tags[0]", {"v": data}) == "b"
    assert ev("v.items.0.id", {"v": data}) == D(1)
    assert ev('v["items"][0]["id"]', {"v": data}) == D(1)
    assert ev("null[*]") == []
    assert ev('"solo"[*]') == ["solo"]
    assert ev('[for i, x in ["a", "b"] : "${i}${x}"]') == ["0a", "1b"]
    assert ev("{for k, v in {b = 1, a = 2} : v => k}") == {"1": "b", "2": "a"}
    assert ev('{for s in ["a", "b", "a"] : s => s...}') == {"a": ["a", "a"], "b": ["b"]}
    assert ev("[for x in [1, 2, 3] : x * 2 if x != 2]") == [D(2), D(6)]


def test_tuple_vs_list_and_object_vs_map() -> None:
    assert type(ev("[1, 2]")) is list
    assert isinstance(ev("tolist([1, 2])"), CtyList)
    assert isinstance(ev('toset(["b", "a", "b"])'), CtySet)
    assert ev('toset(["b", "a", "b"])') == ["a", "b"]
    assert type(ev("{a = 1}")) is dict
    assert isinstance(ev("tomap({a = 1})"), CtyMap)
    assert ev('tolist([1, "a"])') == ["1", "a"]
    assert isinstance(ev("merge(tomap({a = 1}), tomap({b = 2}))"), CtyMap)
    assert type(ev("merge({a = 1}, tomap({b = 2}))")) is dict


def test_function_argument_expansion() -> None:
    assert ev("merge([{a = 1}, {b = 2}]...)") == {"a": D(1), "b": D(2)}
    assert ev('join("-", ["a"], ["b", "c"])') == "a-b-c"
    assert ev("max([3, 9, 1]...)") == D(9)


def test_try_and_can_catch_evaluation_errors_only() -> None:
    assert ev('try(nope.x, "fallback")') == "fallback"
    assert ev("try({a = 1}.b, {a = 1}.a)") == D(1)
    assert ev("can({a = 1}.b)") is False
    assert ev("can(1 + 1)") is True
    with pytest.raises(UnsupportedError):
        ev('try(run_cmd("x"), 1)')


_SPEC_VARS = {"bar": "Bar", "space_bar": "  Bar"}


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        ("<<EOT\n    Foo\n    Bar\n  EOT\n", "    Foo\n    Bar\n"),
        ("<<EOT\n    Foo\n    ${bar}\n  EOT\n", "    Foo\n    Bar\n"),
        ("<<EOT\n    NOT EOT\n  EOT\n", "    NOT EOT\n"),
        ("<<-EOT\n    Foo\n  Bar\n    Baz\n  EOT\n", "  Foo\nBar\n  Baz\n"),
        ("<<-EOT\n    Foo\n      ${bar}\n    Baz\n  EOT\n", "Foo\n  Bar\nBaz\n"),
        ("<<-EOT\n    Foo\n  ${space_bar}\n    Baz\n  EOT\n", "  Foo\n  Bar\n  Baz\n"),
        ("<<-EOT\n\tFoo\n  Bar\n  EOT\n", "Foo\n Bar\n"),
        ("<<-EOT\n\u2003\u2003Foo\n  Bar\n  EOT\n", "Foo\nBar\n"),
        ("<<-EOT\n    Foo\n\n    Bar\n  EOT\n", "Foo\n\nBar\n"),
    ],
)
def test_heredoc_cases_from_the_hcl_spec(src: str, expected: str) -> None:
    assert ev(src, _SPEC_VARS) == expected


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        ("2 + 3.5", D("5.5")),
        (
            "3.14159265358979323846264338327950288419716939937510582097494459 + 1",
            D("4.14159265358979323846264338327950288419716939937510582097494459"),
        ),
        ("2 - 3.5", D("-1.5")),
        ("1 / 10", D("0.1")),
        ("11 % 5.1", D("0.8")),
        ('"true" == true', False),
        ('"an\u0303o"', "a\u00f1o"),
    ],
)
def test_operator_and_literal_cases_from_the_hcl_spec(src: str, expected: object) -> None:
    assert ev(src) == expected
