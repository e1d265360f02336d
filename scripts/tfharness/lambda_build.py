"""Deterministic Lambda zips: ``lambda_src/<package>/`` → ``build/lambda/<package>.zip``.

Terraform references each zip by path and pins it with ``source_code_hash =
filebase64sha256(path)``, which is evaluated at *plan*: the zip must exist before any plan,
and its bytes must not change unless its content does, or every plan would show a code
update. So the zip is built outside Terraform (hashicorp/archive is not available offline)
and byte-identical across rebuilds and machines:

- entries in sorted arcname order, each with a fixed timestamp (1980-01-01, or
  ``SOURCE_DATE_EPOCH``), ``create_system = 3`` (Unix) and a fixed mode (0644 files, 0755
  directories and executables), deflated at level 9; no zip comment, no extra fields;
- no ``__pycache__``, ``*.pyc``, ``tests/`` or dotfiles; from installed dependencies no
  ``bin/`` (console scripts embed the builder's interpreter path) and no
  ``*.dist-info/{RECORD,INSTALLER,REQUESTED,direct_url.json}`` (they embed or hash those);
- written to a temporary file and moved into place with ``os.replace``; an identical zip
  already in place is left untouched (its mtime too).

A function package is a directory ``lambda_src/<package>/`` with ``__init__.py`` and a
``handler.py`` that defines ``handler(event, context)``; its handler string is
``<package>.handler.handler``. Optional build inputs inside it (never shipped):

- ``requirements.txt``: pinned runtime dependencies (hashes allowed; when present pip runs
  with ``--require-hashes``), installed as wheels for the Lambda platform, never built from
  source. Installed trees are cached under ``.cache/lambda-deps/<hash>``, so rebuilds need
  no network.
- ``build.toml``: ``include = ["phi_common"]`` (other packages under ``lambda_src/`` shipped
  in the same zip, with their own ``requirements.txt`` if any) and ``architecture =
  "x86_64" | "arm64"`` (which platform's wheels to install; default x86_64).

The printed hash is ``base64(sha256(zip))``, exactly what ``filebase64sha256`` returns.
"""

from __future__ import annotations

import ast
import base64
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
import tomllib
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock

from tfharness.paths import BUILD_DIR, CACHE_DIR, LAMBDA_SRC_DIR, relative

PYTHON_VERSION = "3.12"
# Wheel platform tags pip may pick, per architecture. The python3.12+ runtimes run on Amazon
# Linux 2023 (glibc 2.34), so manylinux_2_28 wheels run there too; binary packages such as
# Pillow 12+ publish only those.
PLATFORMS = {
    "x86_64": ("manylinux2014_x86_64", "manylinux_2_28_x86_64"),
    "arm64": ("manylinux2014_aarch64", "manylinux_2_28_aarch64"),
}
MANIFEST = "build.toml"
REQUIREMENTS = "requirements.txt"
OUTPUT_DIR = BUILD_DIR / "lambda"
DEPS_CACHE_DIR = CACHE_DIR / "lambda-deps"

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can carry
FILE_MODE = 0o100644
EXEC_MODE = 0o100755
DIR_MODE = 0o040755
_MSDOS_DIRECTORY = 0x10

_EXCLUDED_DIRS = frozenset({"__pycache__", "tests", "test"})
_EXCLUDED_SUFFIXES = (".pyc", ".pyo")
_VOLATILE_DIST_INFO = frozenset({"RECORD", "INSTALLER", "REQUESTED", "direct_url.json"})
_MANIFEST_KEYS = frozenset({"include", "architecture"})
_PIP_TIMEOUT = 600


class LambdaBuildError(RuntimeError):
    """A package cannot be built; the message says which and why."""


@dataclass(frozen=True)
class LambdaPackage:
    """A function package and what its zip is made of."""

    name: str
    source: Path
    includes: tuple[Path, ...] = ()
    architecture: str = "x86_64"

    @property
    def handler(self) -> str:
        return f"{self.name}.handler.handler"

    @property
    def requirement_files(self) -> tuple[Path, ...]:
        return tuple(
            p / REQUIREMENTS for p in (self.source, *self.includes) if (p / REQUIREMENTS).is_file()
        )


