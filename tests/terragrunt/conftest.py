"""Helpers for the Terragrunt-evaluator tests: fixture trees and one-expression evaluation."""

from __future__ import annotations

import subprocess
import textwrap
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
from tfharness.terragrunt.evaluator import EvalContext, evaluate
from tfharness.terragrunt.functions import make_builtins
from tfharness.terragrunt.parser import parse_hcl

FIXTURES = Path(__file__).parent / "fixtures"


def write_tree(root: Path, files: Mapping[str, str]) -> Path:
    """Write ``{relative path: text}`` under ``root`` (text is dedented)."""
    for rel, text in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


def git_init(root: Path) -> Path:
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    return root


def ev(src: str, variables: dict[str, Any] | None = None, base_dir: str = "/") -> Any:
    """Evaluate one HCL expression with the Terraform built-ins."""
    body = parse_hcl(f"x = {src}\n", "test.hcl")
    ctx = EvalContext(dict(variables or {}), make_builtins(base_dir, base_dir, {"HOME": "/home/u"}))
    return evaluate(body.attributes["x"].expr, ctx)


@pytest.fixture
def tree(tmp_path: Path) -> Callable[[Mapping[str, str]], Path]:
    def make(files: Mapping[str, str]) -> Path:
        return write_tree(tmp_path, files)

    return make
