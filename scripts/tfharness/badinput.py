"""Bad-input cases: each must make the plan fail with a message naming the input and the rule.

All cases of one module are planned together: a root with one ``module "case_<n>"`` call per
case. Terraform reports every input-validation error of every call in one run, so a module's
whole table of bad inputs costs one plan instead of one each. Validations that refer to other
variables are evaluated after the simple ones and stay unreported while those fail, so the
cases a batch does not report are batched again; a case is planned on its own only when a
batch makes no progress, before anyone calls it undetected.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from filelock import FileLock

from tfharness.emulator import Emulator
from tfharness.paths import MODULES_DIR
from tfharness.runner import TEST_REGION, plan_module_call
from tfharness.session import session_dir
from tfharness.terraform import Terraform, TerraformError
from tfharness.toolchain import Toolchain

_CALL = re.compile(r"in module\.(case_\d+)")


@dataclass(frozen=True)
class BadInput:
    """One rejected input: ``inputs`` (merged over the module's valid base inputs) must fail
    with an error that names ``var.<variable>`` and contains ``rule``."""

    id: str
    inputs: Mapping[str, Any]
    variable: str
    rule: str
    base: Mapping[str, Any] = field(default_factory=dict)

    def call_inputs(self) -> dict[str, Any]:
        return {**self.base, **self.inputs}


def batch_source(cases: Sequence[BadInput], region: str = TEST_REGION) -> str:
    calls = {
        f"case_{index}": {"source": "../", **case.call_inputs()} for index, case in enumerate(cases)
    }
    root = {
        "terraform": {
            "required_version": ">= 1.11",
            "required_providers": {
                "aws": {"source": "hashicorp/aws", "version": ">= 5.100, < 6.0"}
            },
        },
        "provider": {"aws": {"region": region}},
        "module": calls,
    }
    return json.dumps(root, indent=2, sort_keys=True)


def split_errors(output: str) -> dict[str, str]:
    """Terraform's error output → error text per module call (``case_<n>``), whitespace folded."""
    found: dict[str, list[str]] = {}
    for block in output.split("Error: ")[1:]:
        text = " ".join(block.split())
        for call in set(_CALL.findall(text)):
            found.setdefault(call, []).append(text)
    return {call: " | ".join(texts) for call, texts in found.items()}


def _plan_batch(
    module: str, cases: Sequence[BadInput], toolchain: Toolchain, emulator: Emulator
) -> dict[str, str]:
    root = Path(tempfile.mkdtemp(prefix=".tfh-bad-", dir=MODULES_DIR / module))
    try:
        (root / "main.tf.json").write_text(batch_source(cases))
        try:
            Terraform(root, toolchain, env=emulator.process_env()).plan_json()
        except TerraformError as error:
            return split_errors(error.output)
        return {}
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _plan_alone(module: str, case: BadInput, toolchain: Toolchain, emulator: Emulator) -> str:
    try:
        plan_module_call(module, case.call_inputs(), toolchain, emulator)
    except TerraformError as error:
        return " ".join(error.output.split())
    return ""


def _resolve(
    module: str, cases: list[BadInput], toolchain: Toolchain, emulator: Emulator
) -> dict[str, str]:
    result: dict[str, str] = {}
    remaining = cases
    while remaining:
        by_call = _plan_batch(module, remaining, toolchain, emulator)
        reported = {i for i in range(len(remaining)) if f"case_{i}" in by_call}
        if not reported:
            for case in remaining:
                result[case.id] = _plan_alone(module, case, toolchain, emulator)
            break
        for index in reported:
            result[remaining[index].id] = by_call[f"case_{index}"]
        remaining = [case for i, case in enumerate(remaining) if i not in reported]
    return result


def errors_for(
    module: str, cases: Sequence[BadInput], toolchain: Toolchain, emulator: Emulator
) -> dict[str, str]:
    """Error text per case id ("" when the plan accepted the input); once per session."""
    material = json.dumps(
        [module, [[c.id, dict(c.call_inputs())] for c in cases]], sort_keys=True, default=str
    )
    key = f"{module}-{hashlib.sha256(material.encode()).hexdigest()[:12]}"
    base = session_dir() / "bad-inputs"
    base.mkdir(parents=True, exist_ok=True)
    path = base / f"{key}.json"
    with FileLock(str(base / f"{key}.lock")):
        if not path.exists():
            by_call = _plan_batch(module, cases, toolchain, emulator)
            result = {}
            for index, case in enumerate(cases):
                text = by_call.get(f"case_{index}") or _plan_alone(
                    module, case, toolchain, emulator
                )
                result[case.id] = text
            path.write_text(json.dumps(result))
    loaded: dict[str, str] = json.loads(path.read_text())
    return loaded


def problems(case: BadInput, message: str) -> list[str]:
    """Why ``message`` does not prove that ``case`` is rejected by its rule (empty: it does)."""
    if not message:
        return [f"the plan accepted {dict(case.inputs)}; it must fail on var.{case.variable}"]
    missing = []
    if f"var.{case.variable}" not in message:
        missing.append(f"the error does not name var.{case.variable}")
    if " ".join(case.rule.split()) not in message:
        missing.append(f"the error does not state the rule {case.rule!r}")
    return [f"{m}: {message[:1500]}" for m in missing]