@dataclass(frozen=True)
class BuildResult:
    package: str
    handler: str
    zip_path: Path
    source_code_hash: str  # base64(sha256(zip)) == Terraform's filebase64sha256
    size: int
    entries: int
    rewritten: bool  # False when an identical zip was already in place

    def line(self) -> str:
        state = "built" if self.rewritten else "unchanged"
        return (
            f"{self.package}  {relative(self.zip_path)}  {self.source_code_hash}  "
            f"{self.size} bytes  {self.entries} entries  {state}  handler={self.handler}"
        )


# --- packages ---------------------------------------------------------------------------


def function_packages(src_dir: Path = LAMBDA_SRC_DIR) -> list[str]:
    """Names of the function packages under ``src_dir`` (those with a ``handler.py``)."""
    if not src_dir.is_dir():
        return []
    return sorted(
        p.name
        for p in src_dir.iterdir()
        if p.is_dir() and not p.name.startswith((".", "_")) and (p / "handler.py").is_file()
    )


def _check_python_package(path: Path, role: str) -> None:
    if not path.is_dir():
        raise LambdaBuildError(f"{role} {relative(path)} does not exist")
    if not (path / "__init__.py").is_file():
        raise LambdaBuildError(f"{role} {relative(path)} is not a Python package (no __init__.py)")


def _check_handler(package: Path) -> None:
    handler = package / "handler.py"
    if not handler.is_file():
        raise LambdaBuildError(
            f"{relative(package)} has no handler.py; the function's handler is "
            f"{package.name}.handler.handler"
        )
    try:
        tree = ast.parse(handler.read_text(), filename=str(handler))
    except SyntaxError as error:
        raise LambdaBuildError(f"{relative(handler)} does not parse: {error}") from None
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == "handler":
            return
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "handler" for t in node.targets
        ):
            return
        if isinstance(node, ast.ImportFrom) and any(
            (a.asname or a.name) == "handler" for a in node.names
        ):
            return
    raise LambdaBuildError(
        f"{relative(handler)} defines no top-level `handler(event, context)`; Lambda calls "
        f"{package.name}.handler.handler"
    )


def _read_manifest(package: Path) -> tuple[list[str], str]:
    path = package / MANIFEST
    if not path.is_file():
        return [], "x86_64"
    try:
        data = tomllib.loads(path.read_text())
    except tomllib.TOMLDecodeError as error:
        raise LambdaBuildError(f"{relative(path)} is not valid TOML: {error}") from None
    unknown = set(data) - _MANIFEST_KEYS
    if unknown:
        raise LambdaBuildError(
            f"{relative(path)}: unknown key(s) {sorted(unknown)}; known: {sorted(_MANIFEST_KEYS)}"
        )
    include = data.get("include", [])
    if not isinstance(include, list) or not all(isinstance(i, str) and i for i in include):
        raise LambdaBuildError(f"{relative(path)}: include must be a list of package names")
    architecture = data.get("architecture", "x86_64")
    if architecture not in PLATFORMS:
        raise LambdaBuildError(
            f"{relative(path)}: architecture must be one of {sorted(PLATFORMS)}, "
            f"got {architecture!r}"
        )
    return include, str(architecture)


def load_package(name: str, src_dir: Path = LAMBDA_SRC_DIR) -> LambdaPackage:
    """Validate ``src_dir/<name>`` as a function package and read its manifest."""
    source = src_dir / name
    if not source.is_dir():
        known = ", ".join(function_packages(src_dir)) or "none"
        raise LambdaBuildError(
            f"no Lambda package {name!r}: {relative(source)} does not exist "
            f"(function packages in {relative(src_dir)}: {known})"
        )
    _check_python_package(source, "Lambda package")
    _check_handler(source)
    include_names, architecture = _read_manifest(source)
    includes = []
    for include in include_names:
        if include == name:
            raise LambdaBuildError(
                f"{relative(source / MANIFEST)}: a package cannot include itself"
            )
        path = src_dir / include
        _check_python_package(path, f"{relative(source / MANIFEST)} includes {include!r}, but")
        includes.append(path)
    return LambdaPackage(name, source, tuple(includes), architecture)


# --- dependencies -----------------------------------------------------------------------


def _has_requirements(files: Iterable[Path]) -> bool:
    for path in files:
        for line in path.read_text().splitlines():
            stripped = line.strip()
            if stripped and not stripped.startswith(("#", "--hash", "\\")):
                return True
    return False


def _uses_hashes(files: Iterable[Path]) -> bool:
    return any("--hash=" in path.read_text() for path in files)


