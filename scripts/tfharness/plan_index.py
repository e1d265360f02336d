"""The planned resources of one unit, indexed with their configuration references.

A plan's values cannot tie e.g. a public access block to *its* bucket (the bucket id is
unknown until apply); the configuration's expressions can. :class:`PlanIndex` joins the two
so that rules (:mod:`tfharness.invariants`) ask "which policy refers to this bucket".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

_INDEX = re.compile(r"\[[^\]]*\]")
# Reference prefixes that name no managed resource (`each.key` would otherwise look like one).
NOT_RESOURCES = (
    "var.",
    "local.",
    "module.",
    "data.",
    "each.",
    "count.",
    "path.",
    "self.",
    "terraform.",
)


def strip_index(text: str) -> str:
    """``module.a["x"].aws_s3_bucket.b[0]`` without its instance keys."""
    return _INDEX.sub("", text)


@dataclass
class Resource:
    """A managed resource the plan creates or keeps, with its configuration references."""

    address: str
    module: str  # module address ("" for the root module), instance keys kept
    type: str
    name: str
    values: dict[str, Any]
    unknown: dict[str, Any]
    config: dict[str, Any] = field(default_factory=dict)
    module_source: str = ""

    @property
    def config_address(self) -> str:
        return f"{self.type}.{self.name}"

    def references(self, attribute: str) -> set[str]:
        """Configuration addresses (``aws_s3_bucket.phi``) the attribute's expression uses."""
        expression = (self.config.get("expressions") or {}).get(attribute) or {}
        refs: list[str] = []
        if isinstance(expression, dict):
            refs = list(expression.get("references") or [])
        found = set()
        for ref in refs:
            parts = strip_index(ref).split(".")
            if len(parts) >= 2 and not ref.startswith(NOT_RESOURCES):
                found.add(f"{parts[0]}.{parts[1]}")
        return found

    def is_set(self, attribute: str) -> bool:
        """Known and non-empty, or unknown until apply (computed from another resource)."""
        if self.unknown.get(attribute) is True:
            return True
        value = self.values.get(attribute)
        return value not in (None, "", [], {})


def _module_configs(configuration: Mapping[str, Any]) -> dict[str, tuple[dict[str, Any], str]]:
    """Module address without instance keys → (module config, its source)."""
    found: dict[str, tuple[dict[str, Any], str]] = {}

    def walk(module: Mapping[str, Any], address: str, source: str) -> None:
        found[address] = (dict(module), source)
        for name, call in (module.get("module_calls") or {}).items():
            child = f"{address}.module.{name}" if address else f"module.{name}"
            walk(call.get("module") or {}, child, str(call.get("source", "")))

    walk(configuration.get("root_module") or {}, "", "")
    return found


class PlanIndex:
    """The planned managed resources of one plan JSON."""

    def __init__(self, plan: Mapping[str, Any], unit: str = "", root_source: str = "") -> None:
        self.plan = plan
        self.unit = unit
        modules = _module_configs(plan.get("configuration") or {})
        self.resources: list[Resource] = []
        # Policy documents read at apply (their inputs are unknown at plan): (module, address)
        # → planned values, whose statements are known even when the rendered JSON is not.
        self.policy_documents: dict[tuple[str, str], dict[str, Any]] = {}
        for change in plan.get("resource_changes") or []:
            if change.get("mode") == "data" and change.get("type") == "aws_iam_policy_document":
                self.policy_documents[
                    (
                        str(change.get("module_address") or ""),
                        f"data.{change['type']}.{change['name']}",
                    )
                ] = dict((change.get("change") or {}).get("after") or {})
            if change.get("mode") != "managed":
                continue
            actions = (change.get("change") or {}).get("actions") or []
            if actions == ["delete"]:
                continue
            module = str(change.get("module_address") or "")
            module_config, source = modules.get(strip_index(module), ({}, ""))
            config: dict[str, Any] = next(
                (
                    r
                    for r in module_config.get("resources") or []
                    if r.get("address") == f"{change['type']}.{change['name']}"
                ),
                {},
            )
            self.resources.append(
                Resource(
                    address=str(change["address"]),
                    module=module,
                    type=str(change["type"]),
                    name=str(change["name"]),
                    values=dict((change.get("change") or {}).get("after") or {}),
                    unknown=dict((change.get("change") or {}).get("after_unknown") or {}),
                    config=dict(config),
                    module_source=source or root_source,
                )
            )

    def of_type(self, *types: str) -> list[Resource]:
        return [r for r in self.resources if r.type in types]

    def referencing(self, target: Resource, resource_type: str, attribute: str) -> list[Resource]:
        """Resources of ``resource_type`` in ``target``'s module whose ``attribute`` uses it."""
        return [
            r
            for r in self.of_type(resource_type)
            if r.module == target.module and target.config_address in r.references(attribute)
        ]
