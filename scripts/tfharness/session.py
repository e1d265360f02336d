"""Per-test-session caches shared by parallel workers.

Each plan is computed once per test session, whichever worker asks first; the others wait
on a file lock and read the stored JSON. The cache lives under ``.cache/session/<id>``
where ``<id>`` is the run id shared by all pytest-xdist workers of one run, so nothing
leaks from one session into the next.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from filelock import FileLock

from tfharness.paths import CACHE_DIR, REPO_ROOT

SESSION_ENV = "TFH_SESSION_ID"
_KEEP_SESSIONS = 3


def session_id() -> str:
    existing = os.environ.get(SESSION_ENV)
    if existing:
        return existing
    new = time.strftime("%Y%m%d-%H%M%S-") + uuid.uuid4().hex[:8]
    os.environ[SESSION_ENV] = new
    return new


def session_dir(sid: str | None = None) -> Path:
    path = CACHE_DIR / "session" / (sid or session_id())
    path.mkdir(parents=True, exist_ok=True)
    return path


def prune_sessions(keep: int = _KEEP_SESSIONS) -> None:
    """Remove old session directories (called by the controller at session start)."""
    root = CACHE_DIR / "session"
    if not root.is_dir():
        return
    sessions = sorted((p for p in root.iterdir() if p.is_dir()), key=lambda p: p.stat().st_mtime)
    for old in sessions[:-keep] if keep else sessions:
        shutil.rmtree(old, ignore_errors=True)


def plan_key(root: Path, tf_vars: Mapping[str, Any] | None) -> str:
    try:
        where = str(root.resolve().relative_to(REPO_ROOT))
    except ValueError:
        where = str(root.resolve())
    material = json.dumps([where, dict(tf_vars or {})], sort_keys=True)
    readable = where.replace("/", "__").replace("modules__", "").replace("examples__", "")
    return f"{readable}-{hashlib.sha256(material.encode()).hexdigest()[:12]}"


@dataclass(frozen=True)
class CachedPlan:
    """A plan stored for the session: the JSON on disk, or the error Terraform printed."""

    path: Path
    error: str | None

    def load(self) -> dict[str, Any]:
        if self.error is not None:
            raise RuntimeError(self.error)
        data: dict[str, Any] = json.loads(self.path.read_text())
        return data


def cached_plan(
    key: str, compute: Callable[[], dict[str, Any]], directory: Path | None = None
) -> CachedPlan:
    """Return the session's plan for ``key``, computing it under a lock if nobody has yet."""
    base = (directory or session_dir()) / "plans"
    base.mkdir(parents=True, exist_ok=True)
    plan_path, error_path = base / f"{key}.json", base / f"{key}.error.txt"
    with FileLock(str(base / f"{key}.lock")):
        if plan_path.exists():
            return CachedPlan(plan_path, None)
        if error_path.exists():
            return CachedPlan(plan_path, error_path.read_text())
        try:
            plan = compute()
        except Exception as error:
            error_path.write_text(str(error))
            return CachedPlan(plan_path, str(error))
        tmp = plan_path.with_suffix(".tmp")
        tmp.write_text(json.dumps(plan))
        tmp.replace(plan_path)
        return CachedPlan(plan_path, None)