def dependencies_key(files: Sequence[Path], architecture: str) -> str:
    """Cache key of an installed dependency tree: what pip is asked for, and for where."""
    material = json.dumps(
        {
            "python": PYTHON_VERSION,
            "implementation": "cp",
            "platform": PLATFORMS[architecture],
            "requirements": [path.read_text() for path in files],
        },
        sort_keys=True,
    )
    return hashlib.sha256(material.encode()).hexdigest()[:32]


def pip_command(files: Sequence[Path], architecture: str, target: Path) -> list[str]:
    command = [
        sys.executable,
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "--no-input",
        "--only-binary=:all:",
        "--implementation",
        "cp",
        "--python-version",
        PYTHON_VERSION,
        *(arg for tag in PLATFORMS[architecture] for arg in ("--platform", tag)),
        "--target",
        str(target),
        "--no-deps",
        "--no-compile",
    ]
    if _uses_hashes(files):
        command.append("--require-hashes")
    for path in files:
        command += ["-r", str(path)]
    return command


def install_dependencies(
    files: Sequence[Path], architecture: str, cache_dir: Path = DEPS_CACHE_DIR
) -> Path | None:
    """The installed dependency tree for ``files`` (from the cache, or pip once)."""
    if not files or not _has_requirements(files):
        return None
    key = dependencies_key(files, architecture)
    cache_dir.mkdir(parents=True, exist_ok=True)
    final = cache_dir / key
    with FileLock(str(cache_dir / f"{key}.lock")):
        if final.is_dir():
            return final
        staging = cache_dir / f".staging-{key}-{os.getpid()}"
        shutil.rmtree(staging, ignore_errors=True)
        command = pip_command(files, architecture, staging)
        try:
            completed = subprocess.run(
                command, capture_output=True, text=True, check=False, timeout=_PIP_TIMEOUT
            )
        except subprocess.TimeoutExpired:
            shutil.rmtree(staging, ignore_errors=True)
            raise LambdaBuildError(
                f"pip did not finish within {_PIP_TIMEOUT}s installing "
                f"{', '.join(relative(f) for f in files)}"
            ) from None
        if completed.returncode != 0:
            shutil.rmtree(staging, ignore_errors=True)
            raise LambdaBuildError(
                f"pip could not install {', '.join(relative(f) for f in files)} for "
                f"{' / '.join(PLATFORMS[architecture])} / CPython {PYTHON_VERSION} "
                "(wheels only; the first build needs PyPI, "
                f"later builds use {relative(cache_dir)}):\n"
                f"{(completed.stderr or completed.stdout).strip()[-2000:]}"
            )
        staging.mkdir(exist_ok=True)  # pip creates it unless nothing was installed
        staging.replace(final)
    return final


# --- zip --------------------------------------------------------------------------------


def _walk(root: Path, *, skip_top: frozenset[str] = frozenset()) -> Iterable[tuple[str, Path]]:
    """(relative posix path, file) under ``root`` in sorted order, minus excluded files."""
    for directory, dirnames, filenames in os.walk(root):
        here = Path(directory)
        top = here == root
        dirnames[:] = sorted(
            d
            for d in dirnames
            if d not in _EXCLUDED_DIRS and not d.startswith(".") and not (top and d in skip_top)
        )
        for filename in sorted(filenames):
            if filename.endswith(_EXCLUDED_SUFFIXES) or filename.startswith("."):
                continue
            if top and filename in skip_top:
                continue
            if here.name.endswith(".dist-info") and filename in _VOLATILE_DIST_INFO:
                continue
            path = here / filename
            yield path.relative_to(root).as_posix(), path


def collect_entries(package: LambdaPackage, dependencies: Path | None) -> dict[str, Path]:
    """arcname → file for everything the zip ships, checking that nothing collides."""
    entries: dict[str, Path] = {}

    def add(arcname: str, path: Path) -> None:
        if arcname in entries:
            raise LambdaBuildError(
                f"{package.name}: {arcname} comes from both {relative(entries[arcname])} and "
                f"{relative(path)}"
            )
        entries[arcname] = path

    if dependencies is not None:
        for arcname, path in _walk(dependencies, skip_top=frozenset({"bin"})):
            add(arcname, path)
    for source in (package.source, *package.includes):
        build_inputs = frozenset({MANIFEST, REQUIREMENTS})
        for arcname, path in _walk(source, skip_top=build_inputs):
            add(f"{source.name}/{arcname}", path)
    return entries


