"""checkov, run from its own virtual environment, over module HCL and plan JSON.

Rules the harness enforces on top of checkov's own results:

* any failed check fails the scan (all checks of the framework run; offline, severity
  filters select nothing, so none is used);
* an inline ``#checkov:skip=<ID>`` without a reason fails the scan, whether checkov
  reports it (``No comment provided``) or the source lint finds it first;
* a scan that ran no checks at all fails (a misconfigured run must not look green);
* parsing errors fail the scan.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from tfharness.paths import REPO_ROOT, relative
from tfharness.skips import SKIP_COMMENT, SkipIndex

CHECKOV_ENV = "PHI_CHECKOV"
SCAN_VENV = REPO_ROOT / ".venv-scan"
CUSTOM_POLICIES_DIR = REPO_ROOT / "policies" / "checkov"
NO_REASON = "No comment provided"
# Runs checkov inside the scan environment with ply's parse tables memoised (see there).
LAUNCHER = Path(__file__).with_name("checkov_launcher.py")


class ScanError(RuntimeError):
    """checkov could not run or its output could not be read."""


@dataclass(frozen=True)
class Finding:
    check_id: str
    check_name: str
    resource: str
    file: str
    status: str  # passed | failed | skipped
    reason: str = ""
    module: str = ""

    def __str__(self) -> str:
        text = f"{self.status.upper()} {self.check_id} {self.resource} ({self.file})"
        if self.status == "skipped":
            text += f" — skip reason: {self.reason or NO_REASON}"
        elif self.status == "failed":
            text += f" — {self.check_name}"
        return text


@dataclass
class ScanResult:
    findings: list[Finding] = field(default_factory=list)
    parsing_errors: list[str] = field(default_factory=list)

    def for_module(self, module: str) -> ScanResult:
        return ScanResult([f for f in self.findings if f.module == module], self.parsing_errors)

    def by_status(self, status: str) -> list[Finding]:
        return [f for f in self.findings if f.status == status]

    def violations(self) -> list[str]:
        """Everything that makes this scan fail, as readable lines."""
        problems = [str(f) for f in self.by_status("failed")]
        problems += [
            f"{f} — an inline skip needs a reason: #checkov:skip={f.check_id}:<why>"
            for f in self.by_status("skipped")
            if not f.reason.strip() or f.reason.strip() == NO_REASON
        ]
        problems += [f"parsing error: {path}" for path in self.parsing_errors]
        if not self.findings:
            problems.append("checkov ran no checks: the scan proves nothing")
        return problems


def checkov_binary() -> Path:
    override = os.environ.get(CHECKOV_ENV)
    binary = Path(override) if override else SCAN_VENV / "bin" / "checkov"
    if not binary.is_file():
        raise ScanError(
            f"checkov not found at {binary}. Run `make setup` (it creates .venv-scan from "
            f"requirements-scan.txt) or set {CHECKOV_ENV}=/path/to/checkov."
        )
    return binary


def checkov_command() -> list[str]:
    """How to start checkov: through the launcher with the scan environment's Python, or
    ``$PHI_CHECKOV`` as given (an explicit binary is run as it is)."""
    binary = checkov_binary()
    python = binary.parent / "python"
    if os.environ.get(CHECKOV_ENV) or not python.is_file():
        return [str(binary)]
    return [str(python), str(LAUNCHER)]


def _base_args(framework: str) -> list[str]:
    args = [
        *checkov_command(),
        "--framework",
        framework,
        "--skip-download",
        "--output",
        "json",
        "--compact",
        "--skip-path",
        r"\.tfh-",
        "--skip-path",
        r"\.terraform",
    ]
    if CUSTOM_POLICIES_DIR.is_dir() and any(CUSTOM_POLICIES_DIR.iterdir()):
        args += ["--external-checks-dir", str(CUSTOM_POLICIES_DIR)]
    return args


def run_checkov(args: list[str], cwd: Path = REPO_ROOT) -> list[dict[str, Any]]:
    """Run checkov and return its JSON reports (one per framework)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env["BC_SKIP_MAPPING"] = "TRUE"  # no platform mapping download offline
    # A value known only after apply (e.g. `kms_key_arn = module.kms.key_arn` when the key is
    # created in the same root) is absent from a plan's `after`, so checks that a setting
    # *exists* would fail although it is configured. With this, checkov reads such values as
    # the constant "true_after_unknown": existence checks pass, checks of a concrete value
    # still fail, and a removed setting (null) still fails.
    env["EVAL_TF_PLAN_AFTER_UNKNOWN"] = "true"
    completed = subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=env, check=False)
    if completed.returncode not in (0, 1):
        raise ScanError(
            f"checkov exited {completed.returncode}: {completed.stderr.strip()[-2000:]}"
        )
    try:
        data = json.loads(completed.stdout)
    except json.JSONDecodeError:
        raise ScanError(
            f"checkov output is not JSON: {completed.stdout[:500]!r} {completed.stderr[-1000:]}"
        ) from None
    reports = data if isinstance(data, list) else [data]
    return [r for r in reports if isinstance(r, dict) and "results" in r]


