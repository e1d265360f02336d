"""Differential hook: run the real ``terragrunt render --json`` when a binary is on PATH."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Mapping
from typing import Any

from . import paths
from .errors import TerragruntError


def terragrunt_binary() -> str | None:
    """The terragrunt executable on PATH (``TG_BINARY`` overrides), or None."""
    override = os.environ.get("TG_BINARY")
    if override:
        return shutil.which(override)
    return shutil.which("terragrunt")


def real_render_json(
    unit_dir: str, *, env: Mapping[str, str] | None = None, timeout: float = 120
) -> dict[str, Any]:
    """``terragrunt render --json --non-interactive --working-dir <unit>`` parsed as JSON."""
    binary = terragrunt_binary()
    if binary is None:
        raise TerragruntError("terragrunt is not installed (not on PATH)")
    proc = subprocess.run(
        [
            binary,
            "render",
            "--json",
            "--non-interactive",
            "--working-dir",
            paths.absolute(unit_dir),
        ],
        capture_output=True,
        text=True,
        env=dict(os.environ if env is None else env),
        timeout=timeout,
        check=False,
    )
    if proc.returncode != 0:
        raise TerragruntError(
            f"terragrunt render failed for {unit_dir} (exit {proc.returncode}): "
            f"{proc.stderr.strip()}"
        )
    data = json.loads(proc.stdout)
    if not isinstance(data, dict):
        raise TerragruntError(f"terragrunt render printed {type(data).__name__}, not an object")
    return data
