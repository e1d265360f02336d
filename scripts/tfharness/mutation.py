"""Mutation checks: remove a security control and prove a named test catches it.

``tests/modules/<module>/mutations.yaml`` lists mutations of the module's source::

    - id: key-rotation-removed
      file: main.tf                          # relative to modules/<module>/
      replace: '\\n\\s*enable_key_rotation\\s*=\\s*true'   # regex, must match exactly once
      with: ''                               # replacement text (default: delete)
      example: basic                         # the example whose plan is checked
      caught_by: [inventory, checkov:CKV_AWS_7]
      sentinel: true                         # optional: also run by `make test` (see below)

Detectors: ``inventory`` (the example's inventory no longer matches), ``checkov:<ID>`` (the
mutant's plan fails that check), ``scan`` (the mutant's plan scan has any violation,
e.g. a skip without a reason), ``source-lint`` (a bare ``checkov:skip`` in the source),
``plan-error`` (Terraform refuses the mutant; optionally ``plan-error:<text>``),
``accepts-bad-input`` (for a weakened input validation: the original module refuses
``example_vars`` and the mutant accepts them, so the module's bad-input test, which plans
the same values and expects a refusal, fails),
``reachability`` (a flow of the example's flows table no longer holds on the mutant's plan;
``reachability:<flow id>`` names the flow, e.g. ``reachability:db->internet:443 denied``).
The whole ``modules/`` tree is copied, so module-to-module sources keep resolving.

``make test`` (CI) runs the sentinels: at least one per module, the controls the issues name.
``make test-mutations`` runs every mutation; each plans a whole example, so the full sweep costs
about half an hour on two cores, more than CI's budget leaves beside the applies.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tfharness.paths import BUILD_DIR, CACHE_DIR, MODULES_DIR, TESTS_DIR

DETECTORS = (
    "inventory",
    "checkov:",
    "scan",
    "source-lint",
    "plan-error",
    "accepts-bad-input",
    "reachability",
)


class MutationSpecError(ValueError):
    pass


@dataclass(frozen=True)
class Mutation:
    id: str
    module: str
    file: str
    pattern: str
    replacement: str
    example: str
    caught_by: tuple[str, ...]
    example_vars: dict[str, Any] = field(default_factory=dict)
    sentinel: bool = False

    @property
    def test_id(self) -> str:
        return f"{self.module}:{self.id}"


def load(path: Path) -> list[Mutation]:
    module = path.parent.name
    entries = yaml.safe_load(path.read_text()) or []
    mutations = []
    for entry in entries:
        missing = {"id", "file", "replace", "example", "caught_by"} - set(entry)
        if missing:
            raise MutationSpecError(f"{path}: mutation {entry.get('id')!r} lacks {sorted(missing)}")
        for detector in entry["caught_by"]:
            if not str(detector).startswith(DETECTORS):
                raise MutationSpecError(f"{path}: {entry['id']}: unknown detector {detector!r}")
        mutations.append(
            Mutation(
                id=str(entry["id"]),
                module=module,
                file=str(entry["file"]),
                pattern=str(entry["replace"]),
                replacement=str(entry.get("with", "")),
                example=str(entry["example"]),
                caught_by=tuple(str(d) for d in entry["caught_by"]),
                example_vars=dict(entry.get("example_vars") or {}),
                sentinel=bool(entry.get("sentinel", False)),
            )
        )
    return mutations


def discover(tests_dir: Path = TESTS_DIR) -> list[Mutation]:
    found: list[Mutation] = []
    for path in sorted((tests_dir / "modules").glob("*/mutations.yaml")):
        found.extend(load(path))
    return found


def apply(mutation: Mutation, modules_dir: Path) -> None:
    """Apply ``mutation`` to a copy of the modules tree (exactly one match required)."""
    target = modules_dir / mutation.module / mutation.file
    text = target.read_text()
    matches = len(re.findall(mutation.pattern, text, flags=re.MULTILINE))
    if matches != 1:
        raise MutationSpecError(
            f"mutation {mutation.test_id}: pattern {mutation.pattern!r} matches {matches} times in "
            f"modules/{mutation.module}/{mutation.file}; it must match exactly once (has the "
            "control moved? update tests/modules/<module>/mutations.yaml)"
        )
    target.write_text(re.sub(mutation.pattern, mutation.replacement, text, flags=re.MULTILINE))


def mutant_tree(mutation: Mutation) -> Path:
    """A fresh copy of ``modules/`` with the mutation applied; the caller removes it."""
    base = CACHE_DIR / "mutants"
    base.mkdir(parents=True, exist_ok=True)
    root = Path(tempfile.mkdtemp(prefix=f"{mutation.module}-{mutation.id}-", dir=base))
    modules_copy = root / "modules"
    shutil.copytree(
        MODULES_DIR,
        modules_copy,
        ignore=shutil.ignore_patterns(".terraform", ".tfh-*", "*.tfstate*", ".terraform.lock.hcl"),
    )
    apply(mutation, modules_copy)
    # Examples reach repository files outside modules/ by relative path (Lambda zips under
    # build/); the mutant tree mirrors that layout.
    (root / "build").symlink_to(BUILD_DIR, target_is_directory=True)
    return root
