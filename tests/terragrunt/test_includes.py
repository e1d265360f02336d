"""include blocks: merge strategies, precedence, expose, one level only (reference §1.2)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from pathlib import Path

import pytest
from tfharness.terragrunt import ConfigError, HclError, render_unit

Tree = Callable[[Mapping[str, str]], Path]
D = Decimal


def render(unit: Path, **kw: object) -> dict[str, object]:
    return render_unit(str(unit), env={}, **kw)  # type: ignore[arg-type]


def test_precedence_child_over_last_include_over_first(tree: Tree) -> None:
    root = tree(
        {
            "first.hcl": 'inputs = { a = "first", b = "first", c = "first" }\n',
            "second.hcl": 'inputs = { b = "second", c = "second" }\n',
            "unit/terragrunt.hcl": """
                include "first" { path = "../first.hcl" }
                include "second" { path = "../second.hcl" }
                inputs = { c = "child" }
            """,
        }
    )
    assert render(root / "unit")["inputs"] == {"a": "first", "b": "second", "c": "child"}


def test_shallow_merge_replaces_nested_maps_deep_merges_them(tree: Tree) -> None:
    files = {
        "parent.hcl": "inputs = { tags = { a = 1, b = 1 }, list = [1, 2], keep = true }\n",
        "shallow/terragrunt.hcl": """
            include "p" { path = "../parent.hcl" }
            inputs = { tags = { b = 2, c = 2 }, list = [3] }
        """,
        "deep/terragrunt.hcl": """
            include "p" {
              path           = "../parent.hcl"
              merge_strategy = "deep"
            }
            inputs = { tags = { b = 2, c = 2 }, list = [3] }
        """,
        "nomerge/terragrunt.hcl": """
            include "p" {
              path           = "../parent.hcl"
              merge_strategy = "no_merge"
            }
            inputs = { list = [3] }
        """,
    }
    root = tree(files)
    assert render(root / "shallow")["inputs"] == {
        "tags": {"b": D(2), "c": D(2)},
        "list": [D(3)],
        "keep": True,
    }
    assert render(root / "deep")["inputs"] == {
        "tags": {"a": D(1), "b": D(2), "c": D(2)},
        "list": [D(1), D(2), D(3)],
        "keep": True,
    }
    assert render(root / "nomerge")["inputs"] == {"list": [D(3)]}


def test_deep_merge_scalar_null_child_wins_and_kind_mismatch_errors(tree: Tree) -> None:
    root = tree(
        {
            "parent.hcl": 'inputs = { s = "p", n = "p", l = [1] }\n',
            "ok/terragrunt.hcl": """
                include "p" {
                  path           = "../parent.hcl"
                  merge_strategy = "deep"
                }
                inputs = { s = "", n = null }
            """,
            "bad/terragrunt.hcl": """
                include "p" {
                  path           = "../parent.hcl"
                  merge_strategy = "deep"
                }
                inputs = { l = "scalar" }
            """,
        }
    )
    assert render(root / "ok")["inputs"] == {"s": "", "n": None, "l": [D(1)]}
    with pytest.raises(ConfigError, match="cannot append two slices"):
        render(root / "bad")


GENERATE = """
generate "provider" {
  path      = "provider.tf"
  if_exists = "overwrite"
  contents  = "%s"
}
"""


def test_generate_same_name_shallow_is_error_deep_child_wins(tree: Tree) -> None:
    root = tree(
        {
            "parent.hcl": GENERATE % "parent",
            "shallow/terragrunt.hcl": 'include "p" { path = "../parent.hcl" }\n'
            + GENERATE % "child",
            "deep/terragrunt.hcl": (
                'include "p" {\n  path = "../parent.hcl"\n  merge_strategy = "deep"\n}\n'
            )
            + GENERATE % "child",
        }
    )
    with pytest.raises(
        ConfigError, match=r"Detected generate blocks with the same name: \['provider'\]"
    ):
        render(root / "shallow")
    generate = render(root / "deep")["generate"]
    assert isinstance(generate, dict)
    assert generate["provider"]["contents"] == "child"


def test_terraform_block_merge_shallow(tree: Tree) -> None:
    root = tree(
        {
            "parent.hcl": """
                terraform {
                  source = "parent-src"
                  extra_arguments "a" {
                    commands  = ["plan"]
                    arguments = ["-p"]
                  }
                  extra_arguments "b" {
                    commands = ["apply"]
                  }
                  include_in_copy = ["p"]
                }
            """,
            "unit/terragrunt.hcl": """
                include "p" { path = "../parent.hcl" }
                terraform {
                  extra_arguments "a" {
                    commands  = ["plan"]
                    arguments = ["-c"]
                  }
                  include_in_copy = ["c"]
                }
            """,
        }
    )
    tf = render(root / "unit")["terraform"]
    assert isinstance(tf, dict)
    assert tf["source"] == "parent-src"
    assert list(tf["extra_arguments"]) == ["a", "b"]
    assert tf["extra_arguments"]["a"]["arguments"] == ["-c"]
    assert tf["include_in_copy"] == ["p"]  # child's ignored in shallow mode


def test_dependencies_paths_union(tree: Tree) -> None:
    files = {
        "a/terragrunt.hcl": "",
        "b/terragrunt.hcl": "",
        "parent.hcl": 'dependencies { paths = ["../a", "../b"] }\n',
        "shallow/terragrunt.hcl": (
            'include "p" { path = "../parent.hcl" }\n'
            'dependencies { paths = ["../b", "../shallow"] }\n'
        ),
        "deep/terragrunt.hcl": (
            'include "p" {\n'
            '  path = "../parent.hcl"\n'
            '  merge_strategy = "deep"\n'
            "}\n"
            'dependencies { paths = ["../b"] }\n'
        ),
    }
    root = tree(files)
    assert render(root / "shallow")["dependencies"] == {"paths": ["../a", "../b", "../shallow"]}
    assert render(root / "deep")["dependencies"] == {"paths": ["../a", "../b", "../b"]}


def test_exposed_include_has_render_shape(tree: Tree) -> None:
    root = tree(
        {
            "root.hcl": """
                locals { x = "lx" }
                inputs = { y = "iy" }
                remote_state {
                  backend = "s3"
                  config  = { bucket = "b" }
                }
                generate "provider" {
                  path      = "p.tf"
                  if_exists = "overwrite"
                  contents  = "c"
                }
            """,
            "unit/terragrunt.hcl": """
                include "root" {
                  path   = find_in_parent_folders("root.hcl")
                  expose = true
                }
                locals {
                  from_locals = include.root.locals.x
                  keys        = sort(keys(include.root))
                }
                inputs = {
                  y2     = include.root.inputs.y
                  bucket = include.root.remote_state.config.bucket
                  gen    = include.root.generate.provider.contents
                  rs_gen = include.root.remote_state.generate
                }
            """,
        }
    )
    out = render(root / "unit")
    assert out["locals"] == {
        "from_locals": "lx",
        "keys": [
            "dependencies",
            "dependency",
            "download_dir",
            "feature",
            "generate",
            "iam_assume_role_duration",
            "iam_assume_role_session_name",
            "iam_role",
            "iam_web_identity_token",
            "inputs",
            "locals",
            "remote_state",
            "terraform_binary",
            "terraform_version_constraint",
            "terragrunt_version_constraint",
        ],
    }
    assert out["inputs"] == {"y": "iy", "y2": "iy", "bucket": "b", "gen": "c", "rs_gen": None}


def test_not_exposed_include_is_absent(tree: Tree) -> None:
    root = tree(
        {
            "a.hcl": "locals { x = 1 }\n",
            "b.hcl": "locals { y = 2 }\n",
            "unit/terragrunt.hcl": """
                include "a" {
                  path   = "../a.hcl"
                  expose = true
                }
                include "b" { path = "../b.hcl" }
                inputs = { v = include.b.locals.y }
            """,
        }
    )
    with pytest.raises(HclError, match='does not have an attribute named "b"') as info:
        render(root / "unit")
    assert info.value.pos is not None and info.value.pos.line == 6


def test_bare_exposed_include_is_the_include_variable(tree: Tree) -> None:
    root = tree(
        {
            "root.hcl": 'locals { region = "eu-west-1" }\n',
            "unit/terragrunt.hcl": """
                include {
                  path   = find_in_parent_folders("root.hcl")
                  expose = true
                }
                inputs = { region = include.locals.region }
            """,
        }
    )
    assert render(root / "unit")["inputs"] == {"region": "eu-west-1"}


def test_nested_include_is_rejected(tree: Tree) -> None:
    root = tree(
        {
            "grand.hcl": "",
            "parent.hcl": 'include "g" { path = "grand.hcl" }\n',
            "unit/terragrunt.hcl": 'include "p" { path = "../parent.hcl" }\n',
        }
    )
    with pytest.raises(ConfigError, match="Only one level of includes is allowed") as info:
        render(root / "unit")
    assert info.value.pos is not None and info.value.pos.filename.endswith("parent.hcl")


@pytest.mark.parametrize(
    ("include_body", "message"),
    [
        ('path = "../missing.hcl"', "Include configuration not found"),
        ('path = "../p.hcl"\nmerge_strategy = "weird"', "Include merge strategy weird is unknown"),
        ('path = "../p.hcl"\nmerge_strategy = "deep_map_only"', "UNKNOWN_MERGE_STRATEGY"),
        ('merge_strategy = "deep"', "must specify a 'path' parameter"),
        ('path = "../p.hcl"\nexpose = local.x', 'no variable named "local"'),
    ],
)
def test_include_errors(tree: Tree, include_body: str, message: str) -> None:
    root = tree({"p.hcl": "", "unit/terragrunt.hcl": 'include "p" {\n' + include_body + "\n}\n"})
    with pytest.raises(HclError, match=message):
        render(root / "unit")


def test_shallow_dependency_block_replaces_the_parents_whole_block(tree: Tree) -> None:
    root = tree(
        {
            "vpc/terragrunt.hcl": "",
            "parent.hcl": """
                dependency "vpc" {
                  config_path  = "../vpc"
                  mock_outputs = { from_parent = true }
                }
            """,
            "unit/terragrunt.hcl": """
                include "p" { path = "../parent.hcl" }
                dependency "vpc" {
                  config_path  = "../vpc"
                  mock_outputs = { from_child = true }
                }
                inputs = { out = dependency.vpc.outputs }
            """,
        }
    )
    out = render(root / "unit")
    assert out["inputs"] == {"out": {"from_child": True}}
    deps = out["dependency"]
    assert isinstance(deps, dict)
    assert deps["vpc"]["mock_outputs"] == {"from_child": True}
