"""Locals, function contexts, dependency/mocks and strict schema (reference §1.3-§1.12)."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from tfharness.terragrunt import ConfigError, HclError, UnsupportedError, evaluate_unit, render_unit
from tfharness.terragrunt.tgfuncs import go_os

from .conftest import git_init

Tree = Callable[[Mapping[str, str]], Path]
D = Decimal


def render(unit: Path, **kw: Any) -> dict[str, Any]:
    kw.setdefault("env", {})
    return render_unit(str(unit), **kw)


# -- locals ------------------------------------------------------------------------------
def test_locals_evaluate_in_dependency_order_not_text_order(tree: Tree) -> None:
    root = tree(
        {
            "u/terragrunt.hcl": """
                locals {
                  c = "${local.b}-c"
                  b = "${local.a}-b"
                  a = "a"
                  n = { x = [local.a] }
                  m = local.n.x[0]
                }
            """
        }
    )
    assert render(root / "u")["locals"] == {
        "c": "a-b-c",
        "b": "a-b",
        "a": "a",
        "n": {"x": ["a"]},
        "m": "a",
    }


def test_locals_cycle_is_an_error(tree: Tree) -> None:
    root = tree({"u/terragrunt.hcl": "locals {\n  a = local.b\n  b = local.a\n}\n"})
    with pytest.raises(ConfigError, match="Could not evaluate all locals in block: a, b"):
        render(root / "u")


@pytest.mark.parametrize(
    ("expr", "message"),
    [
        ("dependency.vpc.outputs.id", '"dependency" is not defined'),
        ("inputs.x", '"inputs" is not defined'),
        ('local["a"]', "can not be determined"),
        ("local.missing", 'no local named "missing"'),
    ],
)
def test_locals_reference_rules(tree: Tree, expr: str, message: str) -> None:
    root = tree({"u/terragrunt.hcl": f"locals {{\n  a = 1\n  b = {expr}\n}}\n"})
    with pytest.raises(ConfigError, match=message) as info:
        render(root / "u")
    assert info.value.pos is not None and info.value.pos.line == 3


def test_unused_failing_local_fails_the_unit(tree: Tree) -> None:
    root = tree({"u/terragrunt.hcl": 'locals {\n  unused = get_env("SURELY_NOT_SET_VAR")\n}\n'})
    with pytest.raises(
        HclError, match="EnvVarNotFoundError: Required environment variable SURELY_NOT_SET_VAR"
    ):
        render(root / "u")


def test_locals_not_inherited_child_to_parent(tree: Tree) -> None:
    root = tree(
        {
            "parent.hcl": "inputs = { v = local.child_only }\n",
            "u/terragrunt.hcl": (
                'include "p" { path = "../parent.hcl" }\nlocals { child_only = 1 }\n'
            ),
        }
    )
    with pytest.raises(HclError, match='does not have an attribute named "child_only"'):
        render(root / "u")


def test_locals_not_inherited_parent_to_child(tree: Tree) -> None:
    root = tree(
        {
            "parent.hcl": "locals { parent_only = 1 }\n",
            "u/terragrunt.hcl": (
                'include "p" { path = "../parent.hcl" }\ninputs = { v = local.parent_only }\n'
            ),
        }
    )
    with pytest.raises(HclError, match='does not have an attribute named "parent_only"'):
        render(root / "u")


def test_rendered_locals_are_the_units_own(tree: Tree) -> None:
    root = tree(
        {
            "parent.hcl": "locals { p = 1 }\ninputs = { from_parent = local.p }\n",
            "u/terragrunt.hcl": 'include "p" { path = "../parent.hcl" }\nlocals { c = 2 }\n',
            "v/terragrunt.hcl": 'include "p" { path = "../parent.hcl" }\n',
        }
    )
    assert render(root / "u")["locals"] == {"c": D(2)}
    assert render(root / "u")["inputs"] == {"from_parent": D(1)}
    assert render(root / "v")["locals"] is None


# -- context of functions --------------------------------------------------------------
def test_path_functions_in_parent_use_the_unit_directory(tree: Tree) -> None:
    root = tree(
        {
            "live/root.hcl": """
                locals {
                  region_file = find_in_parent_folders("region.hcl")
                  region      = read_terragrunt_config(local.region_file).locals.region
                }
                inputs = {
                  tg_dir       = get_terragrunt_dir()
                  original     = get_original_terragrunt_dir()
                  parent_dir   = get_parent_terragrunt_dir()
                  rel_to       = path_relative_to_include()
                  rel_from     = path_relative_from_include()
                  region       = local.region
                  file_content = trimspace(file("data.txt"))
                  file_exists  = fileexists("data.txt")
                }
            """,
            "live/data.txt": "parent data\n",
            "live/prod/region.hcl": 'locals { region = "eu-west-1" }\n',
            "live/prod/vpc/data.txt": "unit data\n",
            "live/prod/vpc/terragrunt.hcl": (
                'include "root" { path = find_in_parent_folders("root.hcl") }\n'
            ),
        }
    )
    unit = root / "live/prod/vpc"
    assert render(unit)["inputs"] == {
        "tg_dir": str(unit),
        "original": str(unit),
        "parent_dir": str(root / "live"),
        "rel_to": "prod/vpc",
        "rel_from": "../..",
        "region": "eu-west-1",
        "file_content": "parent data",
        "file_exists": True,
    }


def test_read_terragrunt_config_context_is_the_read_file(tree: Tree) -> None:
    root = tree(
        {
            "env/common.hcl": """
                locals {
                  dir      = get_terragrunt_dir()
                  original = get_original_terragrunt_dir()
                  rel      = path_relative_to_include()
                }
                inputs = { from_common = true }
            """,
            "env/u/terragrunt.hcl": 'locals { c = read_terragrunt_config("../common.hcl") }\n',
        }
    )
    common = render(root / "env/u")["locals"]["c"]
    assert common["locals"] == {
        "dir": str(root / "env"),
        "original": str(root / "env/u"),
        "rel": ".",
    }
    assert common["inputs"] == {"from_common": True}
    assert render(root / "env/u")["locals"]["c"]["dependency"] == {}


def test_read_terragrunt_config_default_and_missing(tree: Tree) -> None:
    root = tree(
        {
            "ok/terragrunt.hcl": (
                'locals { c = read_terragrunt_config("nope.hcl", { fallback = true }) }\n'
            ),
            "bad/terragrunt.hcl": 'locals { c = read_terragrunt_config("nope.hcl") }\n',
        }
    )
    assert render(root / "ok")["locals"] == {"c": {"fallback": True}}
    with pytest.raises(HclError, match=r"does not contain a terragrunt.hcl") as info:
        render(root / "bad")
    assert info.value.pos is not None and info.value.pos.line == 1


def test_find_in_parent_folders_rules(tree: Tree) -> None:
    root = tree(
        {
            "terragrunt.hcl": "",
            "a/common/foo.txt": "x",
            "a/b/u/marker.hcl": "",
            "a/b/u/terragrunt.hcl": """
                locals {
                  nested   = find_in_parent_folders("common/foo.txt")
                  root     = find_in_parent_folders("terragrunt.hcl")
                  noarg    = find_in_parent_folders()
                  fallback = find_in_parent_folders("marker.hcl", "none")
                }
            """,
        }
    )
    assert render(root / "a/b/u")["locals"] == {
        "nested": str(root / "a/common/foo.txt"),
        "root": str(root / "terragrunt.hcl"),
        "noarg": str(root / "terragrunt.hcl"),
        "fallback": "none",  # the unit's own directory is not searched
    }


def test_find_in_parent_folders_error(tree: Tree) -> None:
    root = tree(
        {"u/terragrunt.hcl": 'locals { x = find_in_parent_folders("no-such-file-anywhere.hcl") }\n'}
    )
    with pytest.raises(
        HclError, match=r"Could not find a no-such-file-anywhere.hcl in any of the parent folders"
    ):
        render(root / "u")


def test_path_functions_need_a_label_with_two_includes(tree: Tree) -> None:
    root = tree(
        {
            "a.hcl": "",
            "x/b.hcl": "",
            "x/u/terragrunt.hcl": """
                include "a" { path = "../../a.hcl" }
                include "b" { path = "../b.hcl" }
                locals {
                  to_a   = path_relative_to_include("a")
                  from_b = path_relative_from_include("b")
                  dir_b  = get_parent_terragrunt_dir("b")
                }
            """,
            "x/v/terragrunt.hcl": """
                include "a" { path = "../../a.hcl" }
                include "b" { path = "../b.hcl" }
                locals { bad = path_relative_to_include() }
            """,
        }
    )
    assert render(root / "x/u")["locals"] == {
        "to_a": "x/u",
        "from_b": "..",
        "dir_b": str(root / "x"),
    }
    with pytest.raises(HclError, match="Expected 1 params for function path_relative_to_include"):
        render(root / "x/v")


def test_repo_root_functions_and_source(tmp_path: Path, tree: Tree) -> None:
    root = tree(
        {
            "modules/vpc/main.tf": "",
            "live/dev/vpc/terragrunt.hcl": """
                terraform { source = "${get_repo_root()}/modules//vpc" }
                inputs = {
                  to   = get_path_to_repo_root()
                  from = get_path_from_repo_root()
                }
            """,
        }
    )
    git_init(root)
    out = render(root / "live/dev/vpc")
    real_root = os.path.realpath(root)
    assert out["terraform"]["source"] == f"{real_root}/modules//vpc"
    assert out["inputs"] == {
        "to": os.path.relpath(real_root, root / "live/dev/vpc"),
        "from": "live/dev/vpc",
    }


def test_env_command_platform_and_account_id(tree: Tree) -> None:
    root = tree(
        {
            "u/terragrunt.hcl": """
                inputs = {
                  env     = get_env("MY_VAR")
                  dflt    = get_env("UNSET_VAR", "d")
                  empty   = get_env("EMPTY_VAR", "d")
                  cmd     = get_terraform_command()
                  plat    = get_platform()
                  account = get_aws_account_id()
                  safe    = try(get_aws_account_id(), "000000000000")
                }
            """,
            "v/terragrunt.hcl": 'inputs = { safe = try(get_aws_account_id(), "000000000000") }\n',
        }
    )
    out = render(
        root / "u",
        env={"MY_VAR": "v", "EMPTY_VAR": ""},
        command="apply",
        aws_account_id="123456789012",
    )
    assert out["inputs"] == {
        "env": "v",
        "dflt": "d",
        "empty": "",
        "cmd": "apply",
        "plat": go_os(),
        "account": "123456789012",
        "safe": "123456789012",
    }
    with pytest.raises(HclError, match="get_aws_account_id"):
        render(root / "u", env={"MY_VAR": "v"})
    assert render(root / "v")["inputs"] == {"safe": "000000000000"}


# -- dependency / mocks ------------------------------------------------------------------------
DEP_UNIT = """
dependency "vpc" {
  config_path = "../vpc"
  %s
}
inputs = { vpc_id = %s }
"""


def dep_tree(tree: Tree, block: str, ref: str = "dependency.vpc.outputs.vpc_id") -> Path:
    return tree({"vpc/terragrunt.hcl": "", "app/terragrunt.hcl": DEP_UNIT % (block, ref)})


MOCKS = (
    'mock_outputs = { vpc_id = "vpc-mock" }\n'
    '  mock_outputs_allowed_terraform_commands = ["validate", "plan"]'
)


@pytest.mark.parametrize(
    ("command", "ok"), [("plan", True), ("validate", True), ("apply", False), ("render", True)]
)
def test_mocks_only_for_allowed_commands(tree: Tree, command: str, ok: bool) -> None:
    root = dep_tree(tree, MOCKS)
    if ok:
        assert render(root / "app", command=command)["inputs"] == {"vpc_id": "vpc-mock"}
    else:
        with pytest.raises(
            ConfigError, match=r"is a dependency of .* but detected no outputs"
        ) as info:
            render(root / "app", command=command)
        assert '"apply" is not in mock_outputs_allowed_terraform_commands' in str(info.value)


def test_mocks_without_allowed_list_are_allowed_for_any_command(tree: Tree) -> None:
    root = dep_tree(tree, 'mock_outputs = { vpc_id = "m" }')
    assert render(root / "app", command="apply")["inputs"] == {"vpc_id": "m"}


def test_no_mocks_and_no_outputs_is_an_error(tree: Tree) -> None:
    root = dep_tree(tree, "")
    with pytest.raises(
        ConfigError, match=r"detected no outputs. Either the target module has not been applied yet"
    ) as info:
        render(root / "app")
    assert info.value.pos is not None and info.value.pos.line == 1


def test_outputs_provider_real_outputs_win(tree: Tree) -> None:
    root = dep_tree(tree, MOCKS)
    seen: list[str] = []

    def provider(dep_dir: str) -> dict[str, Any]:
        seen.append(dep_dir)
        return {"vpc_id": "vpc-real", "count": 3}

    unit = evaluate_unit(str(root / "app"), command="apply", outputs_provider=provider, env={})
    assert unit.inputs == {"vpc_id": "vpc-real"}
    assert unit.dependency_outputs == {"vpc": {"vpc_id": "vpc-real", "count": D(3)}}
    assert seen == [str(root / "vpc")]  # asked once per evaluation
    assert unit.render["dependency"]["vpc"]["outputs"] is None


def test_empty_provider_result_falls_back_to_mocks(tree: Tree) -> None:
    root = dep_tree(tree, MOCKS)
    assert render(root / "app", outputs_provider=lambda d: {})["inputs"] == {"vpc_id": "vpc-mock"}


def test_mock_merge_with_state_shallow(tree: Tree) -> None:
    block = (
        'mock_outputs = { vpc_id = "m", extra = "e" }\n'
        '  mock_outputs_merge_strategy_with_state = "shallow"'
    )
    root = dep_tree(tree, block, "dependency.vpc.outputs")
    out = render(root / "app", outputs_provider=lambda d: {"vpc_id": "real"})
    assert out["inputs"] == {"vpc_id": {"vpc_id": "real", "extra": "e"}}


def test_skip_outputs_without_mocks_has_no_outputs_attribute(tree: Tree) -> None:
    root = dep_tree(tree, "skip_outputs = true")
    with pytest.raises(HclError, match='does not have an attribute named "outputs"'):
        render(root / "app")
    root2 = dep_tree(tree, "skip_outputs = true\n  " + MOCKS)
    assert render(root2 / "app")["inputs"] == {"vpc_id": "vpc-mock"}


def test_missing_dependency_config_fails_even_with_mocks(tree: Tree) -> None:
    root = tree({"app/terragrunt.hcl": DEP_UNIT.replace("../vpc", "../nowhere") % (MOCKS, '"x"')})
    with pytest.raises(ConfigError, match="nowhere does not exist"):
        render(root / "app")


@pytest.mark.parametrize("config_path", ['""', "null", "1 == 1"])
def test_invalid_config_path(tree: Tree, config_path: str) -> None:
    root = tree({"app/terragrunt.hcl": f'dependency "vpc" {{\n  config_path = {config_path}\n}}\n'})
    with pytest.raises(ConfigError, match='dependency "vpc" has invalid config_path'):
        render(root / "app")


def test_disabled_dependency_uses_mocks_and_is_not_a_dependency(tree: Tree) -> None:
    root = tree(
        {
            "app/terragrunt.hcl": DEP_UNIT.replace("../vpc", "../gone")
            % ("enabled = false\n  " + MOCKS, "dependency.vpc.outputs.vpc_id")
        }
    )
    unit = evaluate_unit(str(root / "app"), command="apply", env={})
    assert unit.inputs == {"vpc_id": "vpc-mock"}
    assert unit.dependencies == []


def test_dependency_render_shape_and_parent_blocks_merge(tree: Tree) -> None:
    root = tree(
        {
            "vpc/terragrunt.hcl": "",
            "common.hcl": """
                dependency "vpc" {
                  config_path = "../vpc"
                  mock_outputs = { vpc_id = "from-parent", nested = { a = 1 } }
                  mock_outputs_allowed_terraform_commands = ["plan"]
                }
            """,
            "app/terragrunt.hcl": """
                include "c" {
                  path           = "../common.hcl"
                  merge_strategy = "deep"
                }
                dependency "vpc" {
                  config_path  = "../vpc"
                  mock_outputs = { nested = { b = 2 } }
                  mock_outputs_allowed_terraform_commands = ["validate"]
                }
                inputs = { out = dependency.vpc.outputs }
            """,
            "shallow/terragrunt.hcl": """
                include "c" { path = "../common.hcl" }
                inputs = { id = dependency.vpc.outputs.vpc_id }
            """,
        }
    )
    out = render(root / "app")
    assert out["dependency"] == {
        "vpc": {
            "config_path": "../vpc",
            "enabled": None,
            "inputs": None,
            "mock_outputs": {"vpc_id": "from-parent", "nested": {"a": D(1), "b": D(2)}},
            "mock_outputs_allowed_terraform_commands": ["plan", "validate"],
            "mock_outputs_merge_strategy_with_state": None,
            "mock_outputs_merge_with_state": None,
            "name": "vpc",
            "outputs": None,
            "skip": None,
        }
    }
    assert out["inputs"] == {"out": {"vpc_id": "from-parent", "nested": {"a": D(1), "b": D(2)}}}
    # a dependency declared only in a shallow parent is usable in the child
    assert render(root / "shallow")["inputs"] == {"id": "from-parent"}


def test_dependency_inputs_is_a_hard_error(tree: Tree) -> None:
    root = dep_tree(tree, MOCKS, "dependency.vpc.inputs.x")
    with pytest.raises(
        ConfigError, match="Reading inputs from dependencies is no longer supported"
    ):
        render(root / "app")


def test_dependencies_paths_must_exist(tree: Tree) -> None:
    root = tree({"u/terragrunt.hcl": 'dependencies {\n  paths = ["../missing"]\n}\n'})
    with pytest.raises(
        ConfigError,
        match=r"Found paths in the 'dependencies' block that do not exist: \[\.\./missing \(",
    ) as info:
        render(root / "u")
    assert info.value.pos is not None and info.value.pos.line == 1


# -- strict schema / out of subset --------------------------------------------------------------
@pytest.mark.parametrize(
    ("src", "message", "line"),
    [
        ("skip = true\n", 'argument named "skip"', 1),
        ("inputs = {}\nunknown_attr = 1\n", 'argument named "unknown_attr"', 2),
        ('feature "f" {\n  default = 1\n}\n', "feature flags are outside", 1),
        ("exclude {\n}\n", "exclude blocks", 1),
        ("something {\n}\n", 'blocks of type "something"', 1),
        ('terraform {\n  sauce = "x"\n}\n', 'argument named "sauce"', 2),
        ('locals {\n  x = run_cmd("echo", "hi")\n}\n', 'no function named "run_cmd"', 2),
        (
            'generate "g" {\n  path = "a"\n  contents = "b"\n}\n',
            'missing required attribute "if_exists"',
            1,
        ),
        (
            'generate "g" {\n  path = "a"\n  contents = "b"\n  if_exists = "sometimes"\n}\n',
            "invalid if_exists",
            1,
        ),
        ("remote_state {\n  config = {}\n}\n", '"backend" is required', 1),
        ("locals {\n}\nlocals {\n}\n", "Multiple locals blocks", 3),
        ('dependency "a" {\n  config_path = "../x"\n  bogus = 1\n}\n', 'argument named "bogus"', 3),
        ("terraform {\n  source = dependency.x.outputs.y\n}\n", "cannot reference dependency", 2),
    ],
)
def test_out_of_subset_and_schema_errors_name_file_and_line(
    tree: Tree, src: str, message: str, line: int
) -> None:
    root = tree({"u/terragrunt.hcl": src})
    with pytest.raises(HclError, match=message) as info:
        render(root / "u")
    assert info.value.pos is not None
    assert info.value.pos.filename == str(root / "u/terragrunt.hcl")
    assert info.value.pos.line == line
    assert f"terragrunt.hcl:{line}:" in str(info.value)


def test_stack_files_are_out_of_subset(tree: Tree) -> None:
    root = tree({"s/terragrunt.stack.hcl": 'unit "a" {\n}\n'})
    with pytest.raises(UnsupportedError, match="stacks are outside the subset"):
        render(root / "s")


def test_unit_without_config(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"does not contain a terragrunt.hcl"):
        render(tmp_path)


def test_terragrunt_string_functions_and_command_lists(tree: Tree) -> None:
    root = tree(
        {
            "u/terragrunt.hcl": """
                inputs = {
                  s = startswith("terragrunt", "terra")
                  e = endswith("terragrunt", "grunt")
                  c = strcontains("terragrunt", "rag")
                  n = startswith("a", "b")
                  v = get_terraform_commands_that_need_vars()
                }
            """,
            "bad/terragrunt.hcl": 'inputs = { s = startswith("a") }\n',
        }
    )
    assert render(root / "u")["inputs"] == {
        "s": True,
        "e": True,
        "c": True,
        "n": False,
        "v": ["apply", "console", "destroy", "import", "plan", "push", "refresh"],
    }
    with pytest.raises(HclError, match=r"startswith\(\) expects exactly 2 arguments"):
        render(root / "bad")
