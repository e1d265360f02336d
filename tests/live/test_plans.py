"""Every unit's plan, its checkov scan, and the whole-stack security invariants.

Plans are what `terragrunt plan` plans on AWS (emulator switch unset; dependencies from their
mock outputs). Each invariant is a named test per unit, so a unit that breaks one fails by
name; the rules themselves are shown to catch broken plans in test_invariant_rules.py.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

import pytest
from tfharness import invariants, live
from tfharness.live import Unit
from tfharness.paths import LIVE_DIR, MODULES_DIR
from tfharness.plan_index import PlanIndex
from tfharness.runner import session_scan
from tfharness.scan import scan_plans
from tfharness.session import CachedPlan
from tfharness.stack import (
    MockOutputError,
    StackRunner,
    change_counts,
    describe_counts,
    refuse_mocks,
)

from .conftest import UNIT_IDS, UNITS
from .test_tree import NOT_YET_WIRED

pytestmark = pytest.mark.plan

PlanOf = Callable[[Unit], dict[str, Any]]


@cache
def module_name(unit: Unit) -> str:
    return live.unit_source_dir(unit).name


# Findings that hold on units of the tree today: check → {(module, text in the finding): why}.
# Not a pass: while a finding holds the test is reported as xfail with the reason, any other
# finding still fails, and an entry whose finding is gone fails (remove it then). README.md
# ("Units in the tree") lists them as work left.
KNOWN_FINDINGS: dict[str, dict[tuple[str, str], str]] = {
    "secrets": {
        ("elasticache-redis", "aws_secretsmanager_secret.auth: not rotated"): (
            "the Redis AUTH token secret has no rotation: modules/elasticache-redis needs a"
            " rotation function for AUTH tokens (ModifyReplicationGroup ROTATE)"
        ),
        ("outreach", "aws_secretsmanager_secret.link_keys: not rotated"): (
            "the outreach link HMAC keys rotate by hand (a new key id made current, old ids kept"
            " until their links expire, docs/workflows.md): single-value scheduled rotation would"
            " break every outstanding link; a rotation function that adds a key id is work left"
        ),
    },
}


def assert_clean(check: str, unit: Unit, problems: list[str]) -> None:
    known = {
        text: why
        for (module, text), why in KNOWN_FINDINGS.get(check, {}).items()
        if module == module_name(unit)
    }
    unexpected = [p for p in problems if not any(text in p for text in known)]
    assert not unexpected, "\n".join(unexpected)
    gone = [text for text in known if not any(text in p for p in problems)]
    assert not gone, f"known findings no longer hold, remove them from KNOWN_FINDINGS: {gone}"
    if known:
        pytest.xfail("; ".join(known.values()))


def index_of(unit: Unit, unit_plan: PlanOf) -> PlanIndex:
    try:
        plan = unit_plan(unit)
    except RuntimeError as error:
        pytest.fail(f"{unit} does not plan:\n{error}", pytrace=False)
    return PlanIndex(plan, unit.rel, root_source=f"modules/{module_name(unit)}")


def default_tags(unit: Unit) -> dict[str, str]:
    account = live.read_locals(LIVE_DIR / unit.env / "account.hcl")
    return {
        "Project": "phi-platform",
        "Environment": unit.env,
        "DataClassification": "PHI",
        "Owner": str(account["owner"]),
        "ManagedBy": "terragrunt",
    }


@pytest.mark.parametrize("unit", UNITS, ids=UNIT_IDS)
def test_unit_plans(unit: Unit, unit_plan: PlanOf) -> None:
    index = index_of(unit, unit_plan)
    assert index.resources, f"{unit} plans no resources"
    assert unit_plan(unit).get("errored") is False


@pytest.mark.parametrize("unit", UNITS, ids=UNIT_IDS)
def test_buckets_are_sse_kms_private_and_tls_only(unit: Unit, unit_plan: PlanOf) -> None:
    problems = invariants.bucket_violations(index_of(unit, unit_plan))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("unit", UNITS, ids=UNIT_IDS)
def test_databases_and_caches_encrypted_multi_az_in_prod(unit: Unit, unit_plan: PlanOf) -> None:
    problems = invariants.database_violations(index_of(unit, unit_plan), unit.env)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("unit", UNITS, ids=UNIT_IDS)
def test_only_the_load_balancer_admits_the_internet(unit: Unit, unit_plan: PlanOf) -> None:
    problems = invariants.security_group_violations(index_of(unit, unit_plan))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("unit", UNITS, ids=UNIT_IDS)
def test_data_subnets_have_no_route_out(unit: Unit, unit_plan: PlanOf) -> None:
    problems = invariants.data_subnet_violations(index_of(unit, unit_plan))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("unit", UNITS, ids=UNIT_IDS)
def test_log_groups_kms_and_kept_a_year(unit: Unit, unit_plan: PlanOf) -> None:
    problems = invariants.log_group_violations(index_of(unit, unit_plan))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("unit", UNITS, ids=UNIT_IDS)
def test_secrets_on_customer_keys_rotated_monthly(unit: Unit, unit_plan: PlanOf) -> None:
    assert_clean("secrets", unit, invariants.secret_violations(index_of(unit, unit_plan)))


@pytest.mark.parametrize("unit", UNITS, ids=UNIT_IDS)
def test_every_resource_carries_the_default_tags(unit: Unit, unit_plan: PlanOf) -> None:
    problems = invariants.tag_violations(index_of(unit, unit_plan), default_tags(unit))
    assert not problems, "\n".join(problems)


def test_vpc_ranges_across_the_tree_are_disjoint(unit_plan: PlanOf) -> None:
    cidrs = []
    for unit in UNITS:
        cidrs += invariants.vpc_cidrs(index_of(unit, unit_plan))
    problems = invariants.overlapping(cidrs)
    assert not problems, "\n".join(problems)
    if (MODULES_DIR / "vpc").is_dir():
        if "vpc" in NOT_YET_WIRED:
            assert not cidrs, "modules/vpc has units: remove it from NOT_YET_WIRED"
            pytest.xfail(f"modules/vpc has no units yet ({NOT_YET_WIRED['vpc']})")
        assert len(cidrs) >= len(live.stacks()), f"fewer VPCs than stacks: {cidrs}"


# Detective controls and where the platform requires them: (module, resource type, values,
# scope) with scope "account" (once per account, in live/<env>/_global) or "region".
DETECTIVE_CONTROLS = [
    (
        "cloudtrail",
        "aws_cloudtrail",
        {"is_multi_region_trail": True, "enable_log_file_validation": True},
        "account",
    ),
    ("config", "aws_config_configuration_recorder", {}, "account"),
    ("config", "aws_config_configuration_recorder_status", {"is_enabled": True}, "account"),
    ("guardduty-securityhub", "aws_guardduty_detector", {"enable": True}, "region"),
    ("guardduty-securityhub", "aws_securityhub_account", {}, "region"),
]


@pytest.mark.parametrize(
    ("module", "resource_type", "values", "scope"),
    DETECTIVE_CONTROLS,
    ids=[f"{c[1]}-per-{c[3]}" for c in DETECTIVE_CONTROLS],
)
def test_detective_controls_present_where_required(
    module: str, resource_type: str, values: dict[str, Any], scope: str, unit_plan: PlanOf
) -> None:
    if not (MODULES_DIR / module).is_dir():
        pytest.skip(f"modules/{module} is not in the tree yet")
    places = (
        [(env, live.GLOBAL_DIR) for env in live.environments()]
        if scope == "account"
        else [(env, region) for env, region in live.stacks()]
    )
    missing = []
    for env, where in places:
        units = [u for u in UNITS if u.env == env and u.region_dir == where]
        if not any(
            invariants.present(index_of(u, unit_plan), resource_type, **values) for u in units
        ):
            missing.append(f"live/{env}/{where}: no {resource_type} {values or ''}")
    if module in NOT_YET_WIRED:
        # Known work left, not a pass: reported as xfail until the module's units exist.
        assert missing, f"modules/{module} meets this control: remove it from NOT_YET_WIRED"
        pytest.xfail(f"modules/{module} has no units yet ({NOT_YET_WIRED[module]})")
    assert not missing, "\n".join(missing)


def stack_of(unit: Unit) -> tuple[str, str]:
    return unit.env, unit.region_dir


@pytest.mark.scan
@pytest.mark.parametrize("unit", UNITS, ids=UNIT_IDS)
def test_unit_plan_scans_clean(unit: Unit, unit_plan_file: Callable[[Unit], CachedPlan]) -> None:
    """checkov over the plans of the unit's stack (one run per env/region, cached)."""
    unit_plan_file(unit).load()  # a failed plan is reported here, not as "no findings"
    stack = [other for other in UNITS if stack_of(other) == stack_of(unit)]

    def compute() -> Any:
        plans = {
            other.rel: cached.path
            for other in stack
            if (cached := unit_plan_file(other)).error is None
        }
        roots = {other.rel: live.unit_source_dir(other) for other in stack}
        return scan_plans(plans, roots)

    name = "live-plans-" + "-".join(stack_of(unit))
    result = session_scan(name, compute).for_module(unit.rel)
    assert_clean("scan", unit, [f"checkov on the plan of {unit}: {p}" for p in result.violations()])


