"""Terraform built-in functions (reference §1.11)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from tfharness.terragrunt.errors import HclError

from .conftest import ev

D = Decimal


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        ("merge({a = 1, b = 2}, null, {b = 3})", {"a": D(1), "b": D(3)}),
        ('lookup({a = "x"}, "a")', "x"),
        ('lookup({a = "x"}, "b", "dflt")', "dflt"),
        ("concat([1], [2, 3])", [D(1), D(2), D(3)]),
        ("flatten([[1, [2]], [], 3])", [D(1), D(2), D(3)]),
        ('coalesce("", null, "b")', "b"),
        ('coalesce(1, "2")', "1"),
        ('compact(["a", "", null, "b"])', ["a", "b"]),
        ("distinct([1, 2, 1, 3])", [D(1), D(2), D(3)]),
        ('contains(["a", "b"], "b")', True),
        ('contains([1], "1")', False),
        ('element(["a", "b"], 3)', "b"),
        ("keys({b = 1, a = 2})", ["a", "b"]),
        ("values({b = 1, a = 2})", [D(2), D(1)]),
        ('length("héllo")', D(5)),
        ("length({a = 1})", D(1)),
        ('join(", ", [1, true, "x"])', "1, true, x"),
        ('split(",", "a,b,,c")', ["a", "b", "", "c"]),
        ('replace("a-b-c", "-", "_")', "a_b_c"),
        ('replace("abc123", "/([a-z]+)(\\\\d+)/", "$2$1")', "123abc"),
        ('format("%s-%03d-%.2f-%v-%t-%%", "a", 7, 1.5, 2, true)', "a-007-1.50-2-true-%"),
        ('format("%-4s|%4s", "ab", "cd")', "ab  |  cd"),
        ('format("%q", "x\\"y")', '"x\\"y"'),
        ('formatlist("%s=%s", ["a", "b"], "v")', ["a=v", "b=v"]),
        ('lower("ABC")', "abc"),
        ('upper("abc")', "ABC"),
        ('title("hello world-wide")', "Hello World-Wide"),
        ('trimspace("  a b \\n")', "a b"),
        ('trimprefix("prefix-x", "prefix-")', "x"),
        ('trimsuffix("x.tf", ".tf")', "x"),
        ('trim("?!hello?!", "!?")', "hello"),
        ('substr("hello world", 1, 4)', "ello"),
        ('substr("hello", -3, -1)', "llo"),
        ('regex("[a-z]+", "123abc456")', "abc"),
        ('regex("(\\\\d+)-(\\\\d+)", "10-20")', ["10", "20"]),
        ('regex("(?P<y>\\\\d{4})-(?P<m>\\\\d{2})", "2024-05")', {"y": "2024", "m": "05"}),
        ('regexall("\\\\d", "a1b2")', ["1", "2"]),
        (
            'jsonencode({b = [1, 2.5, true, null], a = "<x>"})',
            '{"a":"\\u003cx\\u003e","b":[1,2.5,true,null]}',
        ),
        ('jsondecode("{\\"a\\": [1, 2.50, \\"x\\"]}")', {"a": [D(1), D("2.50"), "x"]}),
        ('yamlencode({b = [1, "x"], a = {c = true}})', '"a":\n  "c": true\n"b":\n- 1\n- "x"\n'),
        ('yamldecode("a: 1\\nb: [x, y]\\n")', {"a": D(1), "b": ["x", "y"]}),
        ('basename("/a/b/c.txt")', "c.txt"),
        ('dirname("/a/b/c.txt")', "/a/b"),
        ('dirname("foo")', "."),
        ('pathexpand("~/x")', "/home/u/x"),
        ("tostring(1.50)", "1.5"),
        ('tonumber("42")', D(42)),
        ('tobool("true")', True),
        ('zipmap(["a", "b"], [1, 2])', {"a": D(1), "b": D(2)}),
        ("range(3)", [D(0), D(1), D(2)]),
        ("range(1, 10, 4)", [D(1), D(5), D(9)]),
        ("range(3, 0)", [D(3), D(2), D(1)]),
        ('sort(["b", "a", "c"])', ["a", "b", "c"]),
        ("reverse([1, 2])", [D(2), D(1)]),
        ("sum([1, 2.5])", D("3.5")),
        ("min(3, 1, 2)", D(1)),
        ("max(3, 1, 2)", D(3)),
        ('setunion(["a"], ["b", "a"])', ["a", "b"]),
        ('setintersection(["a", "b"], ["b"])', ["b"]),
        ('setsubtract(["a", "b"], ["b"])', ["a"]),
        ('cidrsubnet("10.0.0.0/16", 8, 2)', "10.0.2.0/24"),
        ('cidrsubnet("10.1.2.3/16", 4, 15)', "10.1.240.0/20"),
        ('cidrhost("10.0.1.0/24", 5)', "10.0.1.5"),
        ('cidrhost("10.0.1.0/24", -2)', "10.0.1.254"),
        ('cidrnetmask("10.0.0.0/12")', "255.240.0.0"),
        (
            'cidrsubnets("10.1.0.0/16", 4, 4, 8, 4)',
            ["10.1.0.0/20", "10.1.16.0/20", "10.1.32.0/24", "10.1.48.0/20"],
        ),
        ('base64encode("hello")', "aGVsbG8="),
        ('base64decode("aGVsbG8=")', "hello"),
        ('sha1("abc")', "a9993e364706816aba3e25717850c26c9cd0d89d"),
        ('sha256("abc")', "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ('md5("abc")', "900150983cd24fb0d6963f7d28e17f72"),
        ("abs(-3)", D(3)),
        ("ceil(1.2)", D(2)),
        ("floor(1.8)", D(1)),
        ('chomp("x\\n\\n")', "x"),
        ('indent(2, "a\\nb")', "a\n  b"),
        ('index(["a", "b"], "b")', D(1)),
        ("one([])", None),
        ("slice([1, 2, 3], 1, 3)", [D(2), D(3)]),
        ('alltrue([true, "true"])', True),
        ("anytrue([false])", False),
        ('strrev("abc")', "cba"),
        ('urlencode("a b&c")', "a%20b%26c"),
        ('parseint("ff", 16)', D(255)),
        ("chunklist([1, 2, 3], 2)", [[D(1), D(2)], [D(3)]]),
        ('transpose({a = ["1", "2"], b = ["2"]})', {"1": ["a"], "2": ["a", "b"]}),
    ],
)
def test_builtin(src: str, expected: Any) -> None:
    assert ev(src) == expected


@pytest.mark.parametrize(
    ("src", "message"),
    [
        ('lookup({}, "k")', "failed to find key"),
        ('regex("x", "abc")', "did not match"),
        ("element([], 0)", "empty list"),
        ('cidrsubnet("10.0.0.0/30", 8, 0)', "insufficient address space"),
        ('cidrhost("10.0.0.0/30", 9)', "does not accommodate a host"),
        ('tonumber("x")', "cannot be converted"),
        ('list("a")', "deprecated"),
        ('format("%d", 1.5)', "whole number"),
        ('coalesce(null, "")', "no non-null"),
        ('zipmap(["a"], [])', "must match"),
        ('file("does-not-exist.txt")', "no file exists"),
        ('join(",", [null])', "must not be null"),
    ],
)
def test_builtin_errors(src: str, message: str) -> None:
    with pytest.raises(HclError, match=message):
        ev(src)


def test_file_functions_are_relative_to_base_dir(tmp_path: Path) -> None:
    (tmp_path / "t.txt").write_text(
        "hi ${name}\n%{ for x in xs }${x},%{ endfor }\n", encoding="utf-8"
    )
    base = str(tmp_path)
    assert ev('file("t.txt")', base_dir=base) == "hi ${name}\n%{ for x in xs }${x},%{ endfor }\n"
    assert ev('fileexists("t.txt")', base_dir=base) is True
    assert ev('fileexists("nope.txt")', base_dir=base) is False
    assert (
        ev('templatefile("t.txt", {name = "bob", xs = [1, 2]})', base_dir=base) == "hi bob\n1,2,\n"
    )
    assert ev('abspath("a/../b")', base_dir=base) == f"{base}/b"
