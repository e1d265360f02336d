"""The live tree: its units, the stacks they form, and the checks that tie units to modules.

``live/<env>/<region>/<unit>/terragrunt.hcl`` are regional units; ``live/<env>/_global/<unit>``
are the account-wide ones (once per account, in the account's home region). A *stack* is
what ``terragrunt run --all`` would run for one environment and region: the region's units,
plus the account-wide units when the region is the account's home region.

Terraform ignores a ``TF_VAR_*`` that names no variable, and a mistyped dependency output
only fails once something plans it, so :func:`interface_problems` checks every unit against
its module's declared variables and its dependencies' declared outputs.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from tfharness.paths import LIVE_DIR, REPO_ROOT
from tfharness.terragrunt import (
    EvaluatedUnit,
    StackGraph,
    TerragruntError,
    build_graph,
    evaluate_unit,
    split_source,
)
from tfharness.terragrunt import nodes as n
from tfharness.terragrunt.config import (
    dependency_targets,
    new_options,
    read_config_for_function,
)
from tfharness.terragrunt.parser import parse_hcl
from tfharness.terragrunt.tgfuncs import ParseContext

GLOBAL_DIR = "_global"
ROOT_CONFIG = REPO_ROOT / "terragrunt.hcl"
# The one switch that makes the root set the inputs of live/emulator.yaml.
EMULATOR_SWITCH = "PHI_EMULATOR"
EMULATOR_INPUTS_FILE = LIVE_DIR / "emulator.yaml"
# Every mock output carries this (hex, so it passes ID and ARN validations); the apply path
# refuses a plan that contains it.
MOCK_MARKER = "0badc0de"
CONTEXT_FILES = ("account.hcl", "env.hcl", "region.hcl")


class LiveError(RuntimeError):
    """The live tree is inconsistent (unknown environment or region, bad unit)."""


@dataclass(frozen=True, order=True)
class Unit:
    """One Terragrunt unit of the live tree."""

    path: Path
    live_dir: Path = LIVE_DIR

    @property
    def rel(self) -> str:
        """``dev/us-east-1/kms`` (relative to live/)."""
        return self.path.relative_to(self.live_dir).as_posix()

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def env(self) -> str:
        return self.path.relative_to(self.live_dir).parts[0]

    @property
    def region_dir(self) -> str:
        """The region directory, or ``_global`` for an account-wide unit."""
        return self.path.relative_to(self.live_dir).parts[1]

    @property
    def account_wide(self) -> bool:
        return self.region_dir == GLOBAL_DIR

    def __str__(self) -> str:
        return self.rel


@cache
def graph(live_dir: Path = LIVE_DIR) -> StackGraph:
    """The run-all DAG of the whole live tree (evaluated once per process)."""
    return build_graph(str(live_dir), env={})


def units(live_dir: Path = LIVE_DIR) -> list[Unit]:
    return [Unit(Path(u), live_dir) for u in graph(live_dir).units]


def environments(live_dir: Path = LIVE_DIR) -> list[str]:
    return sorted(
        p.name for p in live_dir.iterdir() if p.is_dir() and (p / "account.hcl").is_file()
    )


def regions(env: str, live_dir: Path = LIVE_DIR) -> list[str]:
    """The regions of an environment (directories with a region.hcl, not ``_global``)."""
    env_dir = live_dir / env
    if not (env_dir / "account.hcl").is_file():
        raise LiveError(f"no environment {env!r} under {live_dir} (have {environments(live_dir)})")
    return sorted(
        p.name
        for p in env_dir.iterdir()
        if p.is_dir() and p.name != GLOBAL_DIR and (p / "region.hcl").is_file()
    )


def read_locals(path: Path) -> dict[str, Any]:
    """The evaluated ``locals`` of an HCL file, as ``read_terragrunt_config(path).locals``."""
    options = new_options(command="render", env={})
    config = read_config_for_function(str(path), ParseContext(str(path), str(path), options))
    assert isinstance(config, dict)
    return dict(config.get("locals") or {})


def home_region(env: str, live_dir: Path = LIVE_DIR) -> str:
    """Where the account-wide units of ``env`` run (their region.hcl)."""
    region_file = live_dir / env / GLOBAL_DIR / "region.hcl"
    if not region_file.is_file():
        return str(read_locals(live_dir / env / "account.hcl")["home_region"])
    return str(read_locals(region_file)["aws_region"])


def stack(env: str, region: str, live_dir: Path = LIVE_DIR) -> list[Unit]:
    """The units ``terragrunt run --all`` covers for one environment and region."""
    if region not in regions(env, live_dir):
        raise LiveError(f"no region {region!r} in environment {env!r} (have {regions(env)})")
    with_global = region == home_region(env, live_dir)
    return [
        u
        for u in units(live_dir)
        if u.env == env and (u.region_dir == region or (with_global and u.account_wide))
    ]


def stacks(live_dir: Path = LIVE_DIR) -> list[tuple[str, str]]:
    return [(env, region) for env in environments(live_dir) for region in regions(env, live_dir)]


def emulator_env(on: bool, base: Mapping[str, str] | None = None) -> dict[str, str]:
    """``base`` (default: this process's environment) with the emulator switch set or unset."""
    env = dict(os.environ if base is None else base)
    env.pop(EMULATOR_SWITCH, None)
    if on:
        env[EMULATOR_SWITCH] = "1"
    return env


# -- modules ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class ModuleInterface:
    """What a Terraform module declares: variables (name → has a default) and outputs."""

    path: Path
    variables: dict[str, bool]
    outputs: frozenset[str]

    @property
    def name(self) -> str:
        """``modules/<name>`` (wherever the tree is)."""
        if self.path.parent.name == "modules":
            return f"modules/{self.path.name}"
        try:
            return self.path.relative_to(REPO_ROOT).as_posix()
        except ValueError:
            return str(self.path)

    @property
    def required(self) -> list[str]:
        return sorted(name for name, has_default in self.variables.items() if not has_default)


@cache
def module_interface(module_dir: Path) -> ModuleInterface:
    variables: dict[str, bool] = {}
    outputs: set[str] = set()
    for tf_file in sorted(module_dir.glob("*.tf")):
        body = parse_hcl(tf_file.read_text(encoding="utf-8"), str(tf_file))
        for block in body.blocks:
            if block.type == "variable" and block.labels:
                variables[block.labels[0]] = "default" in block.body.attributes
            elif block.type == "output" and block.labels:
                outputs.add(block.labels[0])
    if not variables and not outputs and not any(module_dir.glob("*.tf")):
        raise LiveError(f"{module_dir} holds no Terraform files")
    return ModuleInterface(module_dir, variables, frozenset(outputs))


def module_dir(unit: EvaluatedUnit) -> Path:
    """The directory Terraform runs in for ``unit`` (its ``terraform.source``, split at //)."""
    root, subdir = split_source(unit.terraform_source or ".")
    base = Path(root) if Path(root).is_absolute() else Path(unit.unit_dir) / root
    return (base / subdir).resolve()


def unit_source_dir(unit: Unit) -> Path:
    """The module directory ``unit`` runs (its plan's root module, for skip attribution)."""
    return module_dir(evaluate_unit(str(unit.path), command="render", env={}))


# -- checks ----------------------------------------------------------------------------------
@dataclass
class UnitCheck:
    """The result of checking one unit against its module and its dependencies' modules."""

    unit: Unit
    module: str = ""
    inputs: list[str] = field(default_factory=list)  # inputs vs the module's variables
    dependencies: list[str] = field(default_factory=list)  # outputs vs the dependencies' modules
    mocks: list[str] = field(default_factory=list)  # mock outputs: names and the marker

    @property
    def problems(self) -> list[str]:
        return [*self.inputs, *self.dependencies, *self.mocks]


def context_input_names(unit: Unit) -> set[str]:
    """Inputs the root passes to every unit: the locals of account.hcl, env.hcl, region.hcl."""
    names: set[str] = set()
    for file_name in CONTEXT_FILES:
        for directory in [unit.path, *unit.path.parents]:
            candidate = directory / file_name
            if candidate.is_file() and directory != unit.path:
                names |= set(read_locals(candidate))
                break
    return names


def emulator_input_names(unit: Unit) -> set[str]:
    """The inputs live/emulator.yaml sets for this unit when the switch is on."""
    import yaml  # noqa: PLC0415 - only the checks need it

    data = yaml.safe_load((unit.live_dir / EMULATOR_INPUTS_FILE.name).read_text()) or {}
    return set((data.get("units") or {}).get(unit.name) or {})


def included_files(unit: Unit) -> list[Path]:
    """The unit's config and the files it includes (the root and its _envcommon file)."""
    path = str(unit.path / "terragrunt.hcl")
    options = new_options(command="render", env={})
    includes, _dependencies = dependency_targets(path, ParseContext(path, path, options))
    return [Path(path), *(Path(p) for p in includes)]


def _walk(node: n.Node) -> Iterator[n.Node]:
    yield node
    for child in n.children(node):
        yield from _walk(child)


def _body_expressions(body: n.Body) -> Iterator[n.Node]:
    for attribute in body.attributes.values():
        yield attribute.expr
    for block in body.blocks:
        yield from _body_expressions(block.body)


def dependency_output_references(files: list[Path]) -> dict[str, set[str]]:
    """``dependency.<name>.outputs.<output>`` references in ``files``: name → outputs."""
    found: dict[str, set[str]] = {}
    for path in files:
        body = parse_hcl(path.read_text(encoding="utf-8"), str(path))
        for expr in _body_expressions(body):
            for node in _walk(expr):
                if not (isinstance(node, n.GetAttr) and isinstance(node.obj, n.GetAttr)):
                    continue
                outputs = node.obj
                if (
                    outputs.name == "outputs"
                    and isinstance(outputs.obj, n.GetAttr)
                    and isinstance(outputs.obj.obj, n.Variable)
                    and outputs.obj.obj.name == "dependency"
                ):
                    found.setdefault(outputs.obj.name, set()).add(node.name)
    return found


def _string_leaves(value: Any) -> Iterator[Any]:
    if isinstance(value, dict):
        for item in value.values():
            yield from _string_leaves(item)
    elif isinstance(value, list):
        for item in value:
            yield from _string_leaves(item)
    else:
        yield value


def interface_problems(unit: Unit) -> UnitCheck:
    """Inputs must be declared variables (required ones set); dependency outputs must exist.

    The unit is evaluated with the emulator switch on, so the names in live/emulator.yaml
    are checked too. Inputs the root passes to every unit (account/env/region settings) may
    be unused by a module, as in any Terragrunt tree.
    """
    check = UnitCheck(unit)
    try:
        evaluated = evaluate_unit(str(unit.path), command="plan", env=emulator_env(True, {}))
    except TerragruntError as error:
        check.inputs.append(f"{unit}: does not evaluate: {error}")
        return check
    interface = module_interface(module_dir(evaluated))
    check.module = interface.name
    check.inputs += _input_problems(unit, evaluated, interface)
    references = dependency_output_references(included_files(unit))
    blocks = evaluated.render.get("dependency") or {}
    for dep_name, dep_dir in sorted(evaluated.dependency_dirs.items()):
        dep_unit = Unit(Path(dep_dir), unit.live_dir)
        try:
            dep_eval = evaluate_unit(dep_dir, command="render", env={})
        except TerragruntError as error:
            check.dependencies.append(f"{unit}: dependency {dep_name} ({dep_unit}) fails: {error}")
            continue
        dep_interface = module_interface(module_dir(dep_eval))
        used = references.get(dep_name, set())
        check.dependencies += [
            f"{unit}: dependency.{dep_name}.outputs.{output} is not an output of "
            f"{dep_interface.name} (unit {dep_unit})"
            for output in sorted(used - dep_interface.outputs)
        ]
        mocks = (blocks.get(dep_name) or {}).get("mock_outputs") or {}
        check.mocks += _mock_problems(unit, dep_name, mocks, used, dep_interface)
    return check


def _input_problems(unit: Unit, evaluated: EvaluatedUnit, interface: ModuleInterface) -> list[str]:
    context = context_input_names(unit)
    problems = [
        f"{unit}: input `{name}` is not a variable of {interface.name} "
        f"(Terraform would silently ignore TF_VAR_{name})"
        for name in sorted(evaluated.inputs)
        if name not in interface.variables and name not in context
    ]
    problems += [
        f"{unit}: {interface.name} requires variable `{name}`, which the unit does not set"
        for name in interface.required
        if name not in evaluated.inputs
    ]
    problems += [
        f"{unit}: live/emulator.yaml sets `{name}`, which is not a variable of {interface.name}"
        for name in sorted(emulator_input_names(unit))
        if name not in interface.variables
    ]
    return problems


def _mock_problems(
    unit: Unit, dep_name: str, mocks: dict[str, Any], used: set[str], dep: ModuleInterface
) -> list[str]:
    problems = [
        f"{unit}: mock output `{output}` of dependency {dep_name} is not an output of {dep.name}"
        for output in sorted(set(mocks) - dep.outputs)
    ]
    problems += [
        f"{unit}: dependency.{dep_name}.outputs.{output} has no mock (plan needs one)"
        for output in sorted(used - set(mocks))
    ]
    problems += [
        f"{unit}: mock output value {leaf!r} of dependency {dep_name} does not carry the mock "
        f"marker {MOCK_MARKER!r}"
        for leaf in _string_leaves(mocks)
        if not (isinstance(leaf, str) and MOCK_MARKER in leaf)
    ]
    return problems
