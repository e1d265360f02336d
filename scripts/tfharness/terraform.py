"""Terraform driven through tftest, in throwaway working copies.

Why tftest and not python-terraform: python-terraform's ``plan()`` passes the working
directory as a positional argument (``terraform plan <dir>``), which Terraform >= 0.15
rejects. tftest runs each command *in* the directory and gives us plan JSON.

Every root is planned/applied in a copy placed next to the original (so relative module
sources like ``../..`` keep resolving), never in the source tree itself: parallel workers
and developers' local ``.terraform`` directories cannot interfere.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tftest

from tfharness.toolchain import Toolchain

# Never copied into a working copy: local state and Terraform's own working files.
_IGNORED = shutil.ignore_patterns(
    ".terraform",
    ".terraform.lock.hcl",
    "terraform.tfstate*",
    "*.tfplan",
    "terraform.tfvars",
    "*.auto.tfvars",
    "*.auto.tfvars.json",
    ".tfh-*",
    "__pycache__",
)


# Hard limits per command (seconds). Provider waits against the emulator are fixed sleeps
# (e.g. 80 s per DB instance), so these are generous; a hung command must still end.
TIMEOUTS = {"init": 120, "plan": 600, "show": 120, "apply": 1500, "destroy": 900, "output": 60}
DEFAULT_TIMEOUT = 300


class _TimedTerraformTest(tftest.TerraformTest):  # type: ignore[misc]
    """tftest's TerraformTest with a timeout per command and process-group cleanup.

    tftest streams output without a time limit; a command that hangs (e.g. a provider
    retrying an API the emulator lacks) would hang the test session. Here each command runs
    in its own process group, which is killed, with the provider plugins it started, when
    the limit passes. Exit codes and errors keep tftest's contract (1 and 11 raise).
    """

    def execute_command(self, cmd: str, *cmd_args: str) -> tftest.TerraformCommandOutput:
        limit = TIMEOUTS.get(cmd, DEFAULT_TIMEOUT) * float(os.environ.get("TFH_TIMEOUT_SCALE", "1"))
        with subprocess.Popen(
            [self.binary, cmd, *cmd_args],
            cwd=self.tfdir,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            errors="replace",
            start_new_session=True,
        ) as process:
            try:
                out, err = process.communicate(timeout=limit)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                out, err = process.communicate()
                raise tftest.TerraformTestError(
                    f"Error running command {cmd}: timed out after {limit:.0f}s\n{out}", err
                ) from None
        if process.returncode in (1, 11):
            raise tftest.TerraformTestError(
                f"Error running command {cmd}: {process.returncode} {out} {err}", err
            )
        return tftest.TerraformCommandOutput(process.returncode, out, err)


class TerraformError(RuntimeError):
    """A Terraform command failed; ``output`` holds what Terraform printed."""

    def __init__(self, command: str, root: Path, output: str) -> None:
        self.command = command
        self.root = root
        self.output = output
        super().__init__(f"terraform {command} failed in {root}:\n{output.strip()}")


@contextlib.contextmanager
def working_copy(root: Path, *, keep: bool = False) -> Iterator[Path]:
    """Copy ``root`` into a sibling ``.tfh-*`` directory, yield it, and remove it afterwards."""
    root = root.resolve()
    if not root.is_dir():
        raise FileNotFoundError(f"Terraform root {root} does not exist")
    copy = Path(tempfile.mkdtemp(prefix=f".tfh-{root.name}-", dir=root.parent))
    try:
        shutil.copytree(root, copy, ignore=_IGNORED, dirs_exist_ok=True, symlinks=False)
        yield copy
    finally:
        if not keep:
            shutil.rmtree(copy, ignore_errors=True)


@dataclass
class Terraform:
    """One Terraform root (usually a working copy) with the harness environment."""

    root: Path
    toolchain: Toolchain
    env: Mapping[str, str] = field(default_factory=dict)
    # Initialise the root's configured backend (a Terragrunt unit's S3 state) instead of
    # skipping it; examples and module calls have none.
    backend: bool = False
    _tf: tftest.TerraformTest | None = None
    _initialised: bool = False

    def _test(self) -> tftest.TerraformTest:
        if self._tf is None:
            self._tf = _TimedTerraformTest(str(self.root), binary=str(self.toolchain.terraform))
            # The whole environment is ours: the caller's (e.g. the emulator's scrubbed
            # environment) first, then the toolchain's settings, which always win.
            base = dict(self.env) if self.env else clean_env()
            base.pop("TF_LOG", None)
            self._tf.env = {**base, **self.toolchain.env()}
        return self._tf

    def _run(self, command: str, *args: str) -> str:
        try:
            result = self._test().execute_command(command, *args)
        except tftest.TerraformTestError as error:
            raise TerraformError(command, self.root, _error_text(error)) from None
        return str(result.out)

    def init(self) -> None:
        if not self._initialised:
            backend = "-reconfigure" if self.backend else "-backend=false"
            self._run("init", "-input=false", "-no-color", backend)
            self._initialised = True

    def plan_json(
        self, tf_vars: Mapping[str, Any] | None = None, var_files: list[Path] | None = None
    ) -> dict[str, Any]:
        """``plan -out`` then ``show -json``: the machine-readable plan."""
        self.init()
        plan_file = self.root / "harness.tfplan"
        self._run(
            "plan",
            *self._var_args(tf_vars, var_files),
            "-input=false",
            "-no-color",
            f"-out={plan_file}",
        )
        try:
            shown = self._run("show", "-no-color", "-json", str(plan_file))
        finally:
            plan_file.unlink(missing_ok=True)
        plan: dict[str, Any] = json.loads(shown)
        return plan

    def plan_to_file(self, plan_file: Path, var_files: list[Path] | None = None) -> dict[str, Any]:
        """``plan -out=plan_file`` (kept, for ``apply_plan``) and its ``show -json``."""
        self.init()
        self._run(
            "plan",
            *self._var_args(None, var_files),
            "-input=false",
            "-no-color",
            f"-out={plan_file}",
        )
        plan: dict[str, Any] = json.loads(self._run("show", "-no-color", "-json", str(plan_file)))
        return plan

    def plan_only(self, plan_file: Path) -> str:
        """``plan -out=plan_file`` without ``show``; returns what Terraform printed."""
        self.init()
        return self._run("plan", "-input=false", "-no-color", f"-out={plan_file}")

    def show_json(self, plan_file: Path) -> dict[str, Any]:
        plan: dict[str, Any] = json.loads(self._run("show", "-no-color", "-json", str(plan_file)))
        return plan

    def apply_plan(self, plan_file: Path) -> str:
        """Apply exactly a saved plan (what was checked is what is applied)."""
        self.init()
        return self._run("apply", "-input=false", "-no-color", str(plan_file))

    def apply(
        self, tf_vars: Mapping[str, Any] | None = None, var_files: list[Path] | None = None
    ) -> str:
        self.init()
        return self._run(
            "apply",
            *self._var_args(tf_vars, var_files),
            "-input=false",
            "-no-color",
            "-auto-approve",
        )

    def outputs(self) -> dict[str, Any]:
        raw = json.loads(self._run("output", "-no-color", "-json"))
        return {name: spec.get("value") for name, spec in raw.items()}

    def destroy(
        self, tf_vars: Mapping[str, Any] | None = None, var_files: list[Path] | None = None
    ) -> str:
        self.init()
        return self._run(
            "destroy",
            *self._var_args(tf_vars, var_files),
            "-input=false",
            "-no-color",
            "-auto-approve",
        )

    def state_resources(self) -> list[str]:
        """Addresses still in state (empty after a clean destroy)."""
        if not (self.root / "terraform.tfstate").exists():
            return []
        out = self._run("state", "list")
        return [line for line in out.splitlines() if line.strip()]

    @staticmethod
    def _var_args(tf_vars: Mapping[str, Any] | None, var_files: list[Path] | None) -> list[str]:
        args = [f"-var-file={path}" for path in var_files or []]
        for name, value in (tf_vars or {}).items():
            encoded = value if isinstance(value, str) else json.dumps(value)
            args.append(f"-var={name}={encoded}")
        return args


def _error_text(error: tftest.TerraformTestError) -> str:
    return str(error.args[0]) if error.args else str(error)


def tfvars_file(directory: Path, values: Mapping[str, Any], name: str = "harness") -> Path:
    """Write ``values`` as a ``.tfvars.json`` file (not auto-loaded) and return its path."""
    path = directory / f"{name}.tfvars.json"
    path.write_text(json.dumps(dict(values), indent=2, sort_keys=True))
    return path


def clean_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """This process's environment without TF_LOG noise, plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if k != "TF_LOG"}
    env.update(extra or {})
    return env
