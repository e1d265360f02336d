"""Terragrunt-subset evaluator: render, materialise and order units without terragrunt.

Public API::

    render_unit(unit_dir, *, command="plan", outputs_provider=None, env=None,
                aws_account_id=None) -> dict
    render_json(config) -> str
    evaluate_unit(...) -> EvaluatedUnit
    materialise(unit, workdir) -> Materialised
    build_graph(root, *, env=None) -> StackGraph
"""

from .errors import ConfigError, HclError, Pos, TerragruntError, UnsupportedError
from .materialise import Materialised, materialise, split_source, tf_var_env
from .real import real_render_json, terragrunt_binary
from .stack import StackGraph, build_graph, levels
from .tgfuncs import OutputsProvider
from .unit import EvaluatedUnit, evaluate_unit, render_json, render_unit

__all__ = [
    "ConfigError",
    "EvaluatedUnit",
    "HclError",
    "Materialised",
    "OutputsProvider",
    "Pos",
    "StackGraph",
    "TerragruntError",
    "UnsupportedError",
    "build_graph",
    "evaluate_unit",
    "levels",
    "materialise",
    "real_render_json",
    "render_json",
    "render_unit",
    "split_source",
    "terragrunt_binary",
    "tf_var_env",
]
