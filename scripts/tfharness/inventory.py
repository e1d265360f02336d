"""YAML inventories: the small, reviewed expectations a plan must meet.

An inventory has up to four sections::

    values:            # address -> attributes; subset match (only listed keys are compared)
      module.kms.aws_kms_key.this:
        enable_key_rotation: true
        description: __missing__     # asserts the key is absent (unknown at plan time)
    counts:            # exact; 0 asserts the type does not appear at all
      aws_kms_key: 1
      resources: 3
    outputs:           # exact; __missing__ = unknown at plan time
      key_arn: __missing__
    absent:            # addresses that must NOT be in the plan
      - module.kms.aws_kms_alias.this

Semantics follow cloud-foundation-fabric's inventories, plus three conveniences: a JSON
string in the plan (e.g. a policy) is compared structurally when the inventory gives a
mapping or list for it, ``absent`` names resources explicitly, and the placeholders
``${account_id}`` and ``${region}`` stand for the values the plan ran with (read from the
emulator), so no account id is written into an inventory.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from tfharness.plan import MISSING, PlanSummary

SECTIONS = frozenset({"values", "counts", "outputs", "absent"})


class InventoryError(ValueError):
    """The inventory file itself is malformed."""


@dataclass(frozen=True)
class Mismatch:
    path: str
    expected: Any
    actual: Any
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason} (expected {self.expected!r}, plan has {self.actual!r})"


PLACEHOLDERS = ("account_id", "region")


def substitute(value: Any, context: dict[str, str]) -> Any:
    """Replace ``${account_id}``-style placeholders in every string of ``value``."""
    if isinstance(value, dict):
        return {substitute(k, context): substitute(v, context) for k, v in value.items()}
    if isinstance(value, list):
        return [substitute(v, context) for v in value]
    if isinstance(value, str):
        for name, actual in context.items():
            value = value.replace("${" + name + "}", actual)
    return value


def placeholders(value: Any, context: dict[str, str]) -> Any:
    """The inverse of :func:`substitute`, for writing inventories."""
    if isinstance(value, dict):
        return {placeholders(k, context): placeholders(v, context) for k, v in value.items()}
    if isinstance(value, list):
        return [placeholders(v, context) for v in value]
    if isinstance(value, str):
        for name, actual in context.items():
            if actual:
                value = value.replace(actual, "${" + name + "}")
    return value


def plan_context(summary: PlanSummary) -> dict[str, str]:
    """Account id and region the plan ran with (from its provider config and data sources)."""
    context: dict[str, str] = {}
    prior = summary.raw.get("prior_state", {}).get("values", {}).get("root_module", {})
    stack = [prior]
    while stack:
        module = stack.pop()
        stack.extend(module.get("child_modules", []))
        for resource in module.get("resources", []):
            if resource.get("type") == "aws_caller_identity":
                context.setdefault("account_id", str(resource["values"].get("account_id", "")))
            if resource.get("type") == "aws_region":
                context.setdefault("region", str(resource["values"].get("name", "")))
    region = summary.raw.get("variables", {}).get("region", {}).get("value")
    if isinstance(region, str) and region and "region" not in context:
        context["region"] = str(region)
    return {k: v for k, v in context.items() if v}


def load(path: Path) -> dict[str, Any]:
    """Read and validate the shape of an inventory file."""
    try:
        data = yaml.safe_load(path.read_text()) or {}
    except yaml.YAMLError as error:
        raise InventoryError(f"{path}: not valid YAML: {error}") from None
    if not isinstance(data, dict):
        raise InventoryError(f"{path}: an inventory is a mapping with sections {sorted(SECTIONS)}")
    unknown = set(data) - SECTIONS
    if unknown:
        raise InventoryError(
            f"{path}: unknown section(s) {sorted(unknown)}; allowed: {sorted(SECTIONS)}"
        )
    if not data:
        raise InventoryError(f"{path}: empty inventory asserts nothing")
    return data


def _same_scalar(expected: Any, actual: Any) -> bool:
    """Equal values of the same kind; bool never equals int (the plan keeps them apart)."""
    if isinstance(expected, str) and isinstance(actual, str):
        return expected.strip() == actual.strip()
    if isinstance(expected, bool) or isinstance(actual, bool):
        return type(expected) is type(actual) and expected == actual
    if isinstance(expected, int | float) and isinstance(actual, int | float):
        return expected == actual
    return type(expected) is type(actual) and bool(expected == actual)


def _compare_mapping(expected: dict[str, Any], actual: Any, path: str) -> Iterator[Mismatch]:
    if not isinstance(actual, dict):
        yield Mismatch(path, expected, actual, "expected a mapping")
        return
    for key, value in expected.items():
        child = f"{path}.{key}"
        if value == MISSING:
            if key in actual:
                yield Mismatch(child, MISSING, actual[key], "expected the key to be absent")
        elif key not in actual:
            yield Mismatch(child, value, MISSING, "key not in plan (unknown or unset)")
        else:
            yield from _compare(value, actual[key], child)


def _compare_list(expected: list[Any], actual: Any, path: str) -> Iterator[Mismatch]:
    if not isinstance(actual, list) or len(actual) != len(expected):
        yield Mismatch(path, expected, actual, "lists differ in length or type")
        return
    for index, (want, have) in enumerate(zip(expected, actual, strict=True)):
        yield from _compare(want, have, f"{path}[{index}]")


def _compare(expected: Any, actual: Any, path: str) -> Iterator[Mismatch]:
    if isinstance(actual, str) and isinstance(expected, dict | list):
        try:
            actual = json.loads(actual)
        except json.JSONDecodeError:
            yield Mismatch(path, expected, actual, "plan value is a string, not a JSON document")
            return
    if isinstance(expected, dict):
        yield from _compare_mapping(expected, actual, path)
    elif isinstance(expected, list):
        yield from _compare_list(expected, actual, path)
    elif not _same_scalar(expected, actual):
        yield Mismatch(path, expected, actual, "values differ")


def check(summary: PlanSummary, inventory: dict[str, Any]) -> list[Mismatch]:
    """Every way ``summary`` fails ``inventory`` (empty list: it passes)."""
    inventory = substitute(inventory, plan_context(summary))
    problems: list[Mismatch] = []
    for address, expected in (inventory.get("values") or {}).items():
        if address not in summary.values:
            problems.append(Mismatch(f"values.{address}", expected, MISSING, "address not in plan"))
            continue
        problems.extend(_compare(expected, summary.values[address], f"values.{address}"))
    for resource_type, want in (inventory.get("counts") or {}).items():
        have = summary.counts.get(resource_type, 0)
        if have != want:
            problems.append(Mismatch(f"counts.{resource_type}", want, have, "count differs"))
    for name, want in (inventory.get("outputs") or {}).items():
        if name not in summary.outputs:
            problems.append(Mismatch(f"outputs.{name}", want, MISSING, "output not declared"))
        elif summary.outputs[name] != want:
            problems.append(
                Mismatch(f"outputs.{name}", want, summary.outputs[name], "output differs")
            )
    for address in inventory.get("absent") or []:
        if address in summary.values:
            problems.append(
                Mismatch(f"absent.{address}", MISSING, "planned", "must not be planned")
            )
    return problems


def _refresh(selected: Any, actual: Any) -> Any:
    """Keep the inventory's choice of keys, refresh their values from the plan."""
    if isinstance(selected, dict) and isinstance(actual, dict):
        return {
            key: (_refresh(value, actual[key]) if key in actual else MISSING)
            for key, value in selected.items()
        }
    if isinstance(selected, dict | list) and isinstance(actual, str):
        try:
            return _refresh(selected, json.loads(actual))
        except json.JSONDecodeError:
            return actual
    return actual


def regenerate(summary: PlanSummary, existing: dict[str, Any] | None) -> dict[str, Any]:
    """An inventory reflecting ``summary``.

    With an existing inventory, its selection of addresses and keys is kept and the values
    refreshed (so reviewed, deliberately small inventories stay small). Without one, every
    planned resource is written with its non-null values, for a human to prune.
    """
    if existing and existing.get("values"):
        values = {
            address: _refresh(selected, summary.values[address])
            for address, selected in existing["values"].items()
            if address in summary.values
        }
    else:
        values = {
            address: {k: v for k, v in attributes.items() if v not in (None, [], {})}
            for address, attributes in sorted(summary.values.items())
        }
    inventory: dict[str, Any] = {
        "values": values,
        "counts": dict(sorted(summary.counts.items())),
        "outputs": dict(sorted(summary.outputs.items())),
    }
    absent = [a for a in (existing or {}).get("absent") or [] if a not in summary.values]
    if absent:
        inventory["absent"] = absent
    result: dict[str, Any] = placeholders(inventory, plan_context(summary))
    return result


def dump(inventory: dict[str, Any]) -> str:
    return yaml.safe_dump(inventory, sort_keys=False, default_flow_style=False, width=100)
