"""Plan JSON → a summary that inventories can be checked against.

The summary follows cloud-foundation-fabric's model: planned values by resource address,
counts by resource type (plus the synthetic ``modules`` and ``resources`` keys) and planned
outputs. Values that are unknown at plan time are simply absent (inventories say
``__missing__``); attributes that change from one machine or run to the next are filtered.
"""

from __future__ import annotations

from collections import Counter, deque
from dataclasses import dataclass, field
from typing import Any

MISSING = "__missing__"

# Attributes whose values depend on where or when the plan ran, not on the module.
VOLATILE_ATTRIBUTES = frozenset({"filename", "source_code_hash", "source_hash", "etag"})


@dataclass(frozen=True)
class PlanSummary:
    """What a plan would create, in a form that is stable across machines."""

    values: dict[str, dict[str, Any]]
    counts: dict[str, int]
    outputs: dict[str, Any]
    raw: dict[str, Any] = field(repr=False)

    def resource(self, address: str) -> dict[str, Any]:
        try:
            return self.values[address]
        except KeyError:
            known = "\n  ".join(sorted(self.values))
            raise KeyError(f"{address} is not in the plan; planned:\n  {known}") from None

    def of_type(self, resource_type: str) -> dict[str, dict[str, Any]]:
        """All planned resources of one type, by address."""
        return {
            address: values
            for address, values in self.values.items()
            if _resource_type(address) == resource_type
        }


def _resource_type(address: str) -> str:
    """``module.a.module.b.aws_x.name["k"]`` → ``aws_x``."""
    parts = address.split(".")
    index = 0
    while index < len(parts) and parts[index] == "module":
        index += 2
    if parts[index] == "data":
        return f"data.{parts[index + 1]}"
    return parts[index]


def _scrub(value: Any, workdir: str | None) -> Any:
    if isinstance(value, dict):
        return {
            key: _scrub(item, workdir)
            for key, item in value.items()
            if key not in VOLATILE_ATTRIBUTES
        }
    if isinstance(value, list):
        return [_scrub(item, workdir) for item in value]
    if workdir and isinstance(value, str) and workdir in value:
        return value.replace(workdir, "<workdir>")
    return value


def _walk_modules(root: dict[str, Any]) -> list[dict[str, Any]]:
    modules, queue = [], deque([root])
    while queue:
        module = queue.popleft()
        modules.append(module)
        queue.extend(module.get("child_modules", []))
    return modules


def _planned_outputs(plan: dict[str, Any]) -> dict[str, Any]:
    outputs: dict[str, Any] = {}
    changes = plan.get("output_changes", {})
    for name, spec in plan.get("planned_values", {}).get("outputs", {}).items():
        if "value" in spec:
            outputs[name] = spec["value"]
        elif changes.get(name, {}).get("after_unknown") is not None:
            outputs[name] = MISSING
        else:
            outputs[name] = None
    return outputs


def summarise(plan: dict[str, Any], workdir: str | None = None) -> PlanSummary:
    """Summarise ``terraform show -json`` output of a plan."""
    root = plan.get("planned_values", {}).get("root_module", {})
    values: dict[str, dict[str, Any]] = {}
    counts: Counter[str] = Counter()
    module_addresses: set[str] = set()
    for module in _walk_modules(root):
        if module.get("address"):
            module_addresses.add(module["address"])
        for resource in module.get("resources", []):
            if resource.get("mode") != "managed":
                continue
            values[resource["address"]] = _scrub(resource.get("values", {}), workdir)
            counts[resource["type"]] += 1
    counts["resources"] = len(values)
    counts["modules"] = len(module_addresses)
    return PlanSummary(values=values, counts=dict(counts), outputs=_planned_outputs(plan), raw=plan)
