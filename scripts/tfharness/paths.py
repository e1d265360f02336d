"""Well-known locations inside the repository (discovered, never hard-coded)."""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
MODULES_DIR = REPO_ROOT / "modules"
LIVE_DIR = REPO_ROOT / "live"
TESTS_DIR = REPO_ROOT / "tests"
LAMBDA_SRC_DIR = REPO_ROOT / "lambda_src"
CACHE_DIR = REPO_ROOT / ".cache"
BUILD_DIR = REPO_ROOT / "build"


def relative(path: Path) -> str:
    """Render a path relative to the repository root when it is inside it."""
    try:
        return str(path.resolve().relative_to(REPO_ROOT))
    except ValueError:
        return str(path)
