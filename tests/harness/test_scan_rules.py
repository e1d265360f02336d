"""checkov result handling: failures, skips without reasons, empty scans, the source lint."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from tfharness.paths import MODULES_DIR
from tfharness.scan import bare_skips, format_table, parse_reports, scan_hcl


def report(failed=(), skipped=(), passed=()) -> list[dict]:
    def check(cid, reason=None):
        result = {
            "check_id": cid,
            "check_name": cid,
            "resource": "aws_x.y",
            "file_path": "/modules/m/main.tf",
            "check_result": {},
        }
        if reason is not None:
            result["check_result"]["suppress_comment"] = reason
        return result

    return [
        {
            "results": {
                "passed_checks": [check(c) for c in passed],
                "failed_checks": [check(c) for c in failed],
                "skipped_checks": [check(c, r) for c, r in skipped],
                "parsing_errors": [],
            }
        }
    ]


def test_a_failed_check_is_a_violation() -> None:
    assert parse_reports(report(failed=["CKV_AWS_7"])).violations()


def test_a_skip_without_reason_is_a_violation() -> None:
    result = parse_reports(report(passed=["A"], skipped=[("CKV_AWS_7", "No comment provided")]))
    assert any("needs a reason" in v for v in result.violations())


def test_a_skip_with_a_reason_passes() -> None:
    result = parse_reports(report(passed=["A"], skipped=[("CKV_AWS_7", "met by X")]))
    assert result.violations() == []


def test_a_scan_that_ran_nothing_fails() -> None:
    assert parse_reports(report()).violations() == [
        "checkov ran no checks: the scan proves nothing"
    ]


def test_table_lists_counts_and_reasons() -> None:
    result = parse_reports(report(passed=["A"], skipped=[("B", "because")]), lambda _p: "m")
    table = format_table(result, "modules")
    assert "m" in table and "because" in table


def test_source_lint_finds_bare_skips(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        'resource "x" "y" {\n  #checkov:skip=CKV_AWS_1\n  #checkov:skip=CKV_AWS_2:reason here\n}\n'
    )
    problems = bare_skips([tmp_path])
    assert len(problems) == 1 and "CKV_AWS_1" in problems[0] and "main.tf:2" in problems[0]


@pytest.mark.scan
def test_real_checkov_reports_a_bare_skip_and_the_harness_fails_it(tmp_path: Path) -> None:
    module = tmp_path / "modules" / "kms"
    shutil.copytree(MODULES_DIR / "kms", module, ignore=shutil.ignore_patterns("examples"))
    main = module / "main.tf"
    main.write_text(
        main.read_text().replace(
            "  enable_key_rotation                = true",
            "  #checkov:skip=CKV_AWS_7\n  enable_key_rotation                = false",
        )
    )
    result = scan_hcl(tmp_path / "modules")
    skipped = [f for f in result.by_status("skipped") if f.check_id == "CKV_AWS_7"]
    assert skipped, json.dumps([str(f) for f in result.findings])
    assert any("CKV_AWS_7" in v and "needs a reason" in v for v in result.violations())
