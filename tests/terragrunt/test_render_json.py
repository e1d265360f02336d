"""render --json byte format (reference §3)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from pathlib import Path

import pytest
from tfharness.terragrunt import render_json, render_unit
from tfharness.terragrunt.gojson import format_float64, quote

Tree = Callable[[Mapping[str, str]], Path]

EMPTY = (
    '{"dependencies":null,"dependency":{},"download_dir":"","feature":{},"generate":{},'
    '"iam_assume_role_duration":null,"iam_assume_role_session_name":"","iam_role":"",'
    '"iam_web_identity_token":"","inputs":null,"locals":null,"terraform_binary":"",'
    '"terraform_version_constraint":"","terragrunt_version_constraint":""}\n'
)


def test_empty_unit_renders_exactly(tree: Tree) -> None:
    root = tree({"u/terragrunt.hcl": ""})
    assert render_json(render_unit(str(root / "u"), env={})) == EMPTY


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1.0, "1"),
        (0.5, "0.5"),
        (100.0, "100"),
        (1e20, "100000000000000000000"),
        (1e21, "1e+21"),
        (1e-6, "0.000001"),
        (1e-7, "1e-7"),
        (1.5e-7, "1.5e-7"),
        (-2.25, "-2.25"),
        (12345678901234567890.0, "12345678901234567000"),
        (1e100, "1e+100"),
        (0.1 + 0.2, "0.30000000000000004"),
    ],
)
def test_go_float64_formatting(value: float, text: str) -> None:
    assert format_float64(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("<a & b>", '"\\u003ca \\u0026 b\\u003e"'),
        ("line\nbreak\ttab\r", '"line\\nbreak\\ttab\\r"'),
        ('q"\\', '"q\\"\\\\"'),
        ("\x01\x1f\b\f", '"\\u0001\\u001f\\b\\f"'),
        ("\u2028\u2029", '"\\u2028\\u2029"'),
        ("é ü 日本", '"é ü 日本"'),
        ("\x7f", '"\x7f"'),
    ],
)
def test_go_html_safe_string_escaping(value: str, text: str) -> None:
    assert quote(value) == text


def test_render_json_sorts_keys_at_every_level_and_is_compact() -> None:
    config = {"b": {"z": 1, "a": [Decimal("1.50"), None, True]}, "a": "x"}
    assert render_json(config) == '{"a":"x","b":{"a":[1.5,null,true],"z":1}}\n'


def test_big_numbers_lose_precision_like_terragrunt(tree: Tree) -> None:
    root = tree(
        {"u/terragrunt.hcl": "inputs = {\n  big = 12345678901234567890\n  f = 1e3\n  r = 1/3\n}\n"}
    )
    out = render_json(render_unit(str(root / "u"), env={}))
    assert '"inputs":{"big":12345678901234567000,"f":1000,"r":0.3333333333333333}' in out


def test_render_of_full_unit_has_generate_remote_state_and_terraform_shapes(tree: Tree) -> None:
    root = tree(
        {
            "u/terragrunt.hcl": """
                terraform {
                  source = "../modules//x"
                  before_hook "h" {
                    commands = ["plan"]
                    execute  = ["echo", "hi"]
                  }
                }
                remote_state {
                  backend = "s3"
                  config = {
                    bucket         = "b"
                    s3_bucket_tags = { owner = "me" }
                  }
                  generate = {
                    path      = "backend.tf"
                    if_exists = "overwrite_terragrunt"
                  }
                }
                generate "provider" {
                  path      = "provider.tf"
                  if_exists = "overwrite_terragrunt"
                  contents  = "x"
                }
                prevent_destroy = true
            """
        }
    )
    out = render_unit(str(root / "u"), env={})
    assert out["terraform"] == {
        "after_hook": {},
        "before_hook": {
            "h": {
                "name": "h",
                "commands": ["plan"],
                "execute": ["echo", "hi"],
                "working_dir": None,
                "run_on_error": None,
                "if": None,
                "suppress_stdout": None,
            }
        },
        "copy_terraform_lock_file": None,
        "error_hook": {},
        "exclude_from_copy": None,
        "extra_arguments": {},
        "include_in_copy": None,
        "source": "../modules//x",
    }
    assert out["remote_state"] == {
        "backend": "s3",
        "config": {"bucket": "b", "s3_bucket_tags": {"owner": "me"}},
        "disable_dependency_optimization": False,
        "disable_init": False,
        "encryption": None,
        "generate": {"if_exists": "overwrite_terragrunt", "path": "backend.tf"},
    }
    assert out["generate"] == {
        "provider": {
            "comment_prefix": "# ",
            "contents": "x",
            "disable": False,
            "disable_signature": False,
            "hcl_fmt": None,
            "if_disabled": "skip",
            "if_exists": "overwrite_terragrunt",
            "mutable": None,
            "path": "provider.tf",
        }
    }
    assert out["prevent_destroy"] is True
    text = render_json(out)
    assert text.endswith("}\n") and "\n" not in text[:-1] and ": " not in text
