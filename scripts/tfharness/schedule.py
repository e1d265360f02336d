"""pytest plugin: start the longest tests first, so the run does not end on one long test.

``--dist loadgroup`` hands out work units (a test, or all tests of one ``xdist_group``) in
the order the workers collected them, except that xdist by default moves units with more
tests to the front (``--loadscope-reorder``), which starts the mutation groups first and the
18-minute stack apply whenever its file comes up. Here the collection is sorted by known
cost, longest first (a group costs the sum of its tests), reordering by size is switched
off, and unknown tests keep their order after the known ones.

Costs come from :data:`KNOWN_LONG` (seconds, call plus setup, from a full ``make test``
with 4 workers on 2 cores; refresh from ``--durations``); an ``e2e`` test not listed counts
:data:`DEFAULT_E2E_SECONDS`. ``tests/harness/test_schedule.py`` fails when the list names a
test that no longer exists.
"""

from __future__ import annotations

from typing import Any

import pytest

DEFAULT_E2E_SECONDS = 60.0

_APPLY = "tests/modules/test_examples.py::test_apply_replan_destroy"
_MUTATION = "tests/modules/test_mutations.py::test_removed_control_is_caught"
_UNIT_PLAN = "tests/live/test_plans.py::test_unit_plans"

KNOWN_LONG: dict[str, float] = {
    "tests/live/test_stack_apply.py::test_dev_stack_applies_replans_clean_and_destroys": 1204,
    f"{_APPLY}[rds-proxy/complete]": 290,
    f"{_APPLY}[rds-postgres/basic]": 279,
    f"{_APPLY}[public-domain/regional]": 246,
    f"{_APPLY}[cloudfront-s3/spa]": 197,
    f"{_APPLY}[outreach/campaign]": 195,
    f"{_APPLY}[vpc/non-production]": 169,
    f"{_APPLY}[intake/document-intake]": 153,
    "tests/modules/lambda-function/test_lambda_function.py::"
    "test_blue_green_release_on_the_emulator": 143,
    f"{_APPLY}[sqs-queue/basic]": 141,
    f"{_APPLY}[nacl/three-tier]": 132,
    f"{_APPLY}[alb/portal]": 131,
    f"{_APPLY}[vpc/production]": 128,
    f"{_APPLY}[s3-bucket/log-bucket]": 127,
    f"{_APPLY}[guardduty-securityhub/complete]": 125,
    f"{_MUTATION}[kms:key-rotation-removed]": 125,
    f"{_APPLY}[config/hipaa]": 125,
    f"{_APPLY}[cloudtrail/trail]": 123,
    f"{_APPLY}[s3-bucket/phi-data]": 122,
    f"{_APPLY}[security-groups/chain]": 120,
    f"{_APPLY}[waf/regional]": 108,
    "tests/modules/alb/test_alb.py::test_bad_input_is_rejected_with_the_rule[tls-2016-policy]": 101,
    f"{_APPLY}[secrets-rotation/basic]": 94,
    "tests/modules/test_module_scan.py::test_module_hcl_scans_clean[alb]": 88,
    "tests/modules/ecs-fargate/test_ecs_fargate.py::"
    "test_bad_input_is_rejected_with_the_rule[user-uid-0]": 75,
    "tests/modules/vpc/test_vpc.py::"
    "test_bad_input_is_rejected_with_the_rule[overlapping-tier-cidrs]": 75,
    f"{_APPLY}[ecs-fargate/service]": 72,
    f"{_APPLY}[backup/two-region]": 68,
    "tests/modules/alb/test_alb.py::test_scheme_and_network_come_from_the_inputs": 64,
    "tests/modules/backup/test_backup.py::"
    "test_bad_input_is_rejected_with_the_rule[cold-storage-shorter-than-90-days]": 63,
    f"{_APPLY}[elasticache-redis/basic]": 62,
    f"{_APPLY}[lambda-function/basic]": 60,
    f"{_APPLY}[lambda-function/blue-green]": 58,
    "tests/modules/s3-bucket/test_s3_bucket.py::"
    "test_bad_input_is_rejected_with_the_rule[phi-without-key]": 56,
    "tests/harness/test_lambda_build.py::test_real_packages_rebuild_byte_identical": 53,
    "tests/modules/test_examples.py::test_plan_scans_clean[backup/two-region]": 53,
    f"{_APPLY}[kms/basic]": 53,
    f"{_MUTATION}[waf:logging-removed]": 51,
    f"{_APPLY}[sns-topic/basic]": 48,
    "tests/workflows/test_outreach_plan.py::test_a_campaign_over_150000_patients": 47,
    f"{_APPLY}[cognito/portals]": 46,
    f"{_MUTATION}[alb:http-redirect-removed]": 44,
    f"{_APPLY}[http-api/staff-and-public]": 43,
    f"{_APPLY}[iam-baseline/account]": 43,
    "tests/modules/ecs-fargate/test_ecs_fargate.py::"
    "test_task_role_gets_only_the_callers_policy": 42,
    f"{_UNIT_PLAN}[dev/ap-southeast-1/vpc]": 42,
    "tests/modules/s3-bucket/test_s3_bucket.py::"
    "test_bad_input_is_rejected_with_the_rule[log-with-key]": 41,
    "tests/modules/alb/test_alb.py::"
    "test_target_groups_default_to_https_ip_targets_with_health_checks": 41,
    f"{_UNIT_PLAN}[dev/ap-southeast-1/waf]": 36,
    "tests/modules/vpc/test_vpc.py::test_no_subnet_assigns_public_ips": 36,
    "tests/modules/cloudfront-s3/test_cloudfront_s3.py::test_spa_errors_map_to_the_app_shell": 35,
    f"{_UNIT_PLAN}[prod/us-east-1/waf]": 35,
    f"{_UNIT_PLAN}[dev/us-east-1/waf]": 35,
    "tests/modules/alb/test_alb.py::test_no_plain_http_listener_ever_forwards": 32,
    f"{_UNIT_PLAN}[prod/ap-southeast-1/waf]": 31,
    f"{_MUTATION}[vpc:default-route-in-data-tier]": 28,
}


