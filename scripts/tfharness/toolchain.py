"""Offline Terraform toolchain: find terraform and the aws provider mirror, write our CLI config.

Nothing here names a path of a particular machine. Terraform comes from ``$TERRAFORM`` or
``PATH``; the provider mirror from ``$PHI_TF_PROVIDER_MIRROR``, then Terraform's own implied
local-mirror directories, then a bounded search of the filesystem. The CLI config we write
installs hashicorp providers from that mirror only and disables the update checkpoint.
"""

from __future__ import annotations

import json
import os
import platform
import re
import shutil
import subprocess
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from tfharness.paths import CACHE_DIR

MIRROR_ENV = "PHI_TF_PROVIDER_MIRROR"
TERRAFORM_ENV = "TERRAFORM"
MIN_TERRAFORM = (1, 11, 0)
AWS_PROVIDER_RANGE = ((5, 100, 0), (6, 0, 0))  # >= 5.100, < 6.0
REGISTRY_HOST = "registry.terraform.io"
CLI_CONFIG_PATH = CACHE_DIR / "terraform" / "cli.tfrc"
# Go's GC target for Terraform and the provider plugins it starts (they inherit it). Each
# command builds the aws provider's schema from scratch, which allocates heavily; collecting
# at 5x the live heap instead of 2x measured ~11% less CPU per example plan (10.1 -> 9.0 s
# init+plan+show of kms/basic) for ~40% more peak memory (316 -> 440 MB per provider).
# An explicit GOGC in the environment wins.
DEFAULT_GOGC = "400"

# Pseudo and volatile filesystems never hold a provider mirror; skipping them keeps the
# search bounded and avoids walking into device trees or other processes' state.
_PRUNE = frozenset({"proc", "sys", "dev", "run", "tmp", "lost+found", "snap", "boot"})
_SEARCH_DEPTH = 6

HOW_TO_POINT = (
    "Point the harness at a filesystem mirror with "
    f"`export {MIRROR_ENV}=/path/to/mirror`, where the mirror holds "
    f"{REGISTRY_HOST}/hashicorp/aws/<version>/<os>_<arch>/terraform-provider-aws_*, "
    "e.g. created with `terraform providers mirror /path/to/mirror` on a machine with "
    "registry access."
)


class ToolchainError(RuntimeError):
    """Setup cannot continue: the message says what is missing and how to fix it."""


@dataclass(frozen=True)
class Toolchain:
    """A usable offline Terraform toolchain."""

    terraform: Path
    terraform_version: str
    mirror: Path
    aws_provider_version: str
    cli_config: Path

    def env(self) -> dict[str, str]:
        """Environment every Terraform process of the harness runs with."""
        return {
            "TF_CLI_CONFIG_FILE": str(self.cli_config),
            "TF_IN_AUTOMATION": "1",
            "TF_INPUT": "0",
            "CHECKPOINT_DISABLE": "1",
            "GOGC": os.environ.get("GOGC", DEFAULT_GOGC),
        }


def parse_version(text: str) -> tuple[int, int, int]:
    """Parse ``1.11.4`` / ``v5.100.0`` into a comparable tuple; pre-release suffixes dropped."""
    match = re.match(r"v?(\d+)\.(\d+)\.(\d+)", text.strip())
    if not match:
        raise ValueError(f"not a semantic version: {text!r}")
    major, minor, patch = (int(part) for part in match.groups())
    return (major, minor, patch)


def find_terraform(environ: Mapping[str, str] | None = None) -> Path:
    """Locate the terraform binary: ``$TERRAFORM`` first, then ``PATH``."""
    env = os.environ if environ is None else environ
    override = env.get(TERRAFORM_ENV)
    if override:
        candidate = Path(override)
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
        found = shutil.which(override, path=env.get("PATH"))
        if found:
            return Path(found)
        raise ToolchainError(
            f"{TERRAFORM_ENV}={override!r} is not an executable terraform binary. "
            f"Unset it or point it at Terraform >= {'.'.join(map(str, MIN_TERRAFORM))}."
        )
    found = shutil.which("terraform", path=env.get("PATH"))
    if not found:
        raise ToolchainError(
            "terraform was not found on PATH. Install Terraform >= "
            f"{'.'.join(map(str, MIN_TERRAFORM))} or set {TERRAFORM_ENV}=/path/to/terraform."
        )
    return Path(found)


def terraform_version(binary: Path) -> str:
    """Return the version string reported by ``terraform version -json``."""
    result = subprocess.run(
        [str(binary), "version", "-json"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "CHECKPOINT_DISABLE": "1", "TF_CLI_CONFIG_FILE": os.devnull},
    )
    if result.returncode != 0:
        raise ToolchainError(f"`{binary} version -json` failed: {result.stderr.strip()}")
    version = str(json.loads(result.stdout)["terraform_version"])
    if parse_version(version) < MIN_TERRAFORM:
        raise ToolchainError(
            f"{binary} is Terraform {version}; this project needs >= "
            f"{'.'.join(map(str, MIN_TERRAFORM))} (modules declare required_version >= 1.11)."
        )
    return version


def provider_platform() -> str:
    """Terraform's ``<os>_<arch>`` name for this machine."""
    arch = {"x86_64": "amd64", "amd64": "amd64", "aarch64": "arm64", "arm64": "arm64"}.get(
        platform.machine().lower(), platform.machine().lower()
    )
    return f"{platform.system().lower()}_{arch}"


