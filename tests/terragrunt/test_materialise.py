"""Materialising a unit into a plain root module (reference §1.4, §1.5, §1.8, §1.9)."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from tfharness.terragrunt import (
    ConfigError,
    UnsupportedError,
    evaluate_unit,
    materialise,
    split_source,
)
from tfharness.terragrunt.materialise import SIGNATURE, hcl_literal, tf_var_env, tf_var_value
from tfharness.terragrunt.parser import parse_hcl

Tree = Callable[[Mapping[str, str]], Path]


@pytest.mark.parametrize(
    ("source", "root", "subdir"),
    [
        ("../modules//vpc", "../modules", "vpc"),
        ("/abs/repo//modules/vpc", "/abs/repo", "modules/vpc"),
        ("../modules/vpc", "../modules/vpc", ""),
        (
            "git::https://example.com/org/repo.git//modules/vpc?ref=v1",
            "git::https://example.com/org/repo.git?ref=v1",
            "modules/vpc",
        ),
        (
            "tfr:///terraform-aws-modules/vpc/aws?version=5.0.0",
            "tfr:///terraform-aws-modules/vpc/aws?version=5.0.0",
            "",
        ),
        ("github.com/org/repo//sub", "github.com/org/repo", "sub"),
    ],
)
def test_double_slash_source_split(source: str, root: str, subdir: str) -> None:
    assert split_source(source) == (root, subdir)


@pytest.mark.parametrize(
    ("value", "encoded"),
    [
        ("plain ${string}", "plain ${string}"),
        (Decimal(3), "3"),
        (Decimal("0.5"), "0.5"),
        (True, "true"),
        (["a", Decimal(1)], '["a",1]'),
        ({"b": "${x}", "a": "<tag>"}, '{"a":"\\u003ctag\\u003e","b":"$${x}"}'),
    ],
)
def test_tf_var_encoding(value: Any, encoded: str) -> None:
    assert tf_var_value(value) == encoded


def test_tf_var_env_skips_nulls() -> None:
    assert tf_var_env({"a": "x", "n": None}) == {"TF_VAR_a": "x"}


def test_hcl_literal_is_valid_hcl() -> None:
    value = {"k": 'a"b${c}', "n": Decimal("1.5"), "l": [True, None], "m": {"x-y": "z"}}
    body = parse_hcl(f"v = {hcl_literal(value)}\n", "gen.tf")
    assert "v" in body.attributes


def unit_tree(tree: Tree, extra: str = "") -> Path:
    return tree(
        {
            "repo/modules/vpc/main.tf": 'variable "name" {}\n',
            "repo/modules/shared/locals.tf": "locals {}\n",
            "repo/modules/vpc/provider.tf": "# hand written\n",
            "repo/modules/vpc/.terraform/modules/modules.json": "{}\n",
            "repo/modules/vpc/.terraform.lock.hcl": "# lock\n",
            "repo/modules/vpc/examples/.tfh-basic-x/main.tf": "# a harness working copy\n",
            "repo/modules/.git/HEAD": "ref\n",
            "repo/live/vpc/extra.auto.tfvars": 'name = "x"\n',
            "repo/live/vpc/.hidden": "no\n",
            "repo/live/vpc/terragrunt.hcl": """
                terraform { source = "../../modules//vpc" }
                remote_state {
                  backend = "s3"
                  config = {
                    bucket         = "tfstate"
                    key            = "vpc/terraform.tfstate"
                    region         = "us-east-1"
                    encrypt        = true
                    lock_table     = "locks"
                    s3_bucket_tags = { a = "b" }
                    assume_role    = { role_arn = "arn:aws:iam::1:role/x" }
                  }
                  generate = {
                    path      = "backend.tf"
                    if_exists = "overwrite_terragrunt"
                  }
                }
                generate "versions" {
                  path      = "versions.tf"
                  if_exists = "overwrite"
                  contents  = <<EOF
                terraform {
                  required_version = ">= 1.5"
                }
                EOF
                }
                inputs = {
                  name    = "vpc"
                  cidrs   = ["10.0.0.0/16"]
                  nothing = null
                }
            """
            + extra,
        }
    )


def test_materialise_copies_source_and_writes_files(tree: Tree, tmp_path: Path) -> None:
    root = unit_tree(tree)
    unit = evaluate_unit(str(root / "repo/live/vpc"), env={})
    result = materialise(unit, tmp_path / "work")
    wd = result.working_dir
    assert wd == (tmp_path / "work/vpc").resolve()
    assert (tmp_path / "work/shared/locals.tf").is_file()  # whole tree before // is copied
    assert (wd / "extra.auto.tfvars").is_file()
    assert not (wd / ".hidden").exists()
    # Terragrunt's copy filter: hidden paths stay behind at every depth, the lock file comes
    assert not (wd / ".terraform").exists()
    assert not (wd / "examples/.tfh-basic-x").exists()
    assert not (tmp_path / "work/.git").exists()
    assert (wd / ".terraform.lock.hcl").read_text() == "# lock\n"
    versions = (wd / "versions.tf").read_text(encoding="utf-8")
    assert versions == f'# {SIGNATURE}\nterraform {{\n  required_version = ">= 1.5"\n}}\n'
    backend = (wd / "backend.tf").read_text(encoding="utf-8")
    assert backend.startswith(f'# {SIGNATURE}\nterraform {{\n  backend "s3" {{\n')
    assert "s3_bucket_tags" not in backend and "lock_table" not in backend
    assert 'dynamodb_table = "locks"' in backend
    assert 'role_arn = "arn:aws:iam::1:role/x"' in backend
    parse_hcl(backend, "backend.tf")
    assert result.env == {"TF_VAR_name": "vpc", "TF_VAR_cidrs": '["10.0.0.0/16"]'}
    null_vars = json.loads(
        (wd / ".terragrunt-null-vars.auto.tfvars.json").read_text(encoding="utf-8")
    )
    assert null_vars == {"nothing": None}


def test_overwrite_terragrunt_refuses_a_hand_written_file(tree: Tree, tmp_path: Path) -> None:
    extra = """
        generate "provider" {
          path      = "provider.tf"
          if_exists = "overwrite_terragrunt"
          contents  = "x"
        }
    """
    root = unit_tree(tree, extra)
    unit = evaluate_unit(str(root / "repo/live/vpc"), env={})
    with pytest.raises(ConfigError, match="GenerateFileExistsError"):
        materialise(unit, tmp_path / "work")


@pytest.mark.parametrize(
    ("if_exists", "expected"), [("skip", "# hand written\n"), ("overwrite", f"# {SIGNATURE}\nx")]
)
def test_if_exists_skip_and_overwrite(
    tree: Tree, tmp_path: Path, if_exists: str, expected: str
) -> None:
    extra = f"""
        generate "provider" {{
          path      = "provider.tf"
          if_exists = "{if_exists}"
          contents  = "x"
        }}
    """
    root = unit_tree(tree, extra)
    result = materialise(evaluate_unit(str(root / "repo/live/vpc"), env={}), tmp_path / "work")
    assert (result.working_dir / "provider.tf").read_text(encoding="utf-8") == expected


def test_generate_signature_options_and_disable(tree: Tree, tmp_path: Path) -> None:
    extra = """
        generate "a" {
          path              = "a.txt"
          if_exists         = "overwrite"
          contents          = "A"
          disable_signature = true
        }
        generate "b" {
          path           = "b.sh"
          if_exists      = "overwrite"
          contents       = "B"
          comment_prefix = "// "
        }
        generate "c" {
          path      = "c.tf"
          if_exists = "overwrite"
          contents  = "C"
          disable   = true
        }
    """
    root = unit_tree(tree, extra)
    wd = materialise(evaluate_unit(str(root / "repo/live/vpc"), env={}), tmp_path / "w").working_dir
    assert (wd / "a.txt").read_text(encoding="utf-8") == "A"
    assert (wd / "b.sh").read_text(encoding="utf-8") == f"// {SIGNATURE}\nB"
    assert not (wd / "c.tf").exists()


def test_remote_sources_are_refused(tree: Tree, tmp_path: Path) -> None:
    root = tree(
        {"u/terragrunt.hcl": 'terraform { source = "git::https://example.com/r.git//m?ref=v1" }\n'}
    )
    with pytest.raises(UnsupportedError, match="only local sources"):
        materialise(evaluate_unit(str(root / "u"), env={}), tmp_path / "w")


def test_backend_config_without_generate(tree: Tree, tmp_path: Path) -> None:
    root = tree(
        {
            "u/main.tf": "",
            "u/terragrunt.hcl": (
                "remote_state {\n"
                '  backend = "s3"\n'
                '  config = { bucket = "b", skip_bucket_versioning = true }\n'
                "}\n"
            ),
        }
    )
    result = materialise(evaluate_unit(str(root / "u"), env={}), tmp_path / "w")
    assert result.backend_config == {"bucket": "b"}
    assert (result.working_dir / "main.tf").is_file()


def test_missing_subdir_and_non_empty_workdir(tree: Tree, tmp_path: Path) -> None:
    root = tree({"m/x.tf": "", "u/terragrunt.hcl": 'terraform { source = "../m//nope" }\n'})
    unit = evaluate_unit(str(root / "u"), env={})
    with pytest.raises(ConfigError, match="subdirectory 'nope' does not exist"):
        materialise(unit, tmp_path / "w1")
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "f").write_text("x", encoding="utf-8")
    with pytest.raises(ConfigError, match="is not empty"):
        materialise(unit, busy)
