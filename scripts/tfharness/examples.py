"""Module examples and the test data that belongs to them.

``modules/<module>/examples/<scenario>/`` is a root module that tests plan, scan and apply.
Its inventory is ``tests/modules/<module>/<scenario>.yaml``; an optional
``tests/modules/<module>/<scenario>.e2e.yaml`` says what the apply on the emulator changes
(explicit inputs, each with a reason) and what the applied outputs must look like.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tfharness.paths import MODULES_DIR, TESTS_DIR


class SpecError(ValueError):
    """An e2e spec is malformed."""


@dataclass(frozen=True)
class EmulatorInput:
    name: str
    value: Any
    reason: str


@dataclass(frozen=True)
class E2ESpec:
    """What an apply on the emulator sets, and what it must produce."""

    inputs: tuple[EmulatorInput, ...] = ()
    output_patterns: dict[str, str] = field(default_factory=dict)
    nullable_outputs: frozenset[str] = frozenset()

    @property
    def tf_vars(self) -> dict[str, Any]:
        return {i.name: i.value for i in self.inputs}


@dataclass(frozen=True)
class Example:
    module: str
    name: str
    path: Path

    @property
    def id(self) -> str:
        return f"{self.module}/{self.name}"

    @property
    def inventory_path(self) -> Path:
        return TESTS_DIR / "modules" / self.module / f"{self.name}.yaml"

    @property
    def e2e_spec_path(self) -> Path:
        return TESTS_DIR / "modules" / self.module / f"{self.name}.e2e.yaml"

    def e2e_spec(self) -> E2ESpec:
        if not self.e2e_spec_path.is_file():
            return E2ESpec()
        return load_e2e_spec(self.e2e_spec_path)


def discover(modules_dir: Path = MODULES_DIR) -> list[Example]:
    """Every ``modules/*/examples/*`` directory that holds Terraform files."""
    found = []
    for example in sorted(modules_dir.glob("*/examples/*")):
        if example.is_dir() and not example.name.startswith(".") and any(example.glob("*.tf")):
            found.append(
                Example(module=example.parent.parent.name, name=example.name, path=example)
            )
    return found


def modules(modules_dir: Path = MODULES_DIR) -> list[Path]:
    return sorted(p for p in modules_dir.iterdir() if p.is_dir() and (p / "main.tf").is_file())


def load_e2e_spec(path: Path) -> E2ESpec:
    data = yaml.safe_load(path.read_text()) or {}
    unknown = set(data) - {"emulator_inputs", "outputs", "nullable_outputs"}
    if unknown:
        raise SpecError(f"{path}: unknown key(s) {sorted(unknown)}")
    inputs = []
    for name, spec in (data.get("emulator_inputs") or {}).items():
        if (
            not isinstance(spec, dict)
            or "value" not in spec
            or not str(spec.get("reason", "")).strip()
        ):
            raise SpecError(
                f"{path}: emulator_inputs.{name} needs `value` and a non-empty `reason` "
                "(why the emulator cannot take the default)"
            )
        inputs.append(EmulatorInput(name, spec["value"], str(spec["reason"]).strip()))
    patterns = {str(k): str(v) for k, v in (data.get("outputs") or {}).items()}
    for name, pattern in patterns.items():
        try:
            re.compile(pattern)
        except re.error as error:
            raise SpecError(f"{path}: outputs.{name} is not a valid regex: {error}") from None
    nullable = frozenset(str(n) for n in data.get("nullable_outputs") or [])
    return E2ESpec(tuple(inputs), patterns, nullable)
