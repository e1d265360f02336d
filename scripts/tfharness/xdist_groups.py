"""pytest plugin: make ``--dist loadgroup`` group tests again under pytest 9.

pytest-xdist 3.8 tags a test with its ``xdist_group`` by appending ``@<group>`` to
``item._nodeid``; pytest 9 keeps node ids in ``item._id`` and no longer reads ``_nodeid``, so the
tag is lost and every grouped test is scheduled on its own. This re-applies the tag on the
worker, after xdist's own hook, whenever it is missing.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest


def group_suffix(item: pytest.Item) -> str:
    """``@<group>[_<group>...]`` for an item with ``xdist_group`` marks, else ``""``."""
    names = sorted(
        {
            str(mark.args[0] if mark.args else mark.kwargs.get("name", "default"))
            for mark in item.iter_markers("xdist_group")
        }
    )
    return f"@{'_'.join(names)}" if names else ""


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not getattr(config.option, "loadgroup", False):
        return
    for item in items:
        suffix = group_suffix(item)
        if suffix and not item.nodeid.endswith(suffix) and hasattr(item, "_id"):
            item._id = _tagged(item._id, suffix)


def _tagged(node_id: Any, suffix: str) -> Any:
    """``node_id`` with ``suffix`` after its params (kept in the last name, so that the id
    reads ``path::test[params]@group`` however it is rendered)."""
    last = node_id.names[-1] + (f"[{node_id.params}]" if node_id.params is not None else "")
    return dataclasses.replace(node_id, names=(*node_id.names[:-1], last + suffix), params=None)
