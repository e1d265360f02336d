"""String-in, string-out path helpers on top of pathlib.

Terragrunt reports and compares paths as cleaned strings (Go ``filepath``), so
the evaluator keeps paths as ``str`` and uses these helpers for file-system access.
"""

from __future__ import annotations

import posixpath
from pathlib import Path


def clean(path: str) -> str:
    """Go's ``filepath.Clean`` on POSIX (``""`` → ``"."``, no ``//`` prefix)."""
    if path == "":
        return "."
    cleaned = posixpath.normpath(path)
    if cleaned.startswith("//"):
        cleaned = "/" + cleaned.lstrip("/")
    return cleaned


def parent(path: str) -> str:
    return str(Path(path).parent)


def basename(path: str) -> str:
    return Path(path).name


def join(base: str, *parts: str) -> str:
    return str(Path(base).joinpath(*parts))


def is_abs(path: str) -> bool:
    return Path(path).is_absolute()


def resolve(base_dir: str, path: str) -> str:
    """``path`` relative to ``base_dir`` (absolute paths kept), cleaned."""
    return clean(path if is_abs(path) else join(base_dir, path))


def absolute(path: str) -> str:
    return clean(str(Path(path).absolute()))


def is_file(path: str) -> bool:
    return Path(path).is_file()


def is_dir(path: str) -> bool:
    return Path(path).is_dir()


def exists(path: str) -> bool:
    return Path(path).exists()


def signature(path: str) -> tuple[int, int]:
    """(mtime in ns, size): changes whenever the file is rewritten."""
    st = Path(path).stat()
    return st.st_mtime_ns, st.st_size


def read_text(path: str) -> str:
    return Path(path).read_text(encoding="utf-8")
