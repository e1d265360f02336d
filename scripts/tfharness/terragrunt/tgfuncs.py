"""Terragrunt's own HCL functions, each with the evaluation context of the reference §1.12.

The context (:class:`ParseContext`) says which config is being parsed
(``config_path``: the unit's file in unit *and* included-parent context, the read
file in ``read_terragrunt_config`` context), which unit is being run
(``original_config_path``), and which include is being evaluated.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from . import paths
from .errors import ConfigError, HclError, UnsupportedError
from .evaluator import Function
from .functions import arity, make_builtins
from .values import CtyList, Value, to_string

log = logging.getLogger(__name__)

MAX_FOLDERS_TO_CHECK = 100
DEFAULT_CONFIG_NAMES = ("terragrunt.hcl.json", "terragrunt.hcl")

OutputsProvider = Callable[[str], "Mapping[str, Any] | None"]


@dataclass(frozen=True)
class IncludeInfo:
    """A decoded ``include`` block: label ("" for a bare include), absolute path, options."""

    label: str
    path: str
    expose: bool
    merge_strategy: str
    pos: Any = None


@dataclass
class Options:
    """Per-run settings and caches shared by every parse of one unit evaluation."""

    command: str
    env: Mapping[str, str]
    outputs_provider: OutputsProvider | None = None
    aws_account_id: str | None = None
    read_config: Callable[[str, ParseContext], Value] | None = None
    read_cache: dict[str, Value] = field(default_factory=dict)
    repo_roots: dict[str, str] = field(default_factory=dict)
    outputs_cache: dict[str, Any] = field(default_factory=dict)
    reading: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ParseContext:
    config_path: str
    original_config_path: str
    options: Options
    include: IncludeInfo | None = None  # set while parsing an included parent
    unit_includes: tuple[IncludeInfo, ...] = ()
    dependency_value: dict[str, Value] | None = (
        None  # the unit's resolved `dependency` (parent context)
    )

    @property
    def config_dir(self) -> str:
        return paths.parent(self.config_path)

    def with_(self, **changes: Any) -> ParseContext:
        return replace(self, **changes)


def _str_arg(name: str, v: Value) -> str:
    if v is None:
        raise HclError(f"Invalid function argument: {name}() argument must not be null")
    return to_string(v)


def find_in_parent_folders(ctx: ParseContext, args: list[Any]) -> Value:
    if len(args) > 2:
        raise HclError(
            f"Expected 0, 1, or 2 params for function find_in_parent_folders, but got {len(args)}"
        )
    name = _str_arg("find_in_parent_folders", args[0]) if args else ""
    names = DEFAULT_CONFIG_NAMES if name in ("", "terragrunt.hcl") else (name,)
    if name in ("", "terragrunt.hcl"):
        log.debug(
            "find_in_parent_folders(%r): root terragrunt.hcl lookup (Terragrunt warns: "
            "root-terragrunt-hcl)",
            name,
        )
    current = ctx.config_dir
    for _ in range(MAX_FOLDERS_TO_CHECK):
        parent = paths.parent(current)
        if parent == current:
            break
        current = parent
        for candidate in names:
            path = paths.join(current, candidate)
            if paths.exists(path):
                return path
    if len(args) == 2:
        return args[1]
    shown = name or "terragrunt.hcl"
    raise HclError(
        f"ParentFileNotFoundError: Could not find a {shown} in any of the parent folders of "
        f"{ctx.config_path}. Cause: Traversed all the way to the root."
    )


def read_terragrunt_config(ctx: ParseContext, args: list[Any]) -> Value:
    arity("read_terragrunt_config", args, 1, 2)
    path = _str_arg("read_terragrunt_config", args[0])
    full = paths.resolve(ctx.config_dir, path)
    if paths.is_dir(full):
        full = _default_config_in(full)
    if paths.basename(full) in ("terragrunt.stack.hcl", "terragrunt.values.hcl"):
        raise UnsupportedError(
            f"read_terragrunt_config({path!r}): Terragrunt stack files are outside the subset"
        )
    if not paths.is_file(full):
        if len(args) == 2:
            return args[1]
        raise HclError(
            f"read_terragrunt_config({path!r}): You attempted to run terragrunt in a folder that "
            f"does not "
            f"contain a terragrunt.hcl file ({full} does not exist)"
        )
    reader = ctx.options.read_config
    assert reader is not None
    return reader(full, ctx)


def _default_config_in(directory: str) -> str:
    for candidate in DEFAULT_CONFIG_NAMES:
        path = paths.join(directory, candidate)
        if paths.is_file(path):
            return path
    return paths.join(directory, "terragrunt.hcl")


def _select_include(ctx: ParseContext, fn: str, args: list[Any]) -> IncludeInfo | None:
    """The include a path_relative_*/get_parent_* call refers to (None: no include)."""
    if len(args) > 1:
        raise HclError(f"Expected 0 or 1 params for function {fn}, but got {len(args)}")
    if ctx.include is not None:
        return ctx.include
    includes = ctx.unit_includes
    if not includes:
        return None
    if not args:
        if len(includes) == 1:
            return includes[0]
        raise HclError(
            f"Expected 1 params for function {fn}, but got 0: the config has {len(includes)} "
            f"include "
            "blocks, so the include label must be given"
        )
    label = _str_arg(fn, args[0])
    for inc in includes:
        if inc.label == label:
            return inc
    raise HclError(f"There is no include block in the current config with the label '{label}'")


def path_relative_to_include(ctx: ParseContext, args: list[Any]) -> Value:
    inc = _select_include(ctx, "path_relative_to_include", args)
    if inc is None:
        return "."
    return os.path.relpath(ctx.config_dir, paths.parent(inc.path))


def path_relative_from_include(ctx: ParseContext, args: list[Any]) -> Value:
    inc = _select_include(ctx, "path_relative_from_include", args)
    if inc is None:
        return "."
    return os.path.relpath(paths.parent(inc.path), ctx.config_dir)


def get_parent_terragrunt_dir(ctx: ParseContext, args: list[Any]) -> Value:
    inc = _select_include(ctx, "get_parent_terragrunt_dir", args)
    if inc is None:
        return ctx.config_dir
    return paths.parent(inc.path)


def repo_root(ctx: ParseContext) -> str:
    start = paths.parent(ctx.original_config_path)
    cache = ctx.options.repo_roots
    if start not in cache:
        try:
            proc = subprocess.run(
                ["git", "rev-parse", "--show-toplevel"],
                cwd=start,
                capture_output=True,
                text=True,
                check=False,
            )
        except OSError as err:
            raise HclError(f"get_repo_root(): could not run git: {err}") from None
        if proc.returncode != 0:
            raise HclError(
                f"get_repo_root(): {start} is not inside a git repository: {proc.stderr.strip()}"
            )
        cache[start] = proc.stdout.strip()
    return cache[start]


def get_env(ctx: ParseContext, args: list[Any]) -> Value:
    if not 1 <= len(args) <= 2:
        raise HclError(f"InvalidGetEnvParamsError: get_env expects 1 or 2 params, got {len(args)}")
    name = _str_arg("get_env", args[0])
    if not name:
        raise HclError(
            "InvalidEnvParamNameError: get_env: the environment variable name must not be empty"
        )
    if name in ctx.options.env:
        return ctx.options.env[name]
    if len(args) == 2:
        return args[1]
    raise HclError(f"EnvVarNotFoundError: Required environment variable {name} - not found")


def get_aws_account_id(ctx: ParseContext, args: list[Any]) -> Value:
    arity("get_aws_account_id", args, 0)
    if ctx.options.aws_account_id is None:
        raise HclError(
            "get_aws_account_id(): cannot call STS GetCallerIdentity offline; pass aws_account_id "
            "to the "
            'evaluator or wrap the call in try(get_aws_account_id(), "<default>")'
        )
    return ctx.options.aws_account_id


def go_os() -> str:
    """Go's GOOS for this machine (what get_platform() returns)."""
    if sys.platform.startswith("linux"):
        return "linux"
    if sys.platform == "darwin":
        return "darwin"
    if sys.platform.startswith("win"):
        return "windows"
    return sys.platform


