"""Public entry points: evaluate one unit, render it like ``terragrunt render --json``."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from . import gojson, paths
from .config import new_options, parse_config
from .dependency import dependency_config_file
from .errors import ConfigError, UnsupportedError
from .model import ParsedConfig, as_render, plain
from .tgfuncs import OutputsProvider, ParseContext
from .values import Value

UNIT_FILE = "terragrunt.hcl"


@dataclass
class EvaluatedUnit:
    """Everything the driver needs about one evaluated unit."""

    unit_dir: str
    config_path: str
    command: str
    render: dict[str, Value]
    inputs: dict[str, Value]
    terraform_source: str | None
    generate: dict[str, dict[str, Value]]
    remote_state: dict[str, Value] | None
    dependency_outputs: dict[str, Value] = field(default_factory=dict)
    dependency_dirs: dict[str, str] = field(default_factory=dict)
    dependencies: list[str] = field(default_factory=list)


def unit_config_path(unit_dir: str) -> str:
    unit_dir = paths.absolute(unit_dir)
    if paths.is_file(paths.join(unit_dir, "terragrunt.hcl.json")):
        raise UnsupportedError(
            f"{unit_dir}/terragrunt.hcl.json: JSON-syntax units are outside the subset"
        )
    path = paths.join(unit_dir, UNIT_FILE)
    if not paths.is_file(path):
        if paths.is_file(paths.join(unit_dir, "terragrunt.stack.hcl")):
            raise UnsupportedError(
                f"{unit_dir}/terragrunt.stack.hcl: Terragrunt stacks are outside the subset"
            )
        raise ConfigError(f"{unit_dir} does not contain a {UNIT_FILE} file")
    return path


def evaluate_unit(
    unit_dir: str,
    *,
    command: str = "plan",
    outputs_provider: OutputsProvider | None = None,
    env: Mapping[str, str] | None = None,
    aws_account_id: str | None = None,
) -> EvaluatedUnit:
    """Evaluate a unit's terragrunt.hcl with its includes, locals and dependencies.

    ``env`` defaults to the process environment; ``outputs_provider(dep_dir)`` returns real
    outputs of an applied dependency (None/{} → the mock-output rules for ``command``).
    """
    path = unit_config_path(unit_dir)
    options = new_options(
        command=command,
        env=dict(os.environ if env is None else env),
        outputs_provider=outputs_provider,
        aws_account_id=aws_account_id,
    )
    cfg = parse_config(path, ParseContext(path, path, options))
    return _result(cfg, command)


def _result(cfg: ParsedConfig, command: str) -> EvaluatedUnit:
    unit_dir = paths.parent(cfg.path)
    deps = list(cfg.dependency_dirs.values())
    for p in cfg.dependencies or []:
        full = os.path.normpath(paths.join(unit_dir, p))
        if full not in deps:
            deps.append(full)
    source = cfg.terraform.get("source") if cfg.terraform else None
    return EvaluatedUnit(
        unit_dir=unit_dir,
        config_path=cfg.path,
        command=command,
        render=as_render(cfg, with_outputs=False),
        inputs=plain(cfg.inputs or {}),
        terraform_source=source if isinstance(source, str) else None,
        generate=plain(cfg.generate),
        remote_state=plain(cfg.remote_state),
        dependency_outputs=plain(cfg.outputs),
        dependency_dirs=dict(cfg.dependency_dirs),
        dependencies=deps,
    )


def render_unit(
    unit_dir: str,
    *,
    command: str = "plan",
    outputs_provider: OutputsProvider | None = None,
    env: Mapping[str, str] | None = None,
    aws_account_id: str | None = None,
) -> dict[str, Any]:
    """The unit config in the shape of ``terragrunt render --json`` (numbers as exact Decimals)."""
    return evaluate_unit(
        unit_dir,
        command=command,
        outputs_provider=outputs_provider,
        env=env,
        aws_account_id=aws_account_id,
    ).render


def render_json(config: Mapping[str, Any]) -> str:
    """Terragrunt's render byte format.

    Sorted keys, compact, Go float64 numbers, HTML-safe escaping, a trailing newline.
    """
    return gojson.dumps(dict(config), float64=True) + "\n"


__all__ = [
    "EvaluatedUnit",
    "dependency_config_file",
    "evaluate_unit",
    "render_json",
    "render_unit",
    "unit_config_path",
]
