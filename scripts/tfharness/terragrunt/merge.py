"""Include merge strategies (reference §1.2): shallow (``Merge``) and deep (``DeepMerge``).

Every function takes the included (parent) config as ``parent`` and the
accumulated child config as ``child`` and returns a new config; inputs are not
mutated.  Locals are never merged: the caller keeps the unit's own.
"""

from __future__ import annotations

import copy
from dataclasses import replace
from typing import Any

from .errors import ConfigError, Pos
from .model import ParsedConfig
from .values import Value

_NAMED_TERRAFORM_BLOCKS = ("extra_arguments", "before_hook", "after_hook", "error_hook")
_TERRAFORM_SCALARS = ("source", "version", "copy_terraform_lock_file")


def deep_merge_values(parent: Value, child: Value, where: str = "inputs") -> Value:
    """mergo.Merge(WithAppendSlice, WithOverride).

    Maps recurse, lists concatenate (parent ++ child), scalars: the child wins.
    """
    if isinstance(parent, dict) and isinstance(child, dict):
        out = dict(parent)
        for key, value in child.items():
            out[key] = (
                deep_merge_values(parent[key], value, f"{where}.{key}") if key in parent else value
            )
        return out
    if isinstance(parent, list) and isinstance(child, list):
        return [*parent, *child]
    if (
        isinstance(parent, list) != isinstance(child, list)
        and parent is not None
        and child is not None
    ):
        raise ConfigError(f"deep merge of {where}: cannot append two slices with different type")
    return child


def merge_configs(
    parent: ParsedConfig, child: ParsedConfig, strategy: str, pos: Pos | None
) -> ParsedConfig:
    if strategy == "no_merge":
        return child
    if strategy == "shallow":
        return _shallow(parent, child, pos)
    if strategy == "deep":
        return _deep(parent, child)
    raise ConfigError(f"Include merge strategy {strategy} is unknown (UNKNOWN_MERGE_STRATEGY)", pos)


def merge_dependency_blocks(
    parent: dict[str, dict[str, Value]], child: dict[str, dict[str, Value]], strategy: str
) -> dict[str, dict[str, Value]]:
    if strategy == "no_merge":
        return child
    if strategy == "shallow":
        return {**parent, **child}
    out = dict(parent)
    for name, block in child.items():
        out[name] = _deep_dependency(parent[name], block) if name in parent else block
    return out


def _merged_scalars(parent: ParsedConfig, child: ParsedConfig) -> dict[str, Any]:
    strings = {k: child.strings[k] or parent.strings[k] for k in parent.strings}
    return {
        "strings": strings,
        "prevent_destroy": child.prevent_destroy
        if child.prevent_destroy is not None
        else parent.prevent_destroy,
        "iam_assume_role_duration": child.iam_assume_role_duration
        if child.iam_assume_role_duration is not None
        else parent.iam_assume_role_duration,
        "remote_state": child.remote_state
        if child.remote_state is not None
        else parent.remote_state,
        "outputs": {**parent.outputs, **child.outputs},
        "dependency_dirs": {**parent.dependency_dirs, **child.dependency_dirs},
    }


def _shallow(parent: ParsedConfig, child: ParsedConfig, pos: Pos | None) -> ParsedConfig:
    inputs = parent.inputs
    if child.inputs is not None:
        inputs = {**(parent.inputs or {}), **child.inputs}
    duplicates = sorted(set(parent.generate) & set(child.generate))
    if duplicates:
        raise ConfigError(
            f"DuplicatedGenerateBlocksError: Detected generate blocks with the same name: "
            f"{duplicates} "
            '(shallow include merge; use merge_strategy = "deep" to let the child override)',
            pos,
        )
    deps_paths = parent.dependencies
    if child.dependencies is not None:
        base = list(parent.dependencies or [])
        deps_paths = base + [p for p in child.dependencies if p not in base]
    return replace(
        child,
        inputs=inputs,
        terraform=_merge_terraform(parent.terraform, child.terraform, deep=False),
        generate={**parent.generate, **child.generate},
        dependency=merge_dependency_blocks(parent.dependency, child.dependency, "shallow"),
        dependencies=deps_paths,
        **_merged_scalars(parent, child),
    )


def _deep(parent: ParsedConfig, child: ParsedConfig) -> ParsedConfig:
    inputs = parent.inputs
    if child.inputs is not None:
        inputs = deep_merge_values(copy.deepcopy(parent.inputs or {}), child.inputs)
    deps_paths = parent.dependencies
    if child.dependencies is not None:
        deps_paths = [*(parent.dependencies or []), *child.dependencies]
    return replace(
        child,
        inputs=inputs,
        terraform=_merge_terraform(parent.terraform, child.terraform, deep=True),
        generate={**parent.generate, **child.generate},
        dependency=merge_dependency_blocks(parent.dependency, child.dependency, "deep"),
        dependencies=deps_paths,
        **_merged_scalars(parent, child),
    )


def _merge_terraform(
    parent: dict[str, Value] | None, child: dict[str, Value] | None, *, deep: bool
) -> dict[str, Value] | None:
    if parent is None:
        return child
    if child is None:
        return parent
    out = dict(parent)
    for key in _TERRAFORM_SCALARS:
        if child.get(key) is not None:
            out[key] = child[key]
    for key in _NAMED_TERRAFORM_BLOCKS:
        out[key] = {**(parent.get(key) or {}), **(child.get(key) or {})}
    if deep:
        for key in ("include_in_copy", "exclude_from_copy"):
            if child.get(key) is not None or parent.get(key) is not None:
                out[key] = [*(child.get(key) or []), *(parent.get(key) or [])]
    return out


def _deep_dependency(parent: dict[str, Value], child: dict[str, Value]) -> dict[str, Value]:
    out = dict(parent)
    if isinstance(child.get("config_path"), str) and child["config_path"]:
        out["config_path"] = child["config_path"]
    for key in ("enabled", "skip"):
        if child.get(key) is not None:
            out[key] = child[key]
    if child.get("mock_outputs") is not None:
        if parent.get("mock_outputs") is None:
            out["mock_outputs"] = child["mock_outputs"]
        else:
            out["mock_outputs"] = deep_merge_values(
                parent["mock_outputs"], child["mock_outputs"], "mock_outputs"
            )
    allowed_parent = parent.get("mock_outputs_allowed_terraform_commands")
    allowed_child = child.get("mock_outputs_allowed_terraform_commands")
    if allowed_child is not None:
        out["mock_outputs_allowed_terraform_commands"] = [*(allowed_parent or []), *allowed_child]
    return out