def _two_strings(name: str, op: Callable[[str, str], bool]) -> Callable[[list[Any]], Value]:
    def impl(args: list[Any]) -> Value:
        if len(args) != 2:
            raise HclError(f"{name}() expects exactly 2 arguments, got {len(args)}")
        return op(_str_arg(name, args[0]), _str_arg(name, args[1]))

    return impl


_COMMAND_LISTS = {
    "get_terraform_commands_that_need_vars": [
        "apply",
        "console",
        "destroy",
        "import",
        "plan",
        "push",
        "refresh",
    ],
    "get_terraform_commands_that_need_locking": [
        "apply",
        "destroy",
        "import",
        "plan",
        "refresh",
        "taint",
        "untaint",
    ],
    "get_terraform_commands_that_need_input": ["apply", "import", "init", "plan", "refresh"],
    "get_terraform_commands_that_need_parallelism": ["apply", "plan", "destroy"],
}


def terragrunt_functions(ctx: ParseContext) -> dict[str, Function]:
    """Terragrunt's functions bound to one parsing context."""

    def bound(fn: Callable[[ParseContext, list[Any]], Value]) -> Function:
        return Function(lambda args: fn(ctx, args))

    def nullary(name: str, value: Callable[[], Value]) -> Function:
        def impl(args: list[Any]) -> Value:
            arity(name, args, 0)
            return value()

        return Function(impl)

    unit_dir = paths.parent(ctx.original_config_path)
    table: dict[str, Function] = {
        "find_in_parent_folders": bound(find_in_parent_folders),
        "read_terragrunt_config": bound(read_terragrunt_config),
        "path_relative_to_include": bound(path_relative_to_include),
        "path_relative_from_include": bound(path_relative_from_include),
        "get_parent_terragrunt_dir": bound(get_parent_terragrunt_dir),
        "get_env": bound(get_env),
        "get_aws_account_id": bound(get_aws_account_id),
        "get_terragrunt_dir": nullary("get_terragrunt_dir", lambda: ctx.config_dir),
        "get_original_terragrunt_dir": nullary("get_original_terragrunt_dir", lambda: unit_dir),
        "get_repo_root": nullary("get_repo_root", lambda: repo_root(ctx)),
        "get_path_to_repo_root": nullary(
            "get_path_to_repo_root", lambda: os.path.relpath(repo_root(ctx), unit_dir)
        ),
        "get_path_from_repo_root": nullary(
            "get_path_from_repo_root", lambda: os.path.relpath(unit_dir, repo_root(ctx))
        ),
        "get_terraform_command": nullary("get_terraform_command", lambda: ctx.options.command),
        "get_platform": nullary("get_platform", go_os),
        "startswith": Function(_two_strings("startswith", str.startswith)),
        "endswith": Function(_two_strings("endswith", str.endswith)),
        "strcontains": Function(_two_strings("strcontains", lambda s, sub: sub in s)),
    }
    for name, values in _COMMAND_LISTS.items():
        table[name] = nullary(name, lambda values=values: CtyList(values))  # type: ignore[misc]
    return table


def function_table(ctx: ParseContext, file_path: str) -> dict[str, Function]:
    """Built-ins (``file()`` relative to ``file_path``'s dir) plus Terragrunt's functions."""
    cwd = paths.parent(ctx.original_config_path)
    table = make_builtins(paths.parent(file_path), cwd, ctx.options.env)
    table.update(terragrunt_functions(ctx))
    return table


__all__ = [
    "ConfigError",
    "IncludeInfo",
    "Options",
    "OutputsProvider",
    "ParseContext",
    "function_table",
]
