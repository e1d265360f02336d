"""Shared helpers for the CKV_PHI_* checks: sibling resources from checkov's graph.

Not a check itself (checkov imports every module here; this one registers nothing).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import PurePath
from typing import Any

ADDRESS = "__address__"
FILE_PATH = "file_path_"
RESOURCE_TYPE = "resource_type"
SOURCE_MODULE = "source_module_object_"


def _vertices(graph: Any) -> Iterator[dict[str, Any]]:
    if graph is None:
        return
    # rustworkx (checkov's default) yields (index, data); networkx needs data=True.
    nodes = graph.nodes() if type(graph).__name__ == "PyDiGraph" else graph.nodes(data=True)
    for node in nodes:
        data = node[1] if isinstance(node, tuple) else node
        if isinstance(data, dict):
            yield data


def siblings(graph: Any, conf: dict[str, Any], entity_path: str) -> list[dict[str, Any]] | None:
    """Resources of the same configuration as the one being checked; None if unknown.

    Plan scans: every resource of the same plan file. HCL scans: every resource of the same
    module directory and module instance (the same calling ``module`` block, if any).
    """
    address = conf.get(ADDRESS)
    scanned_file = entity_path.split(":", 1)[0]
    vertices = list(_vertices(graph))
    own = [
        v
        for v in vertices
        if v.get(ADDRESS) == address and str(v.get(FILE_PATH, "")).endswith(scanned_file)
    ]
    if not own:
        return None
    me = own[0]
    path = str(me.get(FILE_PATH, ""))
    if path.endswith(".json"):
        return [v for v in vertices if v.get(FILE_PATH) == path]
    directory = PurePath(path).parent
    return [
        v
        for v in vertices
        if PurePath(str(v.get(FILE_PATH, ""))).parent == directory
        and v.get(SOURCE_MODULE) == me.get(SOURCE_MODULE)
    ]


def of_type(vertices: list[dict[str, Any]], resource_type: str) -> list[dict[str, Any]]:
    return [v for v in vertices if v.get(RESOURCE_TYPE) == resource_type]


def scalar(value: Any) -> Any:
    """checkov wraps HCL/plan values in one-element lists; unwrap them."""
    while isinstance(value, list) and len(value) == 1:
        value = value[0]
    return value


def flat_strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for item in value for s in flat_strings(item)]
    return []


def unresolved(value: Any) -> bool:
    """True for HCL expressions checkov could not evaluate (``${...}``, ``var.x``)."""
    return any("${" in s or s.startswith(("var.", "local.", "each.")) for s in flat_strings(value))


def expanded_strings(vertex: dict[str, Any], attribute: str) -> list[str]:
    """The attribute's strings, with ``${each.key}``/``${each.value}`` expanded where checkov
    resolved the resource's ``for_each`` but not its instances (HCL scans)."""
    values = flat_strings(vertex.get(attribute))
    if not any("${each." in v for v in values):
        return values
    raw = vertex.get("for_each")
    try:
        items = ast.literal_eval(raw) if isinstance(raw, str) else raw
    except (ValueError, SyntaxError):
        return values
    if isinstance(items, dict):
        pairs = [(str(k), str(v)) for k, v in items.items()]
    elif isinstance(items, list | set | tuple):
        pairs = [(str(i), str(i)) for i in items]
    else:
        return values
    return [
        v.replace("${each.key}", key).replace("${each.value}", value)
        for v in values
        for key, value in pairs
    ]