def aws_versions_in(mirror: Path, plat: str) -> list[str]:
    """Versions of hashicorp/aws in ``mirror`` that have a binary for ``plat`` and fit our range."""
    base = mirror / REGISTRY_HOST / "hashicorp" / "aws"
    if not base.is_dir():
        return []
    low, high = AWS_PROVIDER_RANGE
    usable = []
    for version_dir in base.iterdir():
        try:
            version = parse_version(version_dir.name)
        except ValueError:
            continue
        binaries = list((version_dir / plat).glob("terraform-provider-aws*"))
        if low <= version < high and binaries:
            usable.append(version_dir.name)
    return sorted(usable, key=parse_version)


def implied_mirror_dirs(environ: Mapping[str, str] | None = None) -> list[Path]:
    """Terraform's documented implied local mirror directories on Unix."""
    env = os.environ if environ is None else environ
    home = Path(env.get("HOME", str(Path.home())))
    data_home = Path(env.get("XDG_DATA_HOME", str(home / ".local" / "share")))
    data_dirs = env.get("XDG_DATA_DIRS", "/usr/local/share:/usr/share").split(":")
    dirs = [home / ".terraform.d" / "plugins", data_home / "terraform" / "plugins"]
    dirs += [Path(d) / "terraform" / "plugins" for d in data_dirs if d]
    return dirs


def _walk_for_registry(roots: Iterable[Path], max_depth: int) -> Iterator[Path]:
    """Breadth-first search for directories named ``registry.terraform.io``."""
    queue: deque[tuple[Path, int]] = deque((root, 0) for root in roots)
    seen: set[Path] = set()
    while queue:
        current, depth = queue.popleft()
        if current in seen:
            continue
        seen.add(current)
        try:
            entries = list(os.scandir(current))
        except OSError:
            continue
        for entry in sorted(entries, key=lambda e: e.name):
            if not entry.is_dir(follow_symlinks=False):
                continue
            if entry.name == REGISTRY_HOST:
                yield current
            elif depth < max_depth and not (depth == 0 and entry.name in _PRUNE):
                queue.append((Path(entry.path), depth + 1))


def find_mirror(
    environ: Mapping[str, str] | None = None, search_roots: list[Path] | None = None
) -> Path:
    """Locate a filesystem mirror holding a usable hashicorp/aws provider."""
    env = os.environ if environ is None else environ
    plat = provider_platform()
    override = env.get(MIRROR_ENV)
    if override:
        mirror = Path(override)
        if aws_versions_in(mirror, plat):
            return mirror
        raise ToolchainError(
            f"{MIRROR_ENV}={override!r} holds no hashicorp/aws provider in the range "
            f">= 5.100, < 6.0 for {plat} (expected {REGISTRY_HOST}/hashicorp/aws/<version>/"
            f"{plat}/terraform-provider-aws_* under it). {HOW_TO_POINT}"
        )
    for candidate in implied_mirror_dirs(env):
        if aws_versions_in(candidate, plat):
            return candidate
    roots = search_roots if search_roots is not None else [Path("/")]
    for candidate in _walk_for_registry(roots, _SEARCH_DEPTH):
        if aws_versions_in(candidate, plat):
            return candidate
    raise ToolchainError(
        f"No filesystem mirror with the hashicorp/aws provider (>= 5.100, < 6.0, {plat}) was "
        "found in Terraform's implied mirror directories or by searching the filesystem. "
        + HOW_TO_POINT
    )


def render_cli_config(mirror: Path) -> str:
    """The Terraform CLI config the project uses: mirror-only for hashicorp, no checkpoint."""
    path = json.dumps(str(mirror))
    return (
        "# Generated by tfharness (`make setup`); do not edit. Terraform installs hashicorp\n"
        "# providers only from the filesystem mirror below and never calls the registry.\n"
        "disable_checkpoint = true\n\n"
        "provider_installation {\n"
        "  filesystem_mirror {\n"
        f"    path    = {path}\n"
        '    include = ["registry.terraform.io/hashicorp/*"]\n'
        "  }\n"
        "  direct {\n"
        '    exclude = ["registry.terraform.io/hashicorp/*"]\n'
        "  }\n"
        "}\n"
    )


def _cached_mirror(config: Path) -> Path | None:
    """The mirror recorded in an existing CLI config, if it is still usable."""
    if not config.is_file():
        return None
    match = re.search(r'path\s*=\s*("(?:[^"\\]|\\.)*")', config.read_text())
    if not match:
        return None
    mirror = Path(json.loads(match.group(1)))
    return mirror if aws_versions_in(mirror, provider_platform()) else None


def ensure_toolchain(
    environ: Mapping[str, str] | None = None, config_path: Path = CLI_CONFIG_PATH
) -> Toolchain:
    """Find terraform and the mirror, (re)write the CLI config when needed, and return both.

    Idempotent: a config whose mirror still holds the provider is reused without searching,
    unless ``PHI_TF_PROVIDER_MIRROR`` says otherwise.
    """
    env = os.environ if environ is None else environ
    terraform = find_terraform(env)
    version = terraform_version(terraform)
    mirror = None if env.get(MIRROR_ENV) else _cached_mirror(config_path)
    if mirror is None:
        mirror = find_mirror(env)
    content = render_cli_config(mirror)
    if not config_path.is_file() or config_path.read_text() != content:
        config_path.parent.mkdir(parents=True, exist_ok=True)
        config_path.write_text(content)
    aws_version = aws_versions_in(mirror, provider_platform())[-1]
    return Toolchain(terraform, version, mirror, aws_version, config_path)
