"""modules/waf: rule order and actions, logging with redaction, and every input rule."""

from __future__ import annotations

import json
from typing import Any

import pytest
from tfharness.badinput import BadInput
from tfharness.plan import summarise

KEY = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
BASE: dict[str, Any] = {"name": "unit-acl", "kms_key_arn": KEY}
ACL = "module.under_test.aws_wafv2_web_acl.this"
LOGGING = "module.under_test.aws_wafv2_web_acl_logging_configuration.this"
BASELINE = [
    "AWSManagedRulesAmazonIpReputationList",
    "AWSManagedRulesCommonRuleSet",
    "AWSManagedRulesKnownBadInputsRuleSet",
    "AWSManagedRulesSQLiRuleSet",
]

pytestmark = pytest.mark.plan


def _plan(plan_call, **inputs: Any):
    return summarise(plan_call("waf", {**BASE, **inputs}))


def _rules(summary) -> list[dict[str, Any]]:
    return sorted(summary.resource(ACL)["rule"], key=lambda r: r["priority"])


def test_default_rules_rate_limit_then_baseline_groups(plan_call) -> None:
    summary = _plan(plan_call)
    rules = _rules(summary)
    assert [r["name"] for r in rules] == ["rate-limit-per-ip", *BASELINE]
    rate = rules[0]
    assert rate["action"][0]["block"] != []
    assert rate["statement"][0]["rate_based_statement"][0]["limit"] == 2000
    assert rate["statement"][0]["rate_based_statement"][0]["aggregate_key_type"] == "IP"
    for rule in rules[1:]:
        group = rule["statement"][0]["managed_rule_group_statement"][0]
        assert group["vendor_name"] == "AWS" and group["name"] == rule["name"]
        assert rule["override_action"][0]["none"] == [{}]  # the group's own block actions
        assert group["rule_action_override"] == []
    acl = summary.resource(ACL)
    assert acl["default_action"][0]["allow"] != []
    assert all(r["visibility_config"][0]["sampled_requests_enabled"] for r in rules)
    assert summary.counts.get("aws_wafv2_web_acl_association", 0) == 0


def test_geo_allow_list_blocks_every_other_country_first(plan_call) -> None:
    rules = _rules(_plan(plan_call, allowed_country_codes=["US", "PR"]))
    geo = rules[0]
    assert geo["name"] == "geo-allow-list" and geo["priority"] == 0
    assert geo["action"][0]["block"] != []
    inner = geo["statement"][0]["not_statement"][0]["statement"][0]
    assert inner["geo_match_statement"][0]["country_codes"] == ["US", "PR"]


def test_count_rules_tune_single_rules_and_groups_can_be_added(plan_call) -> None:
    groups = [
        {"name": name, "count_rules": ["SizeRestrictions_BODY"]}
        if name == "AWSManagedRulesCommonRuleSet"
        else {"name": name}
        for name in BASELINE
    ]
    groups.append({"name": "AWSManagedRulesLinuxRuleSet"})
    rules = _rules(_plan(plan_call, managed_rule_groups=groups))
    assert [r["name"] for r in rules][-1] == "AWSManagedRulesLinuxRuleSet"
    assert rules[-1]["priority"] == 50
    common = next(r for r in rules if r["name"] == "AWSManagedRulesCommonRuleSet")
    overrides = common["statement"][0]["managed_rule_group_statement"][0]["rule_action_override"]
    assert overrides == [
        {"name": "SizeRestrictions_BODY", "action_to_use": [overrides[0]["action_to_use"][0]]}
    ]
    assert overrides[0]["action_to_use"][0]["count"] != []


def test_logs_redact_authorization_and_cookie_always(plan_call) -> None:
    summary = _plan(plan_call, redacted_headers=["x-api-key"])
    fields = summary.resource(LOGGING)["redacted_fields"]
    assert [f["single_header"][0]["name"] for f in fields] == [
        "authorization",
        "cookie",
        "x-api-key",
    ]
    logs = summary.resource("module.under_test.aws_cloudwatch_log_group.this")
    assert logs["name"] == "aws-waf-logs-unit-acl"
    assert logs["kms_key_id"] == KEY and logs["retention_in_days"] == 365


