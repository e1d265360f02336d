"""Stack discovery and the run-all dependency graph (levels of independent units)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from . import paths
from .config import dependency_targets, new_options
from .errors import ConfigError, TerragruntError
from .tgfuncs import ParseContext
from .unit import UNIT_FILE

SKIP_DIRS = frozenset({".terragrunt-cache", ".terragrunt-stack", ".terraform", ".git"})


@dataclass
class StackGraph:
    """Units under ``root`` and their dependencies; ``levels[i]`` can run in parallel."""

    root: str
    units: list[str]
    edges: dict[str, list[str]]
    external: dict[str, list[str]] = field(default_factory=dict)
    levels: list[list[str]] = field(default_factory=list)

    def destroy_levels(self) -> list[list[str]]:
        """Reverse order: dependents are destroyed before what they depend on."""
        return [list(level) for level in reversed(self.levels)]

    def order(self) -> list[str]:
        return [u for level in self.levels for u in level]


def candidate_dirs(root: str) -> list[str]:
    """Every directory under ``root`` holding a terragrunt.hcl (cache/hidden dirs skipped)."""
    found: list[str] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS and not d.startswith("."))
        if UNIT_FILE in filenames:
            found.append(paths.absolute(dirpath))
    return sorted(found)


def build_graph(root: str, *, env: Mapping[str, str] | None = None) -> StackGraph:
    """Discover the units under ``root``, their dependency edges and run levels."""
    root = paths.absolute(root)
    if not paths.is_dir(root):
        raise ConfigError(f"{root} is not a directory")
    env_map = dict(os.environ if env is None else env)
    targets: dict[str, tuple[list[str], list[str]]] = {}
    failures: dict[str, TerragruntError] = {}
    for unit_dir in candidate_dirs(root):
        path = paths.join(unit_dir, UNIT_FILE)
        options = new_options(command="render", env=env_map)
        try:
            targets[unit_dir] = dependency_targets(path, ParseContext(path, path, options))
        except TerragruntError as error:  # may be a root terragrunt.hcl that units include
            failures[unit_dir] = error
    included = {
        paths.parent(p)
        for incs, _ in targets.values()
        for p in incs
        if paths.basename(p) == UNIT_FILE
    }
    for unit_dir, failure in failures.items():
        if unit_dir not in included:
            raise failure
    units = [u for u in targets if u not in included]
    unit_set = set(units)
    edges: dict[str, list[str]] = {}
    external: dict[str, list[str]] = {}
    for u in units:
        deps = [d for d in targets[u][1] if d != u]
        edges[u] = sorted(d for d in deps if d in unit_set)
        outside = sorted(d for d in deps if d not in unit_set)
        if outside:
            external[u] = outside
    graph = StackGraph(root, sorted(units), edges, external)
    graph.levels = levels(graph.edges, root)
    return graph


def find_cycle(edges: Mapping[str, list[str]]) -> list[str] | None:
    """A dependency cycle as a path [a, b, ..., a], or None."""
    color: dict[str, int] = dict.fromkeys(edges, 0)
    stack: list[str] = []

    def visit(u: str) -> list[str] | None:
        color[u] = 1
        stack.append(u)
        for d in edges.get(u, []):
            if color.get(d, 0) == 1:
                return [*stack[stack.index(d) :], d]
            if color.get(d, 0) == 0 and d in edges:
                found = visit(d)
                if found:
                    return found
        stack.pop()
        color[u] = 2
        return None

    for u in sorted(edges):
        if color[u] == 0:
            cycle = visit(u)
            if cycle:
                return cycle
    return None


def levels(edges: Mapping[str, list[str]], root: str = "/") -> list[list[str]]:
    """Topological levels: a unit's level is one more than its deepest dependency's."""
    cycle = find_cycle(edges)
    if cycle:
        shown = " -> ".join(os.path.relpath(u, root) for u in cycle)
        raise ConfigError(f"DependencyCycleError: found a dependency cycle between units: {shown}")
    depth: dict[str, int] = {}

    def level_of(u: str) -> int:
        if u not in depth:
            deps = [d for d in edges.get(u, []) if d in edges]
            depth[u] = 1 + max((level_of(d) for d in deps), default=-1)
        return depth[u]

    out: list[list[str]] = []
    for u in sorted(edges):
        lvl = level_of(u)
        while len(out) <= lvl:
            out.append([])
        out[lvl].append(u)
    return [sorted(level) for level in out]