def parse_reports(reports: Iterable[dict[str, Any]], module_of: Any = None) -> ScanResult:
    """Turn checkov JSON into findings; ``module_of(file_path)`` attributes each to a module."""
    result = ScanResult()
    for report in reports:
        results = report.get("results", {})
        for status in ("passed", "failed", "skipped"):
            for check in results.get(f"{status}_checks", []) or []:
                file_path = str(check.get("file_abs_path") or check.get("file_path") or "")
                reason = ""
                if status == "skipped":
                    reason = str((check.get("check_result") or {}).get("suppress_comment") or "")
                result.findings.append(
                    Finding(
                        check_id=str(check.get("check_id")),
                        check_name=str(check.get("check_name", "")),
                        resource=str(check.get("resource", "")),
                        file=relative(Path(file_path)) if file_path else "",
                        status=status,
                        reason=reason,
                        module=module_of(file_path) if module_of else "",
                    )
                )
        result.parsing_errors.extend(str(p) for p in results.get("parsing_errors", []) or [])
    return result


def module_from_path(file_path: str) -> str:
    """``.../modules/<module>/...`` → ``<module>``; anything else → its top directory."""
    parts = Path(file_path).parts
    if "modules" in parts:
        index = parts.index("modules")
        if index + 1 < len(parts):
            return parts[index + 1]
    return parts[0] if parts else ""


def scan_hcl(directory: Path) -> ScanResult:
    """Scan Terraform source (modules and their examples) under ``directory``."""
    args = [*_base_args("terraform"), "--directory", str(directory)]
    return parse_reports(run_checkov(args), module_from_path)


def scan_plans(plans: Mapping[str, Path], roots: Mapping[str, Path]) -> ScanResult:
    """Scan plan JSON files; ``plans`` maps an owner name (e.g. ``kms``) to each file.

    ``roots`` maps the same owners to the directory of each plan's root module. Inline skip
    comments are applied by the harness (:mod:`tfharness.skips`), each plan resource reading
    only its own block through its module calls' sources: checkov's plan enrichment matches
    by ``type.name`` alone, so one module's skip would silence (or another's absence undo)
    the same name in any other module.
    """
    if not plans:
        return ScanResult()
    missing = sorted(set(plans) - set(roots))
    if missing:
        raise ScanError(f"scan_plans: no root module directory given for {missing}")
    owners = {str(path.resolve()): owner for owner, path in plans.items()}
    args = list(_base_args("terraform_plan"))
    for path in plans.values():
        args += ["--file", str(path.resolve())]

    def owner_of(file_path: str) -> str:
        for abs_path, owner in owners.items():
            if file_path == abs_path or abs_path.endswith(file_path):
                return owner
        return ""

    result = parse_reports(run_checkov(args), owner_of)
    indexes = {
        owner: SkipIndex(json.loads(path.read_text()), roots[owner])
        for owner, path in plans.items()
    }
    result.findings = [apply_skip(f, indexes.get(f.module)) for f in result.findings]
    return result


def apply_skip(finding: Finding, index: SkipIndex | None) -> Finding:
    """``finding`` as skipped (with the comment's reason) if its block skips its check."""
    if index is None or finding.status == "skipped":
        return finding
    skips = index.skips_of(finding.resource)
    if finding.check_id not in skips:
        return finding
    return replace(finding, status="skipped", reason=skips[finding.check_id] or NO_REASON)


def bare_skips(paths: Iterable[Path]) -> list[str]:
    """Source lint: every ``checkov:skip`` comment without a ``:reason`` (file:line: text)."""
    problems = []
    for root in paths:
        files = [root] if root.is_file() else sorted(root.rglob("*.tf"))
        for path in files:
            if any(part.startswith((".tfh-", ".terraform")) for part in path.parts):
                continue
            for number, line in enumerate(path.read_text().splitlines(), start=1):
                match = SKIP_COMMENT.search(line)
                if match and not (match.group(2) or "").strip():
                    problems.append(
                        f"{relative(path)}:{number}: checkov:skip={match.group(1)} has no reason; "
                        f"write #checkov:skip={match.group(1)}:<why the control is met elsewhere "
                        "or not applicable>"
                    )
    return problems


def format_table(result: ScanResult, title: str) -> str:
    """Per-module table: passed / failed / skipped, then each skip with its reason."""
    counts: dict[str, dict[str, int]] = defaultdict(
        lambda: {"passed": 0, "failed": 0, "skipped": 0}
    )
    for finding in result.findings:
        counts[finding.module or "-"][finding.status] += 1
    width = max([len(title), *(len(m) for m in counts)]) + 2
    lines = [f"{title:<{width}}{'passed':>8}{'failed':>8}{'skipped':>9}"]
    for module in sorted(counts):
        c = counts[module]
        lines.append(f"{module:<{width}}{c['passed']:>8}{c['failed']:>8}{c['skipped']:>9}")
    skips = sorted(
        {(f.module, f.check_id, f.resource, f.reason) for f in result.by_status("skipped")}
    )
    if skips:
        lines.append("skips:")
        lines += [f"  {m}: {cid} {res}: {why}" for m, cid, res, why in skips]
    failures = result.by_status("failed")
    if failures:
        lines.append("failures:")
        lines += [f"  {f.module}: {f}" for f in failures]
    return "\n".join(lines)