def test_log_delivery_policy_is_scoped_to_the_group_and_account(plan_call) -> None:
    summary = _plan(plan_call)
    policy = json.loads(
        summary.resource("module.under_test.aws_cloudwatch_log_resource_policy.delivery")[
            "policy_document"
        ]
    )
    (statement,) = policy["Statement"]
    assert statement["Principal"] == {"Service": "delivery.logs.amazonaws.com"}
    assert statement["Resource"].endswith(":log-group:aws-waf-logs-unit-acl:*")
    assert set(statement["Condition"]) == {"StringEquals", "ArnLike"}


def test_associations_attach_regional_resources(plan_call) -> None:
    alb = "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/portal/0123abcd"
    summary = _plan(plan_call, associations={"alb": alb})
    association = summary.resource('module.under_test.aws_wafv2_web_acl_association.this["alb"]')
    assert association["resource_arn"] == alb


def test_cloudfront_scope_plans_in_us_east_1(plan_call) -> None:
    assert _plan(plan_call, scope="CLOUDFRONT").resource(ACL)["scope"] == "CLOUDFRONT"


BAD_INPUTS = [
    BadInput(
        "scope",
        {"scope": "GLOBAL"},
        "scope",
        'scope must be "REGIONAL" or "CLOUDFRONT"',
        BASE,
    ),
    BadInput(
        "rate-limit-low",
        {"rate_limit": 5},
        "rate_limit",
        "between 10 and 2,000,000,000",
        BASE,
    ),
    BadInput(
        "rate-limit-fraction",
        {"rate_limit": 100.5},
        "rate_limit",
        "between 10 and 2,000,000,000",
        BASE,
    ),
    BadInput(
        "rate-window",
        {"rate_limit_window_seconds": 30},
        "rate_limit_window_seconds",
        "60, 120, 300 or 600",
        BASE,
    ),
    BadInput(
        "baseline-removed",
        {"managed_rule_groups": [{"name": n} for n in BASELINE if "KnownBadInputs" not in n]},
        "managed_rule_groups",
        "must keep the baseline groups",
        BASE,
    ),
    BadInput(
        "duplicate-group",
        {"managed_rule_groups": [{"name": n} for n in [*BASELINE, BASELINE[0]]]},
        "managed_rule_groups",
        "must be distinct AWS managed rule group names",
        BASE,
    ),
    BadInput(
        "country",
        {"allowed_country_codes": ["usa"]},
        "allowed_country_codes",
        "two-letter upper-case ISO 3166-1",
        BASE,
    ),
    BadInput(
        "kms-alias",
        {"kms_key_arn": "alias/waf"},
        "kms_key_arn",
        "customer-managed KMS key ARN",
        BASE,
    ),
    BadInput(
        "retention-90",
        {"log_retention_days": 90},
        "log_retention_days",
        "log_retention_days must be at least 365",
        BASE,
    ),
    BadInput(
        "redact-uppercase",
        {"redacted_headers": ["X-Api-Key"]},
        "redacted_headers",
        "lower-case header names",
        BASE,
    ),
    BadInput(
        "redact-duplicate",
        {"redacted_headers": ["cookie"]},
        "redacted_headers",
        "already redacted",
        BASE,
    ),
    BadInput(
        "association-cloudfront",
        {
            "scope": "CLOUDFRONT",
            "associations": {
                "alb": "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/x/1"
            },
        },
        "associations",
        'associations are only for scope = "REGIONAL"',
        BASE,
    ),
    BadInput(
        "association-arn",
        {"associations": {"site": "arn:aws:cloudfront::111122223333:distribution/E1"}},
        "associations",
        "ARNs of ALBs, API Gateway stages",
        BASE,
    ),
    BadInput(
        "name",
        {"name": "my acl"},
        "name",
        "1-100 letters, digits",
        BASE,
    ),
    BadInput(
        "description",
        {"description": "API (prod)"},
        "description",
        "the WAF pattern",
        BASE,
    ),
]


@pytest.mark.parametrize("case", BAD_INPUTS, ids=[c.id for c in BAD_INPUTS])
def test_bad_input_is_rejected_with_the_rule(bad_input, case: BadInput) -> None:
    bad_input("waf", BAD_INPUTS, case)
