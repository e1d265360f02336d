"""The parsed form of one Terragrunt config file and its render-JSON shape (reference §3)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .values import Value

STRING_FIELDS = (
    "download_dir",
    "iam_assume_role_session_name",
    "iam_role",
    "iam_web_identity_token",
    "terraform_binary",
    "terraform_version_constraint",
    "terragrunt_version_constraint",
)

ABSENT: Any = object()  # marks `dependency.x.outputs` as not set (skip_outputs without mocks)


@dataclass
class ParsedConfig:
    """A Terragrunt config with every attribute evaluated, blocks in render-JSON shape."""

    path: str
    locals: dict[str, Value] | None = None
    inputs: dict[str, Value] | None = None
    terraform: dict[str, Value] | None = None
    remote_state: dict[str, Value] | None = None
    generate: dict[str, dict[str, Value]] = field(default_factory=dict)
    dependency: dict[str, dict[str, Value]] = field(default_factory=dict)
    dependencies: list[str] | None = None
    prevent_destroy: bool | None = None
    strings: dict[str, str] = field(default_factory=lambda: dict.fromkeys(STRING_FIELDS, ""))
    iam_assume_role_duration: Decimal | None = None
    # Resolved `dependency.<name>.outputs` (key missing: no outputs attribute) and target dirs.
    outputs: dict[str, Value] = field(default_factory=dict)
    dependency_dirs: dict[str, str] = field(default_factory=dict)


def plain(v: Value) -> Value:
    """Strip cty list/map/set subclasses: plain JSON-like Python data."""
    if isinstance(v, dict):
        return {k: plain(x) for k, x in v.items()}
    if isinstance(v, list):
        return [plain(x) for x in v]
    return v


def as_render(cfg: ParsedConfig, *, with_outputs: bool) -> dict[str, Value]:
    """The object ``terragrunt render --json`` prints (numbers still exact Decimals).

    ``with_outputs`` fills ``dependency.<name>.outputs`` as ``read_terragrunt_config`` does;
    the unit's own render and exposed includes have ``outputs: null``.
    """
    deps: dict[str, Value] = {}
    for name, block in cfg.dependency.items():
        shaped = {k: v for k, v in block.items() if not k.startswith("_")}
        if with_outputs and cfg.outputs.get(name, ABSENT) is not ABSENT:
            shaped["outputs"] = cfg.outputs[name]
        deps[name] = shaped
    out: dict[str, Value] = {
        "dependencies": None if cfg.dependencies is None else {"paths": list(cfg.dependencies)},
        "dependency": deps,
        "feature": {},
        "generate": {k: dict(v) for k, v in cfg.generate.items()},
        "iam_assume_role_duration": cfg.iam_assume_role_duration,
        "inputs": cfg.inputs,
        "locals": cfg.locals or None,
        **cfg.strings,
    }
    if cfg.terraform is not None:
        out["terraform"] = cfg.terraform
    if cfg.remote_state is not None:
        out["remote_state"] = cfg.remote_state
    if cfg.prevent_destroy is not None:
        out["prevent_destroy"] = cfg.prevent_destroy
    return {k: plain(v) for k, v in out.items()}
