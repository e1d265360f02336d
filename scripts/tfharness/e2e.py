"""The apply path: apply on the embedded AWS, check outputs, re-plan, destroy.

A second plan right after apply must show no changes. On the emulator a few attributes
never round-trip (measured, listed in ``data/emulator_known_diffs.yaml``); an in-place
update of exactly those is tolerated, anything else (another attribute, another type, a
replacement) fails. Destroy always runs, is retried once (the emulator occasionally
reports a security-group rule as already gone), and must leave the state empty.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from tfharness.emulator import Emulator
from tfharness.examples import E2ESpec
from tfharness.terraform import Terraform, TerraformError, tfvars_file, working_copy
from tfharness.toolchain import Toolchain

KNOWN_DIFFS_PATH = Path(__file__).parent / "data" / "emulator_known_diffs.yaml"


@cache
def known_diffs() -> frozenset[tuple[str, str]]:
    """(resource type, attribute) pairs that never re-plan clean on the emulator."""
    entries = yaml.safe_load(KNOWN_DIFFS_PATH.read_text()) or []
    for entry in entries:
        if not str(entry.get("reason", "")).strip():
            raise ValueError(f"{KNOWN_DIFFS_PATH}: {entry} has no reason")
    return frozenset((str(e["type"]), str(e["attribute"])) for e in entries)


@dataclass(frozen=True)
class Drift:
    address: str
    actions: tuple[str, ...]
    attributes: tuple[str, ...]

    def __str__(self) -> str:
        what = ", ".join(self.attributes) or "(whole resource)"
        return f"{self.address}: {'/'.join(self.actions)} of {what}"


def changed_attributes(change: Mapping[str, Any]) -> tuple[str, ...]:
    before = change.get("before") or {}
    after = change.get("after") or {}
    unknown = change.get("after_unknown") or {}
    keys = set(before) | set(after) | set(unknown)
    return tuple(sorted(k for k in keys if before.get(k) != after.get(k) or unknown.get(k) is True))


def unexpected_changes(
    plan: Mapping[str, Any], allowed: frozenset[tuple[str, str]] | None = None
) -> tuple[list[Drift], list[Drift]]:
    """Split a re-plan's changes into (unexpected, tolerated known emulator diffs)."""
    allow = known_diffs() if allowed is None else allowed
    unexpected, tolerated = [], []
    for rc in plan.get("resource_changes", []):
        actions = tuple(rc.get("change", {}).get("actions", []))
        if actions in (("no-op",), ("read",)):
            continue
        attributes = changed_attributes(rc.get("change", {}))
        drift = Drift(rc["address"], actions, attributes)
        if (
            actions == ("update",)
            and attributes
            and all((rc["type"], a) in allow for a in attributes)
        ):
            tolerated.append(drift)
        else:
            unexpected.append(drift)
    return unexpected, tolerated


def output_problems(outputs: Mapping[str, Any], spec: E2ESpec) -> list[str]:
    """Applied outputs must be set (unless declared nullable) and match declared patterns."""
    problems = []
    for name, value in outputs.items():
        if value in (None, "", [], {}) and name not in spec.nullable_outputs:
            problems.append(f"output {name} is empty after apply")
    for name, pattern in spec.output_patterns.items():
        if name not in outputs:
            problems.append(f"output {name} is not declared by the example")
            continue
        value = outputs[name]
        text = value if isinstance(value, str) else json.dumps(value, sort_keys=True)
        if not re.search(pattern, text):
            problems.append(f"output {name} = {text!r} does not match {pattern!r}")
    return problems


@dataclass
class E2EResult:
    outputs: dict[str, Any] = field(default_factory=dict)
    output_problems: list[str] = field(default_factory=list)
    unexpected: list[Drift] = field(default_factory=list)
    tolerated: list[Drift] = field(default_factory=list)
    destroy_error: str = ""
    leftovers: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    def problems(self) -> list[str]:
        problems = list(self.output_problems)
        problems += [f"second plan is not empty: {d}" for d in self.unexpected]
        if self.destroy_error:
            problems.append(f"destroy failed: {self.destroy_error[-3000:]}")
        problems += [f"left in state after destroy: {a}" for a in self.leftovers]
        return problems


def _destroy(tf: Terraform, var_files: list[Path], result: E2EResult) -> None:
    start = time.monotonic()
    for attempt in (1, 2):
        try:
            tf.destroy(var_files=var_files)
            result.destroy_error = ""
            break
        except TerraformError as error:
            result.destroy_error = f"attempt {attempt}: {error.output}"
    result.timings["destroy"] = time.monotonic() - start
    if not result.destroy_error:
        result.leftovers = tf.state_resources()


def run(root: Path, toolchain: Toolchain, spec: E2ESpec, emulator: Emulator) -> E2EResult:
    """Apply ``root`` (a copy of it) on ``emulator``, check it, and always destroy it."""
    result = E2EResult()
    with working_copy(root) as workdir:
        tf = Terraform(workdir, toolchain, env=emulator.process_env())
        var_files = [tfvars_file(workdir, spec.tf_vars, name="emulator")] if spec.inputs else []
        try:
            start = time.monotonic()
            tf.apply(var_files=var_files)
            result.timings["apply"] = time.monotonic() - start
            result.outputs = tf.outputs()
            result.output_problems = output_problems(result.outputs, spec)
            start = time.monotonic()
            replan = tf.plan_json(var_files=var_files)
            result.timings["replan"] = time.monotonic() - start
            result.unexpected, result.tolerated = unexpected_changes(replan)
        finally:
            _destroy(tf, var_files, result)
    return result
