"""Parsing one Terragrunt config file: the pipeline of reference §1.1.

1. includes (functions only) → 2. exposed includes → 3. locals (fixpoint) →
4. dependency blocks, merged with the includes' blocks, outputs resolved →
5. everything else → 6. included configs parsed in the unit's context and merged
(child > last include > … > first); the result keeps this file's own locals.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from . import nodes as n
from . import paths
from .dependency import dependency_config_file, resolve_dependencies
from .errors import ConfigError, HclError, Pos, UnsupportedError
from .evaluator import EvalContext, evaluate
from .merge import merge_configs, merge_dependency_blocks
from .model import ParsedConfig, as_render
from .parser import parse_hcl
from .tgfuncs import IncludeInfo, Options, ParseContext, function_table
from .values import (
    BOOL,
    DYNAMIC,
    NUMBER,
    STRING,
    Type,
    Value,
    convert,
    list_of,
    map_of,
    type_name,
)

MERGE_STRATEGIES = ("no_merge", "shallow", "deep", "deep_map_only")
_TOP_STRING_ATTRS = (
    "iam_role",
    "iam_assume_role_session_name",
    "iam_web_identity_token",
    "terraform_binary",
    "terraform_version_constraint",
    "terragrunt_version_constraint",
    "download_dir",
)
_TOP_ATTRS = {
    *_TOP_STRING_ATTRS,
    "inputs",
    "prevent_destroy",
    "iam_assume_role_duration",
    "remote_state",
    "generate",
}
_TOP_BLOCKS = {
    "include": 1,
    "locals": 0,
    "dependency": 1,
    "dependencies": 0,
    "terraform": 0,
    "remote_state": 0,
    "generate": 1,
}
_SINGLETON_BLOCKS = ("locals", "dependencies", "terraform", "remote_state")
_OUT_OF_SUBSET_BLOCKS = {
    "feature": "feature flags",
    "exclude": "exclude blocks",
    "errors": "errors (retry/ignore) blocks",
    "engine": "IaC engine blocks",
    "catalog": "catalog blocks",
    "unit": "stack unit blocks (terragrunt.stack.hcl)",
    "stack": "stack blocks (terragrunt.stack.hcl)",
}

_ast_cache: dict[tuple[str, int, int], n.Body] = {}


def load_body(path: str) -> n.Body:
    """Parse a file (cached by path and modification time)."""
    if path.endswith(".json"):
        raise UnsupportedError(
            f"JSON-syntax Terragrunt configs ({paths.basename(path)}) are outside the subset",
            Pos(path, 1, 1),
        )
    try:
        key = (path, *paths.signature(path))
        if key not in _ast_cache:
            _ast_cache[key] = parse_hcl(paths.read_text(path), path)
        return _ast_cache[key]
    except OSError as err:
        raise ConfigError(f"cannot read Terragrunt config {path}: {err.strerror}") from None


# -- schema helpers -------------------------------------------------------------------
@dataclass(frozen=True)
class Field:
    type: Type
    required: bool = False


def check_schema(
    body: n.Body, what: str, attrs: dict[str, Field], blocks: tuple[str, ...] = ()
) -> None:
    for name, attr in body.attributes.items():
        if name not in attrs:
            raise UnsupportedError(
                f'Unsupported argument: an argument named "{name}" is not expected in {what}',
                attr.pos,
            )
    for block in body.blocks:
        if block.type not in blocks:
            raise UnsupportedError(
                f'Unsupported block type: blocks of type "{block.type}" are not expected in {what}',
                block.pos,
            )
    for name, spec in attrs.items():
        if spec.required and name not in body.attributes:
            raise ConfigError(
                f'Missing required argument: the argument "{name}" is required in {what}', body.pos
            )


def eval_attr(attr: n.Attribute, ctx: EvalContext, type_: Type, what: str) -> Value:
    value = evaluate(attr.expr, ctx)
    try:
        return convert(value, type_)
    except HclError as err:
        raise HclError(
            f"Incorrect attribute value type for {what}.{attr.name}: {err.message}", attr.expr.pos
        ) from None


def eval_fields(
    body: n.Body, ctx: EvalContext, attrs: dict[str, Field], what: str, blocks: tuple[str, ...] = ()
) -> dict[str, Value]:
    check_schema(body, what, attrs, blocks)
    return {
        name: eval_attr(body.attributes[name], ctx, spec.type, what)
        for name, spec in attrs.items()
        if name in body.attributes
    }


LIST_STR = list_of(STRING)
MAP_STR = map_of(STRING)


# -- the parse ---------------------------------------------------------------------------
@dataclass
class _FileState:
    """What has been evaluated so far in one file."""

    path: str
    body: n.Body
    ctx: ParseContext
    includes: list[IncludeInfo] = field(default_factory=list)
    variables: dict[str, Value] = field(default_factory=dict)

    def eval_ctx(self) -> EvalContext:
        return EvalContext(dict(self.variables), function_table(self.ctx, self.path))


def parse_config(path: str, ctx: ParseContext) -> ParsedConfig:
    """Fully parse ``path`` in ``ctx`` (unit, included-parent or read context)."""
    body = load_body(path)
    validate_top_level(body)
    reject_dependency_inputs(body)
    state = _FileState(path, body, ctx)
    state.includes = decode_includes(state)
    if state.includes and ctx.include is None:
        state.ctx = ctx = ctx.with_(unit_includes=tuple(state.includes))
    if state.includes:
        state.variables["include"] = exposed_includes(state)
    own_locals = evaluate_locals(state)
    state.variables["local"] = own_locals
    cfg = ParsedConfig(path=path, locals=own_locals or None)
    cfg.dependency = decode_dependency_blocks(state)
    if ctx.dependency_value is not None:
        state.variables["dependency"] = ctx.dependency_value
    else:
        merged = _dependency_blocks_with_includes(state, cfg.dependency)
        dep_var, outputs, dirs = resolve_dependencies(merged, ctx, body)
        state.variables["dependency"] = dep_var
        cfg.outputs, cfg.dependency_dirs = outputs, dirs
    decode_rest(state, cfg)
    merged_cfg = merge_includes(state, cfg)
    merged_cfg.locals = own_locals or None
    return merged_cfg


def validate_top_level(body: n.Body) -> None:
    for name, attr in body.attributes.items():
        if name == "skip":
            raise UnsupportedError(
                'Unsupported argument: an argument named "skip" is not expected here (removed in '
                "Terragrunt 1.x; use an exclude block)",
                attr.pos,
            )
        if name not in _TOP_ATTRS:
            raise UnsupportedError(
                f'Unsupported argument: an argument named "{name}" is not expected in a Terragrunt '
                f"config",
                attr.pos,
            )
    seen: dict[str, Pos] = {}
    for block in body.blocks:
        if block.type in _OUT_OF_SUBSET_BLOCKS:
            raise UnsupportedError(
                f"Unsupported block type {block.type!r}: {_OUT_OF_SUBSET_BLOCKS[block.type]} are "
                f"outside the Terragrunt subset",
                block.pos,
            )
        if block.type not in _TOP_BLOCKS:
            raise UnsupportedError(
                f'Unsupported block type: blocks of type "{block.type}" are not expected in a '
                f"Terragrunt config",
                block.pos,
            )
        max_labels = _TOP_BLOCKS[block.type]
        if len(block.labels) > max_labels or (
            block.type in ("dependency", "generate") and not block.labels
        ):
            raise HclError(
                f"Invalid {block.type} block: expected {max_labels} label(s), got "
                f"{len(block.labels)}",
                block.pos,
            )
        if block.type in _SINGLETON_BLOCKS:
            if block.type in seen:
                first = seen[block.type]
                raise ConfigError(
                    f"Multiple {block.type} blocks: only one is allowed per file (first at line "
                    f"{first.line})",
                    block.pos,
                )
            seen[block.type] = block.pos
    for name in ("remote_state", "generate"):
        if name in body.attributes and body.blocks_of(name) and name == "remote_state":
            raise ConfigError(
                "remote_state is set both as a block and as an attribute", body.attributes[name].pos
            )


def reject_dependency_inputs(body: n.Body) -> None:
    def walk(node: n.Node) -> None:
        if (
            isinstance(node, n.GetAttr)
            and node.name == "inputs"
            and isinstance(node.obj, n.GetAttr)
            and isinstance(node.obj.obj, n.Variable)
            and node.obj.obj.name == "dependency"
        ):
            raise ConfigError(
                "Reading inputs from dependencies is no longer supported; use outputs "
                "(dependency.<name>.inputs)",
                node.pos,
            )
        for child in n.children(node):
            walk(child)

    for expr in _all_expressions(body):
        walk(expr)


def _all_expressions(body: n.Body) -> list[n.Node]:
    out = [a.expr for a in body.attributes.values()]
    for block in body.blocks:
        out.extend(_all_expressions(block.body))
    return out


# -- includes -----------------------------------------------------------------------------
_INCLUDE_FIELDS = {"path": Field(STRING), "expose": Field(BOOL), "merge_strategy": Field(STRING)}


def decode_includes(state: _FileState) -> list[IncludeInfo]:
    blocks = state.body.blocks_of("include")
    if not blocks:
        return []
    if state.ctx.include is not None:
        outer = state.ctx.original_config_path
        raise ConfigError(
            f"TooManyLevelsOfInheritanceError: {outer} includes {state.path}, which itself "
            f"includes "
            "another file (nested include). Only one level of includes is allowed.",
            blocks[0].pos,
        )
    ctx = EvalContext({}, function_table(state.ctx, state.path))
    includes: list[IncludeInfo] = []
    labels: set[str] = set()
    for block in blocks:
        label = block.labels[0] if block.labels else ""
        if label in labels:
            raise ConfigError(f"Duplicate include block with the label {label!r}", block.pos)
        labels.add(label)
        values = eval_fields(block.body, ctx, _INCLUDE_FIELDS, f'include "{label}"')
        if not values.get("path"):
            raise ConfigError(
                f"The include configuration in {state.path} must specify a 'path' parameter",
                block.pos,
            )
        strategy = values.get("merge_strategy") or "shallow"
        if strategy not in MERGE_STRATEGIES:
            raise ConfigError(
                f"Include merge strategy {strategy} is unknown. Valid strategies are: no_merge, "
                f"shallow, deep, deep_map_only",
                block.body.attributes["merge_strategy"].pos,
            )
        raw = str(values["path"])
        full = paths.resolve(state.ctx.config_dir, raw)
        if not paths.is_file(full):
            raise ConfigError(
                f"Include configuration not found: {full} (referenced from: {state.path})",
                block.pos,
            )
        includes.append(IncludeInfo(label, full, bool(values.get("expose")), strategy, block.pos))
    return includes


def parse_included(
    state: _FileState, inc: IncludeInfo, dependency_value: dict[str, Value] | None
) -> ParsedConfig:
    ctx = state.ctx.with_(include=inc, unit_includes=(), dependency_value=dependency_value)
    return parse_config(inc.path, ctx)


def _include_variable(includes: list[IncludeInfo], exposed: dict[str, Value]) -> Value:
    """``include`` is the exposed value itself for a single bare include, else keyed by label."""
    if len(includes) == 1 and includes[0].label == "" and "" in exposed:
        return exposed[""]
    return exposed


def exposed_includes(state: _FileState) -> Value:
    exposed = {
        inc.label: as_render(parse_included(state, inc, None), with_outputs=False)
        for inc in state.includes
        if inc.expose
    }
    return _include_variable(state.includes, exposed)


def _dependency_blocks_with_includes(
    state: _FileState, own: dict[str, dict[str, Value]]
) -> dict[str, dict[str, Value]]:
    base = own
    for inc in reversed(state.includes):
        if inc.merge_strategy == "no_merge":
            continue
        parent_blocks = _partial_dependency_blocks(state, inc)
        base = merge_dependency_blocks(parent_blocks, base, _strategy(inc))
    return base


def _strategy(inc: IncludeInfo) -> str:
    if inc.merge_strategy == "deep_map_only":
        raise ConfigError(
            'UNKNOWN_MERGE_STRATEGY: merge_strategy "deep_map_only" is not supported for includes',
            inc.pos,
        )
    return inc.merge_strategy


def _partial_parent(state: _FileState, inc: IncludeInfo) -> _FileState:
    """An included file with only its own locals evaluated (in the unit's context)."""
    body = load_body(inc.path)
    validate_top_level(body)
    ctx = state.ctx.with_(include=inc, unit_includes=())
    parent = _FileState(inc.path, body, ctx)
    if body.blocks_of("include"):
        decode_includes(parent)  # raises the one-level-of-includes error
    parent.variables["local"] = evaluate_locals(parent)
    return parent


def _partial_dependency_blocks(state: _FileState, inc: IncludeInfo) -> dict[str, dict[str, Value]]:
    """An included file's dependency blocks (evaluated with its own locals), before outputs."""
    return decode_dependency_blocks(_partial_parent(state, inc))


def merge_includes(state: _FileState, cfg: ParsedConfig) -> ParsedConfig:
    if not state.includes:
        return cfg
    dep_value = state.variables.get("dependency")
    base = cfg
    for inc in reversed(state.includes):
        parent = parse_included(state, inc, dep_value)
        if inc.merge_strategy == "no_merge":
            continue
        base = merge_configs(parent, base, _strategy(inc), inc.pos)
    return base


# -- locals -----------------------------------------------------------------------------------
MAX_LOCALS_PASSES = 1000


def evaluate_locals(state: _FileState) -> dict[str, Value]:
    blocks = state.body.blocks_of("locals")
    if not blocks:
        return {}
    block = blocks[0]
    if block.body.blocks:
        raise UnsupportedError(
            "Unsupported block type: blocks are not allowed inside locals", block.body.blocks[0].pos
        )
    pending = dict(block.body.attributes)
    allowed_roots = {"local", *state.variables}
    for attr in pending.values():
        _check_local_references(attr, set(pending), allowed_roots)
    evaluated: dict[str, Value] = {}
    for _ in range(MAX_LOCALS_PASSES):
        progress = False
        for name, attr in list(pending.items()):
            needed = {a for root, a, _ in n.root_references(attr.expr) if root == "local"}
            if needed <= set(evaluated):
                ctx = state.eval_ctx().child({"local": dict(evaluated)})
                evaluated[name] = evaluate(attr.expr, ctx)
                del pending[name]
                progress = True
        if not pending or not progress:
            break
    if pending:
        names = ", ".join(sorted(pending))
        raise ConfigError(
            f"Could not evaluate all locals in block: {names} (a cycle between locals, or a "
            f"reference to a local that does not exist)",
            next(iter(pending.values())).pos,
        )
    return evaluated


def _check_local_references(attr: n.Attribute, names: set[str], allowed: set[str]) -> None:
    for root, first, pos in n.root_references(attr.expr):
        if root == "local":
            if first is None:
                raise ConfigError(
                    f"Can't evaluate local.{attr.name}: this local var name can not be determined",
                    pos,
                )
            if first not in names:
                raise ConfigError(
                    f'Can\'t evaluate local.{attr.name}: there is no local named "{first}" in this '
                    f"file (locals are not inherited through includes)",
                    pos,
                )
        elif root not in allowed:
            raise ConfigError(
                f"Can't evaluate expression of local.{attr.name}: you can only reference other "
                f"local variables "
                f'here, but it looks like you\'re referencing something else ("{root}" is not '
                f"defined)",
                pos,
            )


# -- dependency blocks ----------------------------------------------------------------------------
_DEPENDENCY_FIELDS = {
    "config_path": Field(DYNAMIC),
    "enabled": Field(BOOL),
    "skip_outputs": Field(BOOL),
    "mock_outputs": Field(DYNAMIC),
    "mock_outputs_allowed_terraform_commands": Field(LIST_STR),
    "mock_outputs_merge_strategy_with_state": Field(STRING),
    "mock_outputs_merge_with_state": Field(BOOL),
}


def decode_dependency_blocks(state: _FileState) -> dict[str, dict[str, Value]]:
    out: dict[str, dict[str, Value]] = {}
    ctx = state.eval_ctx()
    for block in state.body.blocks_of("dependency"):
        name = block.labels[0]
        if name in out:
            raise ConfigError(f"Duplicate dependency block with the name {name!r}", block.pos)
        what = f'dependency "{name}"'
        check_schema(block.body, what, _DEPENDENCY_FIELDS)
        if "config_path" not in block.body.attributes:
            raise ConfigError(
                f'Missing required argument: the argument "config_path" is required in {what}',
                block.pos,
            )
        values = eval_fields(block.body, ctx, _DEPENDENCY_FIELDS, what)
        strategy = values.get("mock_outputs_merge_strategy_with_state")
        if strategy is not None and strategy not in ("no_merge", "shallow", "deep_map_only"):
            raise ConfigError(
                f"{what}: invalid mock_outputs_merge_strategy_with_state {strategy!r}", block.pos
            )
        out[name] = {
            "config_path": values.get("config_path"),
            "enabled": values.get("enabled"),
            "inputs": None,
            "mock_outputs": values.get("mock_outputs"),
            "mock_outputs_allowed_terraform_commands": values.get(
                "mock_outputs_allowed_terraform_commands"
            ),
            "mock_outputs_merge_strategy_with_state": strategy,
            "mock_outputs_merge_with_state": values.get("mock_outputs_merge_with_state"),
            "name": name,
            "outputs": None,
            "skip": values.get("skip_outputs"),
            "_pos": block.pos,
        }
    return out


# -- everything else ---------------------------------------------------------------
def decode_rest(state: _FileState, cfg: ParsedConfig) -> None:
    body = state.body
    ctx = state.eval_ctx()
    attrs = body.attributes
    for name in _TOP_STRING_ATTRS:
        if name in attrs:
            cfg.strings[name] = eval_attr(attrs[name], ctx, STRING, "config") or ""
    if "prevent_destroy" in attrs:
        cfg.prevent_destroy = eval_attr(attrs["prevent_destroy"], ctx, BOOL, "config")
    if "iam_assume_role_duration" in attrs:
        duration = eval_attr(attrs["iam_assume_role_duration"], ctx, NUMBER, "config")
        cfg.iam_assume_role_duration = duration if isinstance(duration, Decimal) else None
    if "inputs" in attrs:
        cfg.inputs = _decode_inputs(attrs["inputs"], ctx)
    cfg.terraform = decode_terraform(state, ctx)
    cfg.remote_state = decode_remote_state(body, ctx)
    cfg.generate = decode_generate(body, ctx)
    cfg.dependencies = decode_dependencies(state, ctx)


def _decode_inputs(attr: n.Attribute, ctx: EvalContext) -> dict[str, Value]:
    value = evaluate(attr.expr, ctx)
    if not isinstance(value, dict):
        raise HclError(
            f"Invalid inputs: inputs must be an object or map, not {type_name(value)}",
            attr.expr.pos,
        )
    return dict(value)


_HOOK_FIELDS = {
    "commands": Field(LIST_STR, required=True),
    "execute": Field(LIST_STR, required=True),
    "working_dir": Field(STRING),
    "run_on_error": Field(BOOL),
    "if": Field(BOOL),
    "suppress_stdout": Field(BOOL),
}
_ERROR_HOOK_FIELDS = {
    "commands": Field(LIST_STR, required=True),
    "execute": Field(LIST_STR, required=True),
    "on_errors": Field(LIST_STR, required=True),
    "working_dir": Field(STRING),
    "suppress_stdout": Field(BOOL),
}
_EXTRA_ARG_FIELDS = {
    "commands": Field(LIST_STR, required=True),
    "arguments": Field(LIST_STR),
    "required_var_files": Field(LIST_STR),
    "optional_var_files": Field(LIST_STR),
    "env_vars": Field(MAP_STR),
}
_TERRAFORM_FIELDS = {
    "source": Field(STRING),
    "copy_terraform_lock_file": Field(BOOL),
    "include_in_copy": Field(LIST_STR),
    "exclude_from_copy": Field(LIST_STR),
}
_TERRAFORM_BLOCKS: dict[str, tuple[dict[str, Field], tuple[str, ...]]] = {
    "extra_arguments": (
        _EXTRA_ARG_FIELDS,
        ("name", "commands", "arguments", "required_var_files", "optional_var_files", "env_vars"),
    ),
    "before_hook": (
        _HOOK_FIELDS,
        ("name", "commands", "execute", "working_dir", "run_on_error", "if", "suppress_stdout"),
    ),
    "after_hook": (
        _HOOK_FIELDS,
        ("name", "commands", "execute", "working_dir", "run_on_error", "if", "suppress_stdout"),
    ),
    "error_hook": (
        _ERROR_HOOK_FIELDS,
        ("name", "commands", "execute", "on_errors", "working_dir", "suppress_stdout"),
    ),
}


def decode_terraform(state: _FileState, ctx: EvalContext) -> dict[str, Value] | None:
    blocks = state.body.blocks_of("terraform")
    if not blocks:
        return None
    body = blocks[0].body
    check_schema(body, "terraform", _TERRAFORM_FIELDS, tuple(_TERRAFORM_BLOCKS))
    if "source" in body.attributes:
        for root, _, pos in n.root_references(body.attributes["source"].expr):
            if root == "dependency":
                raise ConfigError(
                    "terraform.source cannot reference dependency outputs (dependency.*)", pos
                )
    values = eval_fields(body, ctx, _TERRAFORM_FIELDS, "terraform", tuple(_TERRAFORM_BLOCKS))
    out: dict[str, Value] = {
        "after_hook": {},
        "before_hook": {},
        "copy_terraform_lock_file": values.get("copy_terraform_lock_file"),
        "error_hook": {},
        "exclude_from_copy": values.get("exclude_from_copy"),
        "extra_arguments": {},
        "include_in_copy": values.get("include_in_copy"),
        "source": values.get("source"),
    }
    for block in body.blocks:
        fields, keys = _TERRAFORM_BLOCKS[block.type]
        if len(block.labels) != 1:
            raise HclError(
                f"Invalid {block.type} block: exactly one label (its name) is required", block.pos
            )
        name = block.labels[0]
        decoded = eval_fields(block.body, ctx, fields, f'terraform.{block.type} "{name}"')
        decoded["name"] = name
        out[block.type][name] = {k: decoded.get(k) for k in keys}
    return out


_REMOTE_STATE_FIELDS = {
    "backend": Field(STRING, required=True),
    "config": Field(DYNAMIC),
    "generate": Field(DYNAMIC),
    "disable_init": Field(BOOL),
    "disable_dependency_optimization": Field(BOOL),
    "encryption": Field(DYNAMIC),
}


def decode_remote_state(body: n.Body, ctx: EvalContext) -> dict[str, Value] | None:
    blocks = body.blocks_of("remote_state")
    if blocks:
        values = eval_fields(blocks[0].body, ctx, _REMOTE_STATE_FIELDS, "remote_state")
        pos = blocks[0].pos
    elif "remote_state" in body.attributes:
        attr = body.attributes["remote_state"]
        raw = evaluate(attr.expr, ctx)
        if not isinstance(raw, dict):
            raise HclError(
                f"Invalid remote_state: an object is required, not {type_name(raw)}", attr.expr.pos
            )
        unknown = sorted(set(raw) - set(_REMOTE_STATE_FIELDS))
        if unknown:
            raise UnsupportedError(f"Unsupported argument in remote_state: {unknown}", attr.pos)
        values, pos = dict(raw), attr.pos
    else:
        return None
    return _shape_remote_state(values, pos)


def _shape_remote_state(values: dict[str, Value], pos: Pos) -> dict[str, Value]:
    if not values.get("backend"):
        raise ConfigError(
            'Missing required argument: the argument "backend" is required in remote_state', pos
        )
    config = values.get("config")
    if config is not None and not isinstance(config, dict):
        raise HclError(f"remote_state.config must be a map, not {type_name(config)}", pos)
    generate = values.get("generate")
    if generate is not None:
        if not isinstance(generate, dict) or set(generate) != {"path", "if_exists"}:
            raise HclError(
                "remote_state.generate must be an object with exactly the keys path and if_exists",
                pos,
            )
        generate = {
            "if_exists": convert(generate["if_exists"], STRING),
            "path": convert(generate["path"], STRING),
        }
        _check_if_exists(str(generate["if_exists"]), "remote_state.generate", pos)
    if values.get("encryption") is not None:
        raise UnsupportedError(
            "remote_state.encryption (OpenTofu state encryption) is outside the subset", pos
        )
    return {
        "backend": convert(values["backend"], STRING),
        "config": dict(config or {}),
        "disable_dependency_optimization": bool(
            values.get("disable_dependency_optimization") or False
        ),
        "disable_init": bool(values.get("disable_init") or False),
        "encryption": None,
        "generate": generate,
    }


IF_EXISTS = ("overwrite", "overwrite_terragrunt", "skip", "error")
IF_DISABLED = ("skip", "remove", "remove_terragrunt")
_GENERATE_FIELDS = {
    "path": Field(STRING, required=True),
    "if_exists": Field(STRING),
    "contents": Field(STRING, required=True),
    "comment_prefix": Field(STRING),
    "disable_signature": Field(BOOL),
    "disable": Field(BOOL),
    "if_disabled": Field(STRING),
    "hcl_fmt": Field(BOOL),
}


def _check_if_exists(value: str, what: str, pos: Pos) -> None:
    if value not in IF_EXISTS:
        raise ConfigError(
            f"{what}: invalid if_exists value {value!r}; expected one of {', '.join(IF_EXISTS)}",
            pos,
        )


def decode_generate(body: n.Body, ctx: EvalContext) -> dict[str, dict[str, Value]]:
    out: dict[str, dict[str, Value]] = {}
    entries: list[tuple[str, dict[str, Value], Pos]] = []
    for block in body.blocks_of("generate"):
        name = block.labels[0]
        what = f'generate "{name}"'
        check_schema(block.body, what, _GENERATE_FIELDS)
        entries.append((name, eval_fields(block.body, ctx, _GENERATE_FIELDS, what), block.pos))
    if "generate" in body.attributes:
        attr = body.attributes["generate"]
        raw = evaluate(attr.expr, ctx)
        if not isinstance(raw, dict):
            raise HclError(
                f"Invalid generate attribute: an object of generate blocks is required, not "
                f"{type_name(raw)}",
                attr.expr.pos,
            )
        for name, spec in raw.items():
            if not isinstance(spec, dict):
                raise HclError(f'generate "{name}" must be an object', attr.pos)
            unknown = sorted(set(spec) - set(_GENERATE_FIELDS))
            if unknown:
                raise UnsupportedError(
                    f'Unsupported argument in generate "{name}": {unknown}', attr.pos
                )
            entries.append(
                (name, {k: convert(v, _GENERATE_FIELDS[k].type) for k, v in spec.items()}, attr.pos)
            )
    for name, values, pos in entries:
        if name in out:
            raise ConfigError(
                f"DuplicatedGenerateBlocksError: Detected generate blocks with the same name: "
                f"[{name}]",
                pos,
            )
        out[name] = _shape_generate(name, values, pos)
    return out


def _shape_generate(name: str, values: dict[str, Value], pos: Pos) -> dict[str, Value]:
    what = f'generate block "{name}"'
    for required in ("path", "contents"):
        if values.get(required) is None:
            raise ConfigError(f'{what} is missing required attribute "{required}"', pos)
    if values.get("if_exists") is None:
        raise ConfigError(f'{what} is missing required attribute "if_exists"', pos)
    _check_if_exists(str(values["if_exists"]), what, pos)
    if_disabled = values.get("if_disabled") or "skip"
    if if_disabled not in IF_DISABLED:
        raise ConfigError(f"{what}: invalid if_disabled value {if_disabled!r}", pos)
    return {
        "comment_prefix": "# "
        if values.get("comment_prefix") is None
        else values["comment_prefix"],
        "contents": values["contents"],
        "disable": bool(values.get("disable") or False),
        "disable_signature": bool(values.get("disable_signature") or False),
        "hcl_fmt": values.get("hcl_fmt"),
        "if_disabled": if_disabled,
        "if_exists": values["if_exists"],
        "mutable": None,
        "path": values["path"],
    }


def decode_dependencies(state: _FileState, ctx: EvalContext) -> list[str] | None:
    blocks = state.body.blocks_of("dependencies")
    if not blocks:
        return None
    values = eval_fields(
        blocks[0].body, ctx, {"paths": Field(LIST_STR, required=True)}, "dependencies"
    )
    dep_paths = [str(p) for p in values.get("paths") or []]
    missing = []
    for p in dep_paths:
        full = paths.resolve(state.ctx.config_dir, p)
        if not paths.is_dir(full):
            missing.append(f"{p} ({full})")
    if missing:
        raise ConfigError(
            f"Found paths in the 'dependencies' block that do not exist: [{', '.join(missing)}]",
            blocks[0].pos,
        )
    return dep_paths


# -- partial parse for discovery ----------------------------------------------------------------
def dependency_targets(path: str, ctx: ParseContext) -> tuple[list[str], list[str]]:
    """A partial parse for the run-all DAG: (included file paths, dependency unit dirs).

    Dependency dirs come from enabled ``dependency`` blocks (merged with the includes')
    and from ``dependencies.paths`` of the unit and of its merged includes.
    """
    body = load_body(path)
    validate_top_level(body)
    state = _FileState(path, body, ctx)
    state.includes = decode_includes(state)
    parents: list[tuple[IncludeInfo, _FileState]] = []
    if state.includes:
        state.ctx = state.ctx.with_(unit_includes=tuple(state.includes))
        parents = [(inc, _partial_parent(state, inc)) for inc in state.includes]
        exposed = {
            inc.label: as_render(
                ParsedConfig(
                    path=inc.path,
                    locals=parent.variables["local"] or None,
                    dependency=decode_dependency_blocks(parent),
                ),
                with_outputs=False,
            )
            for inc, parent in parents
            if inc.expose
        }
        state.variables["include"] = _include_variable(state.includes, exposed)
    state.variables["local"] = evaluate_locals(state)
    blocks = _dependency_blocks_with_includes(state, decode_dependency_blocks(state))
    dirs: list[str] = []
    for block in blocks.values():
        config_path = block.get("config_path")
        if block.get("enabled") is False or not isinstance(config_path, str) or not config_path:
            continue
        dirs.append(paths.parent(dependency_config_file(state.ctx.config_dir, config_path)))
    files = [state, *(parent for inc, parent in parents if inc.merge_strategy != "no_merge")]
    for file_state in files:
        for p in decode_dependencies(file_state, file_state.eval_ctx()) or []:
            dirs.append(paths.resolve(state.ctx.config_dir, p))
    unique = list(dict.fromkeys(dirs))
    return [inc.path for inc in state.includes], unique


# -- read_terragrunt_config ------------------------------------------------------------
def read_config_for_function(path: str, ctx: ParseContext) -> Value:
    """``read_terragrunt_config``: a full parse with that file as config path.

    Returns the render shape with dependency outputs filled in.
    """
    options = ctx.options
    if path in options.read_cache:
        return options.read_cache[path]
    if path in options.reading:
        chain = " -> ".join([*options.reading, path])
        raise ConfigError(f"read_terragrunt_config cycle: {chain}")
    options.reading.append(path)
    try:
        read_ctx = ParseContext(path, ctx.original_config_path, options)
        value = as_render(parse_config(path, read_ctx), with_outputs=True)
    finally:
        options.reading.pop()
    options.read_cache[path] = value
    return value


def new_options(**kwargs: Any) -> Options:
    opts = Options(**kwargs)
    opts.read_config = read_config_for_function
    return opts


ReadConfig = Callable[[str, ParseContext], Value]
