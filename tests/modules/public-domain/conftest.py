"""Direct calls of modules/public-domain, which needs a second provider (``aws.us_east_1``).

The shared ``plan_call`` and ``bad_input`` fixtures configure one provider; these roots put the
default provider in us-west-2 (so a resource on the wrong provider shows in its ARN region) and
add ``aws.us_east_1``, as every caller must. Bad inputs are batched like ``tfharness.badinput``
does (and like tests/modules/backup/conftest.py): one root with a module call per case, one plan.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from filelock import FileLock
from tfharness.badinput import BadInput, problems, split_errors
from tfharness.emulator import Emulator
from tfharness.paths import MODULES_DIR
from tfharness.session import session_dir
from tfharness.terraform import Terraform, TerraformError
from tfharness.toolchain import Toolchain

HOME_REGION = "us-west-2"
PROVIDERS = {"aws": "aws", "aws.us_east_1": "aws.us_east_1"}


def _root_source(calls: dict[str, dict[str, Any]]) -> str:
    root = {
        "terraform": {
            "required_version": ">= 1.11",
            "required_providers": {
                "aws": {"source": "hashicorp/aws", "version": ">= 5.100, < 6.0"}
            },
        },
        "provider": {
            "aws": [{"region": HOME_REGION}, {"alias": "us_east_1", "region": "us-east-1"}]
        },
        "module": {
            name: {"source": "../", "providers": PROVIDERS, **inputs}
            for name, inputs in calls.items()
        },
    }
    return json.dumps(root, indent=2, sort_keys=True)


def _plan(
    calls: dict[str, dict[str, Any]], toolchain: Toolchain, emulator: Emulator
) -> dict[str, Any]:
    root = Path(tempfile.mkdtemp(prefix=".tfh-call-", dir=MODULES_DIR / "public-domain"))
    try:
        (root / "main.tf.json").write_text(_root_source(calls))
        return Terraform(root, toolchain, env=emulator.process_env()).plan_json()
    finally:
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def plan_public_domain(
    toolchain: Toolchain, plan_emulator: Emulator
) -> Callable[..., dict[str, Any]]:
    """``plan_public_domain(inputs)``: plan JSON of a direct call of the module (raises)."""

    def plan(inputs: dict[str, Any]) -> dict[str, Any]:
        return _plan({"under_test": inputs}, toolchain, plan_emulator)

    return plan


def _errors(cases: list[BadInput], toolchain: Toolchain, emulator: Emulator) -> dict[str, str]:
    """Error text per case id: one batched plan, then each unreported case on its own."""
    material = json.dumps([[c.id, c.call_inputs()] for c in cases], sort_keys=True, default=str)
    key = f"public-domain-{hashlib.sha256(material.encode()).hexdigest()[:12]}"
    base = session_dir() / "bad-inputs"
    base.mkdir(parents=True, exist_ok=True)
    path = base / f"{key}.json"
    with FileLock(str(base / f"{key}.lock")):
        if not path.exists():
            calls = {f"case_{i}": case.call_inputs() for i, case in enumerate(cases)}
            by_call: dict[str, str] = {}
            try:
                _plan(calls, toolchain, emulator)
            except TerraformError as error:
                by_call = split_errors(error.output)
            result = {}
            for index, case in enumerate(cases):
                text = by_call.get(f"case_{index}", "")
                if not text:
                    try:
                        _plan({"under_test": case.call_inputs()}, toolchain, emulator)
                    except TerraformError as error:
                        text = " ".join(error.output.split())
                result[case.id] = text
            path.write_text(json.dumps(result))
    loaded: dict[str, str] = json.loads(path.read_text())
    return loaded


@pytest.fixture(scope="session")
def public_domain_bad_input(toolchain: Toolchain, plan_emulator: Emulator) -> Callable[..., None]:
    """``public_domain_bad_input(cases, case)``: ``case`` fails naming its input and rule."""

    def check(cases: list[BadInput], case: BadInput) -> None:
        found = problems(case, _errors(cases, toolchain, plan_emulator)[case.id])
        assert not found, "\n".join(found)

    return check