def test_a_plan_with_mock_outputs_is_refused(unit_plan: PlanOf) -> None:
    """Dependencies are unapplied here, so plans hold mocks; the apply path must refuse them."""
    unit = next(u for u in UNITS if u.rel == "dev/us-east-1/s3-phi-data")
    plan = unit_plan(unit)
    with pytest.raises(MockOutputError, match=r"var\.kms_key_arn = 'arn:aws:kms:.*0badc0de"):
        refuse_mocks(plan, unit.rel)
    standalone = next(u for u in UNITS if u.rel == "dev/us-east-1/kms")
    refuse_mocks(unit_plan(standalone), standalone.rel)  # no dependency, nothing to refuse


def test_counts_only_plan_matches_the_plan_json(
    live_runner: StackRunner, unit_plan: PlanOf
) -> None:
    """`make plan-all` skips `show -json` (a third of a unit plan's CPU) and reads the counts
    from Terraform's summary line: they must be the counts of the full plan."""
    unit = next(u for u in UNITS if u.rel == "dev/us-east-1/s3-phi-data")
    counted = live_runner.plan_unit(unit, as_json=False)
    assert counted.plan is None
    assert counted.detail == describe_counts(change_counts(unit_plan(unit)))
    assert counted.detail.startswith("+") and counted.detail != "+0 ~0 -0"