def base_nodeid(nodeid: str) -> str:
    """``nodeid`` without the ``@<group>`` tag xdist appends (its own splitting rule)."""
    if nodeid.rfind("@") > nodeid.rfind("]"):
        return nodeid.rsplit("@", 1)[0]
    return nodeid


def group_of(item: pytest.Item) -> str | None:
    names = sorted(
        str(mark.args[0] if mark.args else mark.kwargs.get("name", "default"))
        for mark in item.iter_markers("xdist_group")
    )
    return "_".join(names) if names else None


def cost(item: pytest.Item) -> float:
    """Known seconds of one test (0 when nothing is known)."""
    known = KNOWN_LONG.get(base_nodeid(item.nodeid))
    if known is not None:
        return known
    return DEFAULT_E2E_SECONDS if item.get_closest_marker("e2e") else 0.0


def longest_first(items: list[pytest.Item]) -> list[pytest.Item]:
    """Items by descending cost of their work unit (a group moves as one), stable otherwise."""
    group_cost: dict[str, float] = {}
    for item in items:
        group = group_of(item)
        if group is not None:
            group_cost[group] = group_cost.get(group, 0.0) + cost(item)

    def unit_cost(item: pytest.Item) -> float:
        group = group_of(item)
        return group_cost[group] if group is not None else cost(item)

    return sorted(items, key=lambda item: -unit_cost(item))


def pytest_configure(config: pytest.Config) -> None:
    is_controller = not hasattr(config, "workerinput")
    if is_controller and getattr(config.option, "dist", "no") == "loadgroup":
        # Keep the collection order (longest first) instead of moving big groups ahead.
        config.option.loadscopereorder = False


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: Any, items: list[pytest.Item]) -> None:
    items[:] = longest_first(items)
