"""Lambda zips are deterministic: same bytes on every rebuild, whatever the files' mtimes.

Most tests build a package made up in a temporary ``lambda_src`` with a pre-seeded
dependency cache (no network); ``test_real_packages_rebuild_byte_identical`` builds the
repository's own packages twice (their dependencies come from ``.cache/lambda-deps``, or
from PyPI once).
"""

from __future__ import annotations

import base64
import hashlib
import os
import stat
import time
import zipfile
from pathlib import Path

import pytest
from tfharness import lambda_build as lb
from tfharness.paths import LAMBDA_SRC_DIR

HANDLER = "def handler(event, context):\n    return {'ok': True}\n"


def write(path: Path, text: str = "", mode: int | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    if mode is not None:
        path.chmod(mode)
    return path


@pytest.fixture
def src(tmp_path: Path) -> Path:
    """A lambda_src with function ``demo_fn`` (includes ``shared``) and junk that must not ship."""
    root = tmp_path / "lambda_src"
    write(root / "demo_fn" / "__init__.py")
    write(root / "demo_fn" / "handler.py", HANDLER)
    write(root / "demo_fn" / "core.py", "VALUE = 1\n")
    write(root / "demo_fn" / "scripts" / "run.sh", "#!/bin/sh\necho hi\n", mode=0o775)
    write(root / "demo_fn" / "build.toml", 'include = ["shared"]\n')
    write(root / "demo_fn" / "requirements.txt", "fakedep==1.0 \\\n    --hash=sha256:" + "0" * 64)
    write(root / "demo_fn" / "__pycache__" / "core.cpython-312.pyc", "bytecode")
    write(root / "demo_fn" / "stale.pyc", "bytecode")
    write(root / "demo_fn" / "tests" / "test_core.py", "def test(): pass\n")
    write(root / "demo_fn" / ".hidden", "editor state")
    write(root / "shared" / "__init__.py")
    write(root / "shared" / "log.py", "def log(): pass\n", mode=0o600)
    return root


@pytest.fixture
def cache(tmp_path: Path, src: Path) -> Path:
    """A dependency cache already holding what pip would install for demo_fn's requirements."""
    cache_dir = tmp_path / "deps"
    package = lb.load_package("demo_fn", src)
    tree = cache_dir / lb.dependencies_key(package.requirement_files, package.architecture)
    write(tree / "fakedep" / "__init__.py", "X = 1\n")
    write(tree / "fakedep" / "__pycache__" / "x.pyc", "bytecode")
    write(tree / "fakedep-1.0.dist-info" / "METADATA", "Name: fakedep\n")
    write(tree / "fakedep-1.0.dist-info" / "RECORD", "../../bin/fake,sha256=abc\n")
    write(tree / "fakedep-1.0.dist-info" / "INSTALLER", "pip\n")
    write(tree / "fakedep-1.0.dist-info" / "REQUESTED", "")
    write(tree / "fakedep-1.0.dist-info" / "direct_url.json", '{"url": "file:///build"}')
    write(tree / "bin" / "fake", "#!/home/someone/venv/bin/python\n", mode=0o755)
    return cache_dir


def build(src: Path, cache: Path, out: Path, **kwargs) -> lb.BuildResult:
    return lb.build_package("demo_fn", src_dir=src, out_dir=out, cache_dir=cache, **kwargs)


def infos(path: Path) -> list[zipfile.ZipInfo]:
    with zipfile.ZipFile(path) as archive:
        return archive.infolist()


def test_two_builds_are_byte_identical(src: Path, cache: Path, tmp_path: Path) -> None:
    first = build(src, cache, tmp_path / "a")
    second = build(src, cache, tmp_path / "b")
    assert first.zip_path.read_bytes() == second.zip_path.read_bytes()
    assert first.source_code_hash == second.source_code_hash


def test_touched_and_rewritten_sources_build_the_same_bytes(
    src: Path, cache: Path, tmp_path: Path
) -> None:
    before = build(src, cache, tmp_path / "a").zip_path.read_bytes()
    later = time.time() + 86400
    for path in [*src.rglob("*"), *cache.rglob("*")]:
        os.utime(path, (later, later))
    (src / "demo_fn" / "core.py").write_text("VALUE = 1\n")  # same content, new inode/mtime
    assert build(src, cache, tmp_path / "b").zip_path.read_bytes() == before


def test_a_content_change_changes_the_hash(src: Path, cache: Path, tmp_path: Path) -> None:
    before = build(src, cache, tmp_path / "out").source_code_hash
    (src / "demo_fn" / "core.py").write_text("VALUE = 2\n")
    assert build(src, cache, tmp_path / "out").source_code_hash != before


def test_entries_are_sorted_with_fixed_time_system_and_modes(
    src: Path, cache: Path, tmp_path: Path
) -> None:
    entries = infos(build(src, cache, tmp_path / "out").zip_path)
    names = [i.filename for i in entries]
    assert names == sorted(names)
    assert {i.date_time for i in entries} == {(1980, 1, 1, 0, 0, 0)}
    assert {i.create_system for i in entries} == {3}
    modes = {i.filename: stat.S_IMODE(i.external_attr >> 16) for i in entries}
    assert modes["demo_fn/scripts/run.sh"] == 0o755  # executable stays executable
    assert modes["shared/log.py"] == 0o644  # 0600 on disk, 0644 in the zip
    assert modes["demo_fn/handler.py"] == 0o644
    assert all(modes[n] == 0o755 for n in names if n.endswith("/"))
    assert all(stat.S_ISDIR(i.external_attr >> 16) for i in entries if i.is_dir())
    assert all(
        i.compress_type == zipfile.ZIP_DEFLATED for i in entries if not i.is_dir() and i.file_size
    )


def test_only_runtime_files_ship(src: Path, cache: Path, tmp_path: Path) -> None:
    names = {i.filename for i in infos(build(src, cache, tmp_path / "out").zip_path)}
    assert {
        "demo_fn/__init__.py",
        "demo_fn/handler.py",
        "demo_fn/core.py",
        "shared/log.py",
        "fakedep/__init__.py",
        "fakedep-1.0.dist-info/METADATA",
    } <= names
    leaked = [
        n
        for n in names
        if "__pycache__" in n
        or n.endswith((".pyc", "build.toml", "requirements.txt", ".hidden"))
        or "/tests/" in n
        or n.startswith("bin/")
        or n.rsplit("/", 1)[-1] in {"RECORD", "INSTALLER", "REQUESTED", "direct_url.json"}
    ]
    assert leaked == []


def test_hash_is_terraforms_filebase64sha256(src: Path, cache: Path, tmp_path: Path) -> None:
    result = build(src, cache, tmp_path / "out")
    digest = hashlib.sha256(result.zip_path.read_bytes()).digest()
    assert result.source_code_hash == base64.b64encode(digest).decode()
    assert result.size == result.zip_path.stat().st_size


def test_an_identical_zip_is_left_in_place(src: Path, cache: Path, tmp_path: Path) -> None:
    first = build(src, cache, tmp_path / "out")
    old = time.time() - 3600
    os.utime(first.zip_path, (old, old))
    second = build(src, cache, tmp_path / "out")
    assert first.rewritten and not second.rewritten
    assert second.zip_path.stat().st_mtime == pytest.approx(old)
    assert not [p for p in (tmp_path / "out").iterdir() if p.name.endswith(".tmp")]


def test_source_date_epoch_sets_every_timestamp(src: Path, cache: Path, tmp_path: Path) -> None:
    epoch = {"SOURCE_DATE_EPOCH": "1700000001"}  # 2023-11-14 22:13:21 UTC
    first = build(src, cache, tmp_path / "a", environ=epoch)
    second = build(src, cache, tmp_path / "b", environ=epoch)
    assert first.zip_path.read_bytes() == second.zip_path.read_bytes()
    assert {i.date_time for i in infos(first.zip_path)} == {(2023, 11, 14, 22, 13, 20)}
    with pytest.raises(lb.LambdaBuildError, match="SOURCE_DATE_EPOCH"):
        lb.zip_date_time({"SOURCE_DATE_EPOCH": "yesterday"})


def test_pip_installs_lambda_platform_wheels_only(src: Path, tmp_path: Path) -> None:
    package = lb.load_package("demo_fn", src)
    command = lb.pip_command(package.requirement_files, "x86_64", tmp_path / "t")
    joined = " ".join(command)
    for flag in (
        "--only-binary=:all:",
        "--implementation cp",
        "--python-version 3.12",
        "--platform manylinux2014_x86_64",
        "--no-deps",
        "--no-compile",
        "--require-hashes",
    ):
        assert flag in joined
    arm = lb.pip_command(package.requirement_files, "arm64", tmp_path / "t")
    assert "manylinux2014_aarch64" in arm


def test_the_dependency_cache_key_follows_requirements_and_platform(src: Path) -> None:
    files = lb.load_package("demo_fn", src).requirement_files
    key = lb.dependencies_key(files, "x86_64")
    assert key == lb.dependencies_key(files, "x86_64")
    assert key != lb.dependencies_key(files, "arm64")
    files[0].write_text("fakedep==1.1\n")
    assert key != lb.dependencies_key(files, "x86_64")


def test_only_function_packages_are_discovered(src: Path) -> None:
    assert lb.function_packages(src) == ["demo_fn"]  # `shared` has no handler.py


@pytest.mark.parametrize(
    ("setup", "name", "message"),
    [
        (lambda root: None, "nope", "no Lambda package 'nope'"),
        (lambda root: write(root / "bare" / "handler.py", HANDLER), "bare", "no __init__.py"),
        (
            lambda root: write(root / "nohandler" / "__init__.py"),
            "nohandler",
            "has no handler.py; the function's handler is nohandler.handler.handler",
        ),
        (
            lambda root: (
                write(root / "wrong" / "__init__.py"),
                write(root / "wrong" / "handler.py", "def main(event, context): ...\n"),
            ),
            "wrong",
            "defines no top-level `handler(event, context)`",
        ),
        (
            lambda root: (
                write(root / "badinc" / "__init__.py"),
                write(root / "badinc" / "handler.py", HANDLER),
                write(root / "badinc" / "build.toml", 'include = ["missing"]\n'),
            ),
            "badinc",
            "includes 'missing', but",
        ),
        (
            lambda root: (
                write(root / "badarch" / "__init__.py"),
                write(root / "badarch" / "handler.py", HANDLER),
                write(root / "badarch" / "build.toml", 'architecture = "sparc"\n'),
            ),
            "badarch",
            "architecture must be one of",
        ),
        (
            lambda root: (
                write(root / "badkey" / "__init__.py"),
                write(root / "badkey" / "handler.py", HANDLER),
                write(root / "badkey" / "build.toml", 'includes = ["x"]\n'),
            ),
            "badkey",
            "unknown key(s) ['includes']",
        ),
    ],
    ids=[
        "missing-package",
        "not-a-package",
        "missing-handler",
        "no-handler-function",
        "missing-include",
        "bad-architecture",
        "unknown-manifest-key",
    ],
)
def test_bad_packages_fail_with_a_clear_error(tmp_path: Path, setup, name, message) -> None:
    root = tmp_path / "lambda_src"
    root.mkdir()
    setup(root)
    with pytest.raises(lb.LambdaBuildError) as failure:
        lb.build_package(name, src_dir=root, out_dir=tmp_path / "out", cache_dir=tmp_path / "c")
    assert message in str(failure.value)
    assert not (tmp_path / "out" / f"{name}.zip").exists()


def test_a_file_shipped_twice_is_an_error(src: Path, cache: Path, tmp_path: Path) -> None:
    write(src / "demo_fn" / "build.toml", 'include = ["fakedep"]\n')
    write(src / "fakedep" / "__init__.py", "Y = 2\n")
    package = lb.load_package("demo_fn", src)
    tree = cache / lb.dependencies_key(package.requirement_files, package.architecture)
    write(tree / "fakedep" / "__init__.py", "X = 1\n")
    with pytest.raises(lb.LambdaBuildError, match=r"fakedep/__init__\.py comes from both"):
        build(src, cache, tmp_path / "out")


def test_real_packages_rebuild_byte_identical(tmp_path: Path) -> None:
    """The repository's packages (rotation_postgres: pinned, hashed wheels), twice: same bytes."""
    names = lb.function_packages()
    assert {"hello_phi", "rotation_postgres"} <= set(names)
    first = lb.build_all(names, out_dir=tmp_path / "a")
    for path in LAMBDA_SRC_DIR.rglob("*.py"):
        path.touch()
    second = lb.build_all(names, out_dir=tmp_path / "b")
    for one, two in zip(first, second, strict=True):
        assert one.zip_path.read_bytes() == two.zip_path.read_bytes(), one.package
    rotation = next(r for r in first if r.package == "rotation_postgres")
    with zipfile.ZipFile(rotation.zip_path) as archive:
        names_in_zip = set(archive.namelist())
    assert {
        "rotation_postgres/handler.py",
        "pg8000/__init__.py",
        "scramp/__init__.py",
    } <= names_in_zip
    assert "rotation_postgres/requirements.txt" not in names_in_zip
    hello = next(r for r in first if r.package == "hello_phi")
    with zipfile.ZipFile(hello.zip_path) as archive:
        assert "phi_common/log.py" in archive.namelist()  # shared code from build.toml