def zip_date_time(environ: Mapping[str, str] | None = None) -> tuple[int, int, int, int, int, int]:
    """The timestamp of every entry: ``SOURCE_DATE_EPOCH`` (UTC) if set, else 1980-01-01."""
    raw = (os.environ if environ is None else environ).get("SOURCE_DATE_EPOCH", "").strip()
    if not raw:
        return ZIP_EPOCH
    try:
        moment = time.gmtime(int(raw))
    except (ValueError, OverflowError, OSError):
        raise LambdaBuildError(f"SOURCE_DATE_EPOCH must be whole seconds, got {raw!r}") from None
    if moment.tm_year < 1980:
        return ZIP_EPOCH
    if moment.tm_year > 2107:
        raise LambdaBuildError("SOURCE_DATE_EPOCH is after 2107, the last year a zip can carry")
    # Zip times have two-second resolution; round down so the stored value is the input's.
    second = moment.tm_sec - moment.tm_sec % 2
    return (
        moment.tm_year,
        moment.tm_mon,
        moment.tm_mday,
        moment.tm_hour,
        moment.tm_min,
        second,
    )


def _directories(arcnames: Iterable[str]) -> set[str]:
    found = set()
    for name in arcnames:
        parts = name.split("/")[:-1]
        for depth in range(1, len(parts) + 1):
            found.add("/".join(parts[:depth]) + "/")
    return found


def write_zip(
    entries: Mapping[str, Path],
    destination: Path,
    date_time: tuple[int, int, int, int, int, int] = ZIP_EPOCH,
) -> Path:
    """Write ``entries`` deterministically to a temporary file next to ``destination``."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    tmp = destination.with_name(f".{destination.name}.{os.getpid()}.tmp")
    names = sorted(set(entries) | _directories(entries))
    try:
        with zipfile.ZipFile(tmp, "w") as archive:
            for name in names:
                info = zipfile.ZipInfo(name, date_time=date_time)
                info.create_system = 3
                if name.endswith("/"):
                    info.external_attr = (DIR_MODE << 16) | _MSDOS_DIRECTORY
                    info.CRC = info.compress_size = info.file_size = 0
                    archive.mkdir(info)
                    continue
                source = entries[name]
                executable = source.stat().st_mode & 0o111
                info.external_attr = (EXEC_MODE if executable else FILE_MODE) << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, source.read_bytes(), compresslevel=9)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def source_code_hash(path: Path) -> str:
    """``base64(sha256(file))``: what Terraform's ``filebase64sha256(path)`` returns."""
    return base64.b64encode(hashlib.sha256(path.read_bytes()).digest()).decode()


def build_package(
    name: str,
    *,
    src_dir: Path = LAMBDA_SRC_DIR,
    out_dir: Path = OUTPUT_DIR,
    cache_dir: Path = DEPS_CACHE_DIR,
    environ: Mapping[str, str] | None = None,
) -> BuildResult:
    """Build ``src_dir/<name>`` into ``out_dir/<name>.zip`` (deterministic; see module doc)."""
    package = load_package(name, src_dir)
    dependencies = install_dependencies(package.requirement_files, package.architecture, cache_dir)
    entries = collect_entries(package, dependencies)
    destination = out_dir / f"{name}.zip"
    tmp = write_zip(entries, destination, zip_date_time(environ))
    try:
        rewritten = not (destination.is_file() and destination.read_bytes() == tmp.read_bytes())
        if rewritten:
            tmp.replace(destination)  # atomic: readers see the old or the new zip
    finally:
        tmp.unlink(missing_ok=True)
    with zipfile.ZipFile(destination) as archive:
        count = len(archive.infolist())
    return BuildResult(
        package=name,
        handler=package.handler,
        zip_path=destination,
        source_code_hash=source_code_hash(destination),
        size=destination.stat().st_size,
        entries=count,
        rewritten=rewritten,
    )


def build_all(
    names: Sequence[str] | None = None,
    *,
    src_dir: Path = LAMBDA_SRC_DIR,
    out_dir: Path = OUTPUT_DIR,
    cache_dir: Path = DEPS_CACHE_DIR,
) -> list[BuildResult]:
    """Build the named packages, or every function package under ``src_dir``."""
    chosen = list(names) if names else function_packages(src_dir)
    return [build_package(n, src_dir=src_dir, out_dir=out_dir, cache_dir=cache_dir) for n in chosen]


def package_path(name: str, out_dir: Path = OUTPUT_DIR) -> Path:
    """Where the zip of ``name`` is written (what examples pass as ``package_path``)."""
    return out_dir / f"{name}.zip"
