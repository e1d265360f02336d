"""Terraform over the live tree, unit by unit in dependency order, as ``terragrunt run --all``.

Each unit is evaluated by the Terragrunt-subset evaluator, materialised into a throwaway
root module (the module source, the generated ``provider.tf`` and ``backend.tf``, the
inputs as ``TF_VAR_*``) and driven by Terraform against the embedded AWS. Units whose
dependencies are done run in parallel (a small worker pool; each Terraform run is mostly
provider start-up and fixed waits).

State is the real S3 backend of the root config, on the emulator: the harness first does
what ``terragrunt backend bootstrap`` does (state bucket, versioned, SSE-KMS under the state
key, public access blocked, TLS-only, access-logged) in the unit's account and region,
through the same assume-role the backend uses (:mod:`tfharness.state_store`). Dependency
outputs are read from that state, as Terragrunt reads them; a dependency without state falls
back to its mock outputs for ``plan`` only. Mock values carry :data:`MOCK_MARKER`, and
:meth:`StackRunner.apply_unit` refuses a plan that contains it before anything is applied.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from botocore.exceptions import ClientError

from tfharness import e2e, live
from tfharness.live import MOCK_MARKER, Unit
from tfharness.paths import CACHE_DIR
from tfharness.stack_order import UnitResult, run_in_dependency_order
from tfharness.state_store import EmulatorLike, StateStore
from tfharness.terraform import Terraform, TerraformError, clean_env
from tfharness.terragrunt import (
    EvaluatedUnit,
    OutputsProvider,
    TerragruntError,
    evaluate_unit,
    materialise,
)
from tfharness.toolchain import Toolchain

WORK_ROOT = CACHE_DIR / "stack"
WORKERS_ENV = "TFH_STACK_WORKERS"
KEEP_ENV = "TFH_KEEP_WORKDIRS"
PLAN_FILE = "tfplan"


def default_workers() -> int:
    """Terraform runs wait on provider start-up and fixed sleeps: a few more than cores."""
    configured = os.environ.get(WORKERS_ENV)
    if configured:
        return max(1, int(configured))
    return min(4, (os.cpu_count() or 2) + 1)


class MockOutputError(RuntimeError):
    """A plan about to be applied contains a mock output value."""


def mock_values(plan: Mapping[str, Any]) -> list[str]:
    """Where the plan holds a value carrying the mock marker (``var.x``, ``address.attr``)."""
    found: list[str] = []

    def walk(value: Any, where: str) -> None:
        if isinstance(value, str):
            if MOCK_MARKER in value:
                found.append(f"{where} = {value!r}")
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{where}.{key}" if where else str(key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, f"{where}[{index}]")

    for name, spec in (plan.get("variables") or {}).items():
        walk(spec.get("value"), f"var.{name}")
    for change in plan.get("resource_changes") or []:
        walk((change.get("change") or {}).get("after"), change.get("address", "?"))
    for name, spec in (plan.get("output_changes") or {}).items():
        walk(spec.get("after"), f"output.{name}")
    if not found and MOCK_MARKER in json.dumps(plan):
        found.append("(elsewhere in the plan JSON)")
    return found


def refuse_mocks(plan: Mapping[str, Any], unit: str) -> None:
    """Raise :class:`MockOutputError` if ``plan`` carries a mock output value."""
    found = mock_values(plan)
    if found:
        raise MockOutputError(
            f"{unit}: refusing to apply a plan that contains mock output values "
            f"(marker {MOCK_MARKER!r}); a dependency was not applied or its real outputs "
            "were not read:\n  " + "\n  ".join(found[:20])
        )


def plan_file_mock_values(plan_file: Path) -> list[str]:
    """Entries of a saved plan (a zip: variables, changes, the configuration) holding the marker.

    Terraform stores values as msgpack and source as text, so a mock value appears verbatim;
    reading the file directly spares a ``terraform show -json`` per applied unit.
    """
    marker = MOCK_MARKER.encode()
    with zipfile.ZipFile(plan_file) as archive:
        return [name for name in archive.namelist() if marker in archive.read(name)]


def change_counts(plan: Mapping[str, Any]) -> dict[str, int]:
    counts = {"add": 0, "change": 0, "destroy": 0}
    for change in plan.get("resource_changes") or []:
        actions = (change.get("change") or {}).get("actions") or []
        if "create" in actions:
            counts["add"] += 1
        if "delete" in actions:
            counts["destroy"] += 1
        if "update" in actions:
            counts["change"] += 1
    return counts


def describe_counts(counts: Mapping[str, int]) -> str:
    return f"+{counts['add']} ~{counts['change']} -{counts['destroy']}"


@dataclass
class StackRunner:
    """Runs plan / apply / destroy over units of the live tree against one emulator."""

    toolchain: Toolchain
    emulator: EmulatorLike
    tg_env: dict[str, str]
    workers: int = field(default_factory=default_workers)
    work_root: Path = WORK_ROOT
    progress: Callable[[str], None] | None = print
    # Plans keep their JSON (``show -json``, about a third of a unit plan's CPU) for scans and
    # tests; `make plan-all` prints only the counts and turns it off.
    plan_json: bool = True
    store: StateStore = field(init=False)

    def __post_init__(self) -> None:
        self.store = StateStore(self.emulator)
        self._print_lock = threading.Lock()

    # -- evaluation and working copies --------------------------------------------------
    def outputs_provider(self) -> OutputsProvider:
        """Real outputs of applied dependencies, read from their state (as Terragrunt does)."""

        def provider(dep_dir: str) -> dict[str, Any] | None:
            dependency = evaluate_unit(dep_dir, command="render", env=self.tg_env)
            return self.store.outputs(dependency.remote_state) or None

        return provider

    def evaluate(self, unit: Unit, command: str) -> EvaluatedUnit:
        return evaluate_unit(
            str(unit.path),
            command=command,
            outputs_provider=self.outputs_provider(),
            env=self.tg_env,
        )

    @contextlib.contextmanager
    def terraform(self, unit: Unit, evaluated: EvaluatedUnit) -> Iterator[Terraform]:
        """A materialised root for ``unit`` in a fresh working dir, with its Terraform."""
        parent = self.work_root / unit.rel
        parent.mkdir(parents=True, exist_ok=True)
        workdir = Path(tempfile.mkdtemp(prefix="run-", dir=parent))
        try:
            self.store.bootstrap(evaluated.remote_state)
            materialised = materialise(evaluated, workdir / "src")
            base = {k: v for k, v in clean_env().items() if not k.startswith("TF_VAR_")}
            env = {**self.emulator.process_env(base), **materialised.env}
            yield Terraform(materialised.working_dir, self.toolchain, env=env, backend=True)
        finally:
            if not os.environ.get(KEEP_ENV):
                shutil.rmtree(workdir, ignore_errors=True)

    # -- actions ---------------------------------------------------------------------------
    def plan_unit(self, unit: Unit, *, as_json: bool | None = None) -> UnitResult:
        """Plan with real dependency outputs where they exist, mocks otherwise; the plan JSON
        is kept unless ``as_json`` (default: ``plan_json``) is false."""
        result = UnitResult(unit, "plan")
        evaluated = self.evaluate(unit, "plan")
        with self.terraform(unit, evaluated) as tf:
            if not (self.plan_json if as_json is None else as_json):
                result.detail = _plan_line(tf.plan_only(tf.root / PLAN_FILE))
                return result
            plan = tf.plan_to_file(tf.root / PLAN_FILE)
        plan["_harness"] = {"unit": unit.rel, "workdir": str(tf.root)}
        result.plan = plan
        result.detail = describe_counts(change_counts(plan))
        return result

    def replan_unit(self, unit: Unit) -> UnitResult:
        """A second plan after apply: only known emulator diffs may remain."""
        result = self.plan_unit(unit, as_json=True)
        assert result.plan is not None
        result.action = "replan"
        result.drift, result.tolerated = e2e.unexpected_changes(result.plan)
        if result.drift:
            result.status = "failed"
            result.error = "second plan is not empty:\n  " + "\n  ".join(map(str, result.drift))
        result.detail = "no changes" if not result.drift else f"{len(result.drift)} change(s)"
        if result.tolerated:
            result.detail += f" (tolerated: {', '.join(map(str, result.tolerated))})"
        return result

    def apply_unit(self, unit: Unit) -> UnitResult:
        """Apply with real dependency outputs only; a plan with a mock value is refused."""
        result = UnitResult(unit, "apply")
        evaluated = self.evaluate(unit, "apply")
        with self.terraform(unit, evaluated) as tf:
            plan_file = tf.root / PLAN_FILE
            printed = tf.plan_only(plan_file)
            found = plan_file_mock_values(plan_file)
            if found:
                refuse_mocks(tf.show_json(plan_file), unit.rel)
                raise MockOutputError(f"{unit}: the saved plan holds mock values in {found}")
            tf.apply_plan(plan_file)
        result.outputs = self.store.outputs(evaluated.remote_state)
        result.detail = _plan_line(printed)
        return result

    def destroy_unit(self, unit: Unit) -> UnitResult:
        """Destroy (retried once: moto sometimes reports a rule as already gone)."""
        result = UnitResult(unit, "destroy")
        state_only = evaluate_unit(str(unit.path), command="render", env=self.tg_env)
        before = self.store.resources(state_only.remote_state)
        if not before:
            result.detail = "nothing in state"
            return result
        evaluated = self.evaluate(unit, "destroy")
        with self.terraform(unit, evaluated) as tf:
            for attempt in (1, 2):
                try:
                    tf.destroy()
                    break
                except TerraformError:
                    if attempt == 2:
                        raise
        left = self.store.resources(evaluated.remote_state)
        if left:
            raise TerraformError("destroy", tf.root, "left in state: " + ", ".join(left))
        result.detail = f"{len(before)} resource blocks destroyed"
        return result

    # -- scheduling ---------------------------------------------------------------------------
    def _say(self, text: str) -> None:
        if self.progress is not None:
            with self._print_lock:
                self.progress(text)

    def run(
        self,
        selected: Sequence[Unit],
        action: str,
        *,
        reverse: bool = False,
        continue_after_failure: bool | None = None,
    ) -> dict[Unit, UnitResult]:
        """Run ``action`` on ``selected`` in dependency order (``reverse`` for destroy).

        A unit starts once every prerequisite among ``selected`` has finished. After a
        failure, units that need it are skipped — except for plans, which fall back to mocks
        (``continue_after_failure`` overrides).
        """
        do: Callable[[Unit], UnitResult] = {
            "plan": self.plan_unit,
            "replan": self.replan_unit,
            "apply": self.apply_unit,
            "destroy": self.destroy_unit,
        }[action]
        keep_going = (
            action in ("plan", "replan")
            if continue_after_failure is None
            else (continue_after_failure)
        )
        chosen = {u.path: u for u in selected}
        edges = live.graph(selected[0].live_dir).edges if selected else {}
        needs: dict[Unit, set[Unit]] = {u: set() for u in chosen.values()}
        for u in chosen.values():
            for dep in edges.get(str(u.path), []):
                dep_unit = chosen.get(Path(dep))
                if dep_unit is None:
                    continue
                if reverse:
                    needs[dep_unit].add(u)
                else:
                    needs[u].add(dep_unit)
        total = len(needs)
        counted: list[Unit] = []

        def finished(unit: Unit, result: UnitResult) -> None:
            counted.append(unit)
            mark = {"ok": "ok", "failed": "FAILED", "refused": "REFUSED", "skipped": "skipped"}
            self._say(
                f"[{len(counted):>3}/{total}] {mark.get(result.status, result.status):<8}"
                f"{action:<8}{unit.rel:<44}{result.detail}"
                + (f"  ({result.seconds:.0f}s)" if result.seconds else "")
            )

        results = run_in_dependency_order(
            needs,
            lambda unit: self._timed(do, unit, action),
            max(1, self.workers),
            action=action,
            keep_going=keep_going,
            finished=finished,
        )
        return {u: results[u] for u in sorted(results)}

    @staticmethod
    def _timed(do: Callable[[Unit], UnitResult], unit: Unit, action: str) -> UnitResult:
        start = time.monotonic()
        try:
            result = do(unit)
            if result.status == "pending":
                result.status = "ok"
        except MockOutputError as error:
            result = UnitResult(unit, action, "refused", error=str(error), detail="mock values")
        except (TerraformError, TerragruntError, ClientError, OSError) as error:
            result = UnitResult(unit, action, "failed", error=str(error), detail=_first_line(error))
        result.seconds = time.monotonic() - start
        return result


def _plan_line(printed: str) -> str:
    """``+2 ~0 -0`` from Terraform's ``Plan: 2 to add, 0 to change, 0 to destroy.``"""
    match = re.search(r"Plan: (\d+) to add, (\d+) to change, (\d+) to destroy", printed)
    if match:
        add, change, destroy = (int(g) for g in match.groups())
        return describe_counts({"add": add, "change": change, "destroy": destroy})
    return "no changes" if "No changes" in printed else ""


def _first_line(error: Exception) -> str:
    text = getattr(error, "output", "") or str(error)
    for line in str(text).splitlines():
        if line.strip().startswith("Error:") or "Error" in line:
            return line.strip()[:160]
    return str(error).splitlines()[0][:160] if str(error) else type(error).__name__
