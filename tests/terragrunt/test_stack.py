"""Stack discovery and the dependency DAG."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from tfharness.terragrunt import ConfigError, HclError, build_graph, levels

Tree = Callable[[Mapping[str, str]], Path]


def rel(root: Path, groups: list[list[str]]) -> list[list[str]]:
    return [[str(Path(u).relative_to(root)) for u in g] for g in groups]


def test_levels_group_independent_units_and_reverse_for_destroy(tree: Tree) -> None:
    root = tree(
        {
            "root.hcl": "",
            "net/terragrunt.hcl": "",
            "dns/terragrunt.hcl": "",
            "app/terragrunt.hcl": """
                include "root" { path = find_in_parent_folders("root.hcl") }
                dependency "net" {
                  config_path  = "../net"
                  skip_outputs = true
                }
                dependencies { paths = ["../dns"] }
            """,
            "web/terragrunt.hcl": (
                'dependency "app" {\n  config_path = "../app"\n  mock_outputs = {}\n}\n'
            ),
            "solo/terragrunt.hcl": "",
        }
    )
    graph = build_graph(str(root), env={})
    assert rel(root, graph.levels) == [["dns", "net", "solo"], ["app"], ["web"]]
    assert rel(root, graph.destroy_levels()) == [["web"], ["app"], ["dns", "net", "solo"]]
    assert graph.edges[str(root / "app")] == [str(root / "dns"), str(root / "net")]
    assert graph.order()[-1] == str(root / "web")


def test_discovery_skips_cache_dirs_and_included_root_terragrunt_hcl(tree: Tree) -> None:
    root = tree(
        {
            "terragrunt.hcl": (
                'locals { env = read_terragrunt_config(find_in_parent_folders("env.hcl")) }\n'
            ),
            "live/env.hcl": 'locals { env = "dev" }\n',
            "live/vpc/terragrunt.hcl": (
                'include "root" { path = find_in_parent_folders("terragrunt.hcl") }\n'
            ),
            "live/vpc/.terragrunt-cache/x/y/terragrunt.hcl": "not hcl {{{\n",
        }
    )
    graph = build_graph(str(root), env={})
    assert rel(root, graph.levels) == [["live/vpc"]]


def test_dependency_blocks_from_includes_add_edges(tree: Tree) -> None:
    root = tree(
        {
            "common/app.hcl": (
                'dependency "vpc" {\n'
                '  config_path = "${get_terragrunt_dir()}/../vpc"\n'
                "  mock_outputs = {}\n"
                "}\n"
            ),
            "vpc/terragrunt.hcl": "",
            "app/terragrunt.hcl": 'include "c" { path = "../common/app.hcl" }\n',
        }
    )
    graph = build_graph(str(root), env={})
    assert rel(root, graph.levels) == [["vpc"], ["app"]]


def test_external_dependencies_are_reported_not_scheduled(tree: Tree) -> None:
    root = tree(
        {
            "outside/terragrunt.hcl": "",
            "stack/a/terragrunt.hcl": 'dependencies { paths = ["../../outside"] }\n',
        }
    )
    graph = build_graph(str(root / "stack"), env={})
    assert rel(root / "stack", graph.levels) == [["a"]]
    assert graph.external == {str(root / "stack/a"): [str(root / "outside")]}


def test_cycle_is_reported_with_its_path(tree: Tree) -> None:
    root = tree(
        {
            "a/terragrunt.hcl": 'dependencies { paths = ["../b"] }\n',
            "b/terragrunt.hcl": 'dependencies { paths = ["../c"] }\n',
            "c/terragrunt.hcl": 'dependencies { paths = ["../a"] }\n',
        }
    )
    with pytest.raises(ConfigError, match=r"DependencyCycleError: .*a -> b -> c -> a"):
        build_graph(str(root), env={})


def test_levels_function_on_plain_edges() -> None:
    edges = {"/x/a": [], "/x/b": ["/x/a"], "/x/c": ["/x/a"], "/x/d": ["/x/b", "/x/c"]}
    assert levels(edges) == [["/x/a"], ["/x/b", "/x/c"], ["/x/d"]]
    with pytest.raises(ConfigError, match="cycle"):
        levels({"/x/a": ["/x/a"]})


def test_broken_unit_is_reported(tree: Tree) -> None:
    root = tree({"a/terragrunt.hcl": "inputs = {\n"})
    with pytest.raises(HclError, match=r"a/terragrunt.hcl:2:1: Unclosed brace"):
        build_graph(str(root), env={})


def test_discovery_does_not_need_outputs_of_exposed_parents(tree: Tree) -> None:
    # The parent's inputs read an output that has no mock: a full parse would fail, the
    # partial parse used for the DAG must not evaluate inputs.
    root = tree(
        {
            "common/app.hcl": """
                locals { vpc_dir = "${get_terragrunt_dir()}/../vpc" }
                dependency "vpc" { config_path = local.vpc_dir }
                inputs = { id = dependency.vpc.outputs.vpc_id }
            """,
            "vpc/terragrunt.hcl": "",
            "app/terragrunt.hcl": """
                include "c" {
                  path   = "../common/app.hcl"
                  expose = true
                }
                locals { dir = include.c.locals.vpc_dir }
            """,
        }
    )
    graph = build_graph(str(root), env={})
    assert rel(root, graph.levels) == [["vpc"], ["app"]]
