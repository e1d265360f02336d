"""``dependency`` output resolution (reference §1.6), with an injectable outputs provider."""

from __future__ import annotations

from typing import Any

from . import nodes as n
from . import paths
from .errors import ConfigError, Pos
from .model import ABSENT
from .tgfuncs import DEFAULT_CONFIG_NAMES, ParseContext
from .values import Value, from_python


def dependency_config_file(config_dir: str, config_path: str) -> str:
    """The config file a ``config_path`` names (a directory gets terragrunt.hcl appended)."""
    full = paths.resolve(config_dir, config_path)
    if paths.is_dir(full):
        for candidate in DEFAULT_CONFIG_NAMES:
            if paths.is_file(paths.join(full, candidate)):
                return paths.join(full, candidate)
        return paths.join(full, "terragrunt.hcl")
    return full


def commands_allow_mocks(allowed: list[str] | None, command: str) -> bool:
    return not allowed or command in allowed


def _deep_map_merge(mock: Value, real: Value) -> Value:
    if isinstance(mock, dict) and isinstance(real, dict):
        out = dict(mock)
        for k, v in real.items():
            out[k] = _deep_map_merge(mock[k], v) if k in mock else v
        return out
    return real


def _with_state(block: dict[str, Value], real: dict[str, Value], mocks: Value) -> Value:
    strategy = block.get("mock_outputs_merge_strategy_with_state")
    if strategy is None:
        strategy = "shallow" if block.get("mock_outputs_merge_with_state") else "no_merge"
    if strategy == "shallow" and isinstance(mocks, dict):
        return {**mocks, **real}
    if strategy == "deep_map_only":
        return _deep_map_merge(mocks, real)
    return real


def fetch_outputs(ctx: ParseContext, dep_dir: str) -> dict[str, Any]:
    """Real outputs of an applied dependency from the provider (once per evaluation)."""
    cache = ctx.options.outputs_cache
    if dep_dir not in cache:
        provider = ctx.options.outputs_provider
        raw = provider(dep_dir) if provider is not None else None
        cache[dep_dir] = from_python(dict(raw)) if raw else {}
    result: dict[str, Any] = cache[dep_dir]
    return result


def resolve_one(name: str, block: dict[str, Value], ctx: ParseContext) -> tuple[Value, str | None]:
    """(outputs or ABSENT, dependency unit dir or None when disabled)."""
    pos: Pos | None = block.get("_pos")
    mocks = block.get("mock_outputs")
    if block.get("enabled") is False:
        return mocks, None
    config_path = block.get("config_path")
    if not isinstance(config_path, str) or not config_path:
        raise ConfigError(f'dependency "{name}" has invalid config_path', pos)
    target = dependency_config_file(ctx.config_dir, config_path)
    dep_dir = paths.parent(target)
    command = ctx.options.command
    allowed = commands_allow_mocks(block.get("mock_outputs_allowed_terraform_commands"), command)
    mock_ok = (mocks is not None and allowed) or command == "render"
    if block.get("skip"):
        return (mocks if mock_ok else ABSENT), dep_dir
    if not paths.is_file(target):
        raise ConfigError(f'dependency "{name}": {target} does not exist', pos)
    real = fetch_outputs(ctx, dep_dir)
    if real:
        if mocks is not None and allowed:
            return _with_state(block, real, mocks), dep_dir
        return real, dep_dir
    if mock_ok:
        return mocks, dep_dir
    raise ConfigError(_no_outputs_message(dep_dir, ctx.config_path, name, mocks, command), pos)


def _no_outputs_message(dep_dir: str, unit: str, name: str, mocks: Value, command: str) -> str:
    msg = (
        f"{dep_dir} is a dependency of {unit} but detected no outputs. Either the target module "
        f"has not "
        "been applied yet, or the module has no outputs. If this is expected, set the skip_outputs "
        "flag "
        "to true on the dependency block."
    )
    if mocks is None:
        return msg + f' (dependency "{name}" has no mock_outputs)'
    return msg + (
        f' (dependency "{name}" has mock_outputs, but the command "{command}" is not in '
        "mock_outputs_allowed_terraform_commands)"
    )


def resolve_dependencies(
    blocks: dict[str, dict[str, Value]], ctx: ParseContext, body: n.Body
) -> tuple[dict[str, Value], dict[str, Value], dict[str, str]]:
    """The ``dependency`` variable, the outputs per block and each dependency's unit dir."""
    del body
    variable: dict[str, Value] = {}
    outputs: dict[str, Value] = {}
    dirs: dict[str, str] = {}
    for name, block in blocks.items():
        value, dep_dir = resolve_one(name, block, ctx)
        if dep_dir is not None:
            dirs[name] = dep_dir
        if value is ABSENT:
            variable[name] = {}
        else:
            variable[name] = {"outputs": value}
            outputs[name] = value
    return variable, outputs, dirs
