"""High-level operations used by tests, the CLI and the demo."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from filelock import FileLock

from tfharness.emulator import Emulator
from tfharness.examples import Example
from tfharness.paths import MODULES_DIR
from tfharness.plan import PlanSummary, summarise
from tfharness.scan import Finding, ScanResult, scan_hcl, scan_plans
from tfharness.session import cached_plan, plan_key, session_dir
from tfharness.terraform import Terraform, tfvars_file, working_copy
from tfharness.toolchain import Toolchain

TEST_REGION = "us-east-1"


def plan_root(
    root: Path,
    toolchain: Toolchain,
    emulator: Emulator,
    tf_vars: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Plan a copy of ``root`` against ``emulator`` and return the plan JSON."""
    with working_copy(root) as workdir:
        tf = Terraform(workdir, toolchain, env=emulator.process_env())
        var_files = [tfvars_file(workdir, tf_vars)] if tf_vars else []
        plan = tf.plan_json(var_files=var_files)
        plan["_harness"] = {"workdir": str(workdir)}
        return plan


def session_plan(
    root: Path,
    toolchain: Toolchain,
    emulator: Emulator,
    tf_vars: Mapping[str, Any] | None = None,
) -> PlanSummary:
    """The session-cached plan summary of ``root`` (computed once per test session)."""
    cached = cached_plan(
        plan_key(root, tf_vars), lambda: plan_root(root, toolchain, emulator, tf_vars)
    )
    plan = cached.load()
    return summarise(plan, plan.get("_harness", {}).get("workdir"))


def session_plan_path(
    root: Path,
    toolchain: Toolchain,
    emulator: Emulator,
    tf_vars: Mapping[str, Any] | None = None,
) -> Path:
    """Path of the session-cached plan JSON (for scanning); raises if the plan failed."""
    cached = cached_plan(
        plan_key(root, tf_vars), lambda: plan_root(root, toolchain, emulator, tf_vars)
    )
    cached.load()
    return cached.path


def module_call_source(module: str, inputs: Mapping[str, Any], region: str = TEST_REGION) -> str:
    """A root module (JSON syntax) that calls ``modules/<module>`` with ``inputs``."""
    root = {
        "terraform": {
            "required_version": ">= 1.11",
            "required_providers": {
                "aws": {"source": "hashicorp/aws", "version": ">= 5.100, < 6.0"}
            },
        },
        "provider": {"aws": {"region": region}},
        "module": {"under_test": {"source": "../", **dict(inputs)}},
    }
    return json.dumps(root, indent=2, sort_keys=True)


@contextlib.contextmanager
def module_call(
    module: str, inputs: Mapping[str, Any], modules_dir: Path = MODULES_DIR
) -> Iterator[Path]:
    """A throwaway root inside ``modules/<module>/`` that calls the module with ``inputs``."""
    module_dir = modules_dir / module
    if not (module_dir / "main.tf").is_file():
        raise FileNotFoundError(f"no module at {module_dir}")
    root = Path(tempfile.mkdtemp(prefix=".tfh-call-", dir=module_dir))
    try:
        (root / "main.tf.json").write_text(module_call_source(module, inputs))
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)


def plan_module_call(
    module: str,
    inputs: Mapping[str, Any],
    toolchain: Toolchain,
    emulator: Emulator,
) -> dict[str, Any]:
    """Plan a direct call of ``modules/<module>`` with ``inputs`` (raises TerraformError)."""
    with module_call(module, inputs) as root:
        tf = Terraform(root, toolchain, env=emulator.process_env())
        plan = tf.plan_json()
        plan["_harness"] = {"workdir": str(root)}
        return plan


def _findings_to_json(result: ScanResult) -> str:
    return json.dumps(
        {
            "findings": [dataclasses.asdict(f) for f in result.findings],
            "parsing_errors": result.parsing_errors,
        }
    )


def _findings_from_json(text: str) -> ScanResult:
    data = json.loads(text)
    return ScanResult([Finding(**f) for f in data["findings"]], list(data["parsing_errors"]))


def session_scan(name: str, compute: Callable[[], ScanResult]) -> ScanResult:
    """A checkov result computed once per test session (whichever worker asks first)."""
    return _session_scan(name, compute)


def load_scan(path: Path) -> ScanResult:
    """A scan result stored by a session (for reports)."""
    return _findings_from_json(path.read_text())


def _session_scan(name: str, compute: Callable[[], ScanResult]) -> ScanResult:
    base = session_dir() / "scans"
    base.mkdir(parents=True, exist_ok=True)
    path = base / f"{name}.json"
    with FileLock(str(base / f"{name}.lock")):
        if not path.exists():
            path.write_text(_findings_to_json(compute()))
    return _findings_from_json(path.read_text())


def session_scan_plans(
    examples: list[Example], toolchain: Toolchain, emulator: Emulator
) -> ScanResult:
    """One checkov run over every example's plan (once per session; findings by example id).

    Examples whose plan fails are left out here; their own plan tests report the failure.
    """

    def compute() -> ScanResult:
        plans = {}
        for example in examples:
            try:
                plans[example.id] = session_plan_path(example.path, toolchain, emulator)
            except RuntimeError:
                continue
        return scan_plans(plans, {example.id: example.path for example in examples})

    return _session_scan("plans", compute)


def session_scan_hcl() -> ScanResult:
    """One checkov run over all module source (once per session; findings by module)."""
    return _session_scan("hcl", lambda: scan_hcl(MODULES_DIR))
