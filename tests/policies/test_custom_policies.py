"""The custom checkov policies (``policies/checkov``, ids ``CKV_PHI_*``) on small fixtures.

checkov runs as a subprocess from ``.venv-scan`` through ``tfharness.scan`` (the same path
the harness uses for modules and plans, which adds ``--external-checks-dir``). Each fixture
lists every CKV_PHI result it must produce, exactly: a check that crashes (checkov turns
exceptions into UNKNOWN, i.e. no result) or a false positive fails the comparison.

HCL fixtures: ``fixtures/hcl/<case>/main.tf``. Plan fixtures: ``fixtures/plan/<case>.json``,
planned from ``fixtures/plan_src/<case>`` (``regenerate_plans.py``) and scanned together,
which also proves the checks never look across plan files.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tfharness.paths import REPO_ROOT
from tfharness.scan import CUSTOM_POLICIES_DIR, ScanResult, scan_hcl, scan_plans

pytestmark = pytest.mark.scan

FIXTURES = Path(__file__).parent / "fixtures"
PHI = "CKV_PHI_"
PASSED, FAILED = "passed", "failed"

Results = dict[tuple[str, str], str]

EXPECTED_HCL: dict[str, Results] = {
    "baseline_ok": {
        ("CKV_PHI_1", "aws_securityhub_account.this"): PASSED,
        ("CKV_PHI_2", "aws_securityhub_account.this"): PASSED,
        ("CKV_PHI_2", "aws_guardduty_detector.this"): PASSED,
        ("CKV_PHI_2", "aws_inspector2_enabler.this"): PASSED,
        ("CKV_PHI_3", "aws_securityhub_account.this"): PASSED,
        ("CKV_PHI_3", "aws_guardduty_detector.this"): PASSED,
        ("CKV_PHI_4", "aws_cognito_user_pool.patients"): PASSED,
        ("CKV_PHI_5", "aws_cognito_user_pool.patients"): PASSED,
        ("CKV_PHI_6", "aws_guardduty_detector.this"): PASSED,
    },
    "securityhub_without_nist": {
        # NIST 800-53 Rev. 4 does not count as Rev. 5.
        ("CKV_PHI_1", "aws_securityhub_account.this"): FAILED,
        ("CKV_PHI_2", "aws_securityhub_account.this"): PASSED,
        ("CKV_PHI_2", "aws_inspector2_enabler.this"): PASSED,
        ("CKV_PHI_3", "aws_securityhub_account.this"): PASSED,
    },
    "no_access_analyzer": {
        ("CKV_PHI_1", "aws_securityhub_account.this"): PASSED,
        ("CKV_PHI_2", "aws_securityhub_account.this"): PASSED,
        ("CKV_PHI_2", "aws_guardduty_detector.this"): PASSED,
        ("CKV_PHI_2", "aws_inspector2_enabler.this"): PASSED,
        ("CKV_PHI_3", "aws_securityhub_account.this"): FAILED,
        ("CKV_PHI_3", "aws_guardduty_detector.this"): FAILED,
        ("CKV_PHI_6", "aws_guardduty_detector.this"): FAILED,  # a bare detector
    },
    "inspector_ecr_only": {
        ("CKV_PHI_1", "aws_securityhub_account.this"): FAILED,  # no standards at all
        ("CKV_PHI_2", "aws_securityhub_account.this"): FAILED,
        ("CKV_PHI_2", "aws_inspector2_enabler.this"): FAILED,
        ("CKV_PHI_3", "aws_securityhub_account.this"): PASSED,
    },
    "cognito_weak": {
        ("CKV_PHI_4", "aws_cognito_user_pool.optional_mfa"): FAILED,
        ("CKV_PHI_5", "aws_cognito_user_pool.optional_mfa"): FAILED,
        ("CKV_PHI_4", "aws_cognito_user_pool.defaults"): FAILED,
        ("CKV_PHI_5", "aws_cognito_user_pool.defaults"): FAILED,
    },
    "guardduty_without_runtime": {
        ("CKV_PHI_2", "aws_guardduty_detector.this"): PASSED,
        ("CKV_PHI_2", "aws_inspector2_enabler.this"): PASSED,
        ("CKV_PHI_3", "aws_guardduty_detector.this"): PASSED,
        # LAMBDA_NETWORK_LOGS is DISABLED and RUNTIME_MONITORING absent.
        ("CKV_PHI_6", "aws_guardduty_detector.this"): FAILED,
    },
    "s3_access_logging": {
        ("CKV_PHI_7", "aws_s3_bucket.logged"): PASSED,
        ("CKV_PHI_7", "aws_s3_bucket.unlogged"): FAILED,
    },
    "unrelated": {},
}

M = "module.detection."
EXPECTED_PLAN: dict[str, Results] = {
    "baseline_ok": {
        ("CKV_PHI_1", f"{M}aws_securityhub_account.this[0]"): PASSED,
        ("CKV_PHI_2", f"{M}aws_securityhub_account.this[0]"): PASSED,
        ("CKV_PHI_2", f"{M}aws_guardduty_detector.this"): PASSED,
        ("CKV_PHI_2", f"{M}aws_inspector2_enabler.this"): PASSED,
        ("CKV_PHI_3", f"{M}aws_securityhub_account.this[0]"): PASSED,
        ("CKV_PHI_3", f"{M}aws_guardduty_detector.this"): PASSED,
        ("CKV_PHI_4", f"{M}aws_cognito_user_pool.this"): PASSED,
        ("CKV_PHI_5", f"{M}aws_cognito_user_pool.this"): PASSED,
        ("CKV_PHI_6", f"{M}aws_guardduty_detector.this"): PASSED,
        ("CKV_PHI_7", f"{M}aws_s3_bucket.data"): PASSED,
    },
    "weakened": {
        ("CKV_PHI_1", f"{M}aws_securityhub_account.this[0]"): FAILED,
        ("CKV_PHI_2", f"{M}aws_securityhub_account.this[0]"): FAILED,
        ("CKV_PHI_2", f"{M}aws_guardduty_detector.this"): FAILED,
        ("CKV_PHI_2", f"{M}aws_inspector2_enabler.this"): FAILED,
        ("CKV_PHI_3", f"{M}aws_securityhub_account.this[0]"): FAILED,
        ("CKV_PHI_3", f"{M}aws_guardduty_detector.this"): FAILED,
        ("CKV_PHI_4", f"{M}aws_cognito_user_pool.this"): FAILED,
        ("CKV_PHI_5", f"{M}aws_cognito_user_pool.this"): FAILED,
        ("CKV_PHI_6", f"{M}aws_guardduty_detector.this"): FAILED,
        ("CKV_PHI_7", f"{M}aws_s3_bucket.data"): FAILED,
    },
}


def _by_case(result: ScanResult, case_of: dict[str, str]) -> dict[str, Results]:
    found: dict[str, Results] = {case: {} for case in case_of.values()}
    for finding in result.findings:
        if not finding.check_id.startswith(PHI):
            continue
        case = next((c for key, c in case_of.items() if key in (finding.file, finding.module)), "")
        assert case, f"finding outside the fixtures: {finding}"
        found[case][(finding.check_id, finding.resource)] = finding.status
    return found


@pytest.fixture(scope="module")
def hcl_results() -> dict[str, Results]:
    directory = FIXTURES / "hcl"
    result = scan_hcl(directory)
    assert not result.parsing_errors, result.parsing_errors
    case_of = {
        str((directory / case / "main.tf").relative_to(REPO_ROOT)): case for case in EXPECTED_HCL
    }
    return _by_case(result, case_of)


@pytest.fixture(scope="module")
def plan_results() -> dict[str, Results]:
    plans = {case: FIXTURES / "plan" / f"{case}.json" for case in EXPECTED_PLAN}
    result = scan_plans(plans, {case: FIXTURES / "plan_src" / case for case in EXPECTED_PLAN})
    assert not result.parsing_errors, result.parsing_errors
    return _by_case(result, {case: case for case in EXPECTED_PLAN})


@pytest.mark.parametrize("case", sorted(EXPECTED_HCL))
def test_hcl_fixture_results(case: str, hcl_results: dict[str, Results]) -> None:
    assert hcl_results[case] == EXPECTED_HCL[case]


@pytest.mark.parametrize("case", sorted(EXPECTED_PLAN))
def test_plan_fixture_results(case: str, plan_results: dict[str, Results]) -> None:
    assert plan_results[case] == EXPECTED_PLAN[case]


def _policy_ids() -> set[str]:
    ids = set()
    for path in CUSTOM_POLICIES_DIR.glob("*.py"):
        ids.update(re.findall(r'id="(CKV_PHI_\d+)"', path.read_text()))
    for path in CUSTOM_POLICIES_DIR.glob("*.yaml"):
        ids.update(re.findall(r'id: "(CKV_PHI_\d+)"', path.read_text()))
    return ids


def test_every_policy_passes_and_fails_somewhere_in_both_frameworks() -> None:
    for expected in (EXPECTED_HCL, EXPECTED_PLAN):
        statuses: dict[str, set[str]] = {}
        for results in expected.values():
            for (check_id, _), status in results.items():
                statuses.setdefault(check_id, set()).add(status)
        assert {i: s for i, s in statuses.items() if s != {PASSED, FAILED}} == {}
        assert set(statuses) == _policy_ids()


def test_every_policy_is_documented() -> None:
    readme = (CUSTOM_POLICIES_DIR / "README.md").read_text()
    missing = [i for i in sorted(_policy_ids()) if f"`{i}`" not in readme]
    assert not missing, f"add {missing} to policies/checkov/README.md"
