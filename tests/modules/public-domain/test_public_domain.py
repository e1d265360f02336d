"""modules/public-domain: zone per env and region, DNSSEC, query logs, certificates in the
right regions, the CloudFront web ACL, the emulator switches, and every input rule."""

from __future__ import annotations

import json
from typing import Any

import pytest
from tfharness.badinput import BadInput
from tfharness.plan import PlanSummary, summarise

KEY = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
BASE: dict[str, Any] = {
    "name": "unit-edge",
    "public_domain": "dev.phi-platform.example.com",
    "region_label": "us-west-2",
    "log_kms_key_arn": KEY,
    "cloudfront_allowed_country_codes": ["US"],
}
P = "module.under_test."
ZONE = "us-west-2.dev.phi-platform.example.com"

pytestmark = pytest.mark.plan


def _change(plan: dict[str, Any], address: str) -> dict[str, Any]:
    for rc in plan["resource_changes"]:
        if rc["address"] == address:
            return rc
    raise KeyError(address)


def _provider_region(plan: dict[str, Any], address: str) -> str:
    """Region of the provider configuration a resource of the plan uses."""
    module_calls = plan["configuration"]["root_module"]["module_calls"]["under_test"]
    resources = module_calls["module"]["resources"]
    local = address.removeprefix(P)
    (resource,) = [r for r in resources if r["address"] == local.split("[")[0]]
    key = resource["provider_config_key"]
    configs = plan["configuration"]["provider_config"]
    alias = configs[key].get("alias") if key in configs else None
    if key.endswith("us_east_1") or alias == "us_east_1":
        return "us-east-1"
    return "us-west-2"


@pytest.fixture(scope="module")
def default_plan(plan_public_domain) -> dict[str, Any]:
    return plan_public_domain(BASE)


@pytest.fixture(scope="module")
def default(default_plan) -> PlanSummary:
    return summarise(default_plan)


def test_zone_is_named_region_then_domain(default) -> None:
    zone = default.resource(f"{P}aws_route53_zone.this")
    assert zone["name"] == ZONE
    assert zone["force_destroy"] is False
    assert "vpc" not in zone or zone["vpc"] == []  # public zone


def test_dnssec_signs_with_a_p256_key_only_route53_may_use(default) -> None:
    key = default.resource(f"{P}aws_kms_key.dnssec")
    assert key["customer_master_key_spec"] == "ECC_NIST_P256"
    assert key["key_usage"] == "SIGN_VERIFY"
    policy = json.loads(key["policy"])
    by_sid = {s["Sid"]: s for s in policy["Statement"]}
    signing = by_sid["Route53DnssecSigning"]
    assert signing["Principal"] == {"Service": "dnssec-route53.amazonaws.com"}
    assert sorted(signing["Action"]) == ["kms:DescribeKey", "kms:GetPublicKey", "kms:Sign"]
    assert set(signing["Condition"]) == {"StringEquals", "ArnLike"}
    assert signing["Condition"]["ArnLike"]["aws:SourceArn"] == "arn:aws:route53:::hostedzone/*"
    grants = by_sid["Route53DnssecGrants"]
    assert grants["Condition"] == {"Bool": {"kms:GrantIsForAWSResource": "true"}}
    admin = by_sid["KeyAdministration"]["Action"]
    assert "kms:Sign" not in admin and "kms:*" not in admin
    ksk = default.resource(f"{P}aws_route53_key_signing_key.this[0]")
    assert ksk["status"] == "ACTIVE" and ksk["name"] == "unit_edge_ksk"
    dnssec = default.resource(f"{P}aws_route53_hosted_zone_dnssec.this[0]")
    assert dnssec["signing_status"] == "SIGNING"


def test_us_east_1_resources_use_the_aliased_provider(default_plan) -> None:
    for address in (
        "aws_kms_key.dnssec",
        "aws_cloudwatch_log_group.query",
        "aws_cloudwatch_log_resource_policy.query",
        "aws_acm_certificate.cloudfront",
        "aws_acm_certificate_validation.cloudfront",
    ):
        assert _provider_region(default_plan, P + address) == "us-east-1", address
    for address in ("aws_acm_certificate.regional", "aws_acm_certificate_validation.regional"):
        assert _provider_region(default_plan, P + address) == "us-west-2", address


def test_query_logs_go_to_an_encrypted_group_kept_a_year(default) -> None:
    group = default.resource(f"{P}aws_cloudwatch_log_group.query[0]")
    assert group["name"] == f"/aws/route53/{ZONE}"
    assert group["kms_key_id"] == KEY and group["retention_in_days"] == 365
    policy = json.loads(
        default.resource(f"{P}aws_cloudwatch_log_resource_policy.query[0]")["policy_document"]
    )
    (statement,) = policy["Statement"]
    assert statement["Principal"] == {"Service": "route53.amazonaws.com"}
    assert statement["Resource"].startswith("arn:aws:logs:us-east-1:")
    assert statement["Resource"].endswith(":log-group:/aws/route53/*:*")
    assert default.counts["aws_route53_query_log"] == 1


def test_query_logging_switch_removes_only_the_logging(plan_public_domain) -> None:
    summary = summarise(plan_public_domain({**BASE, "enable_query_logging": False}))
    assert summary.counts.get("aws_route53_query_log", 0) == 0
    assert summary.counts.get("aws_cloudwatch_log_group", 0) == 1  # the WAF's group stays
    assert summary.counts["aws_route53_hosted_zone_dnssec"] == 1


def test_dnssec_switch_keeps_the_signing_key(plan_public_domain) -> None:
    summary = summarise(plan_public_domain({**BASE, "enable_dnssec": False}))
    assert summary.counts.get("aws_route53_hosted_zone_dnssec", 0) == 0
    assert summary.counts.get("aws_route53_key_signing_key", 0) == 0
    assert summary.resource(f"{P}aws_kms_key.dnssec")["key_usage"] == "SIGN_VERIFY"


def test_certificates_cover_their_names_and_validate_by_dns(default) -> None:
    regional = default.resource(f"{P}aws_acm_certificate.regional")
    assert regional["domain_name"] == f"portal.{ZONE}"
    assert sorted(regional["subject_alternative_names"]) == [f"api.{ZONE}", f"portal.{ZONE}"]
    cloudfront = default.resource(f"{P}aws_acm_certificate.cloudfront")
    assert cloudfront["domain_name"] == f"www.{ZONE}"
    for cert in (regional, cloudfront):
        assert cert["validation_method"] == "DNS"
        assert cert["key_algorithm"] == "EC_prime256v1"
    assert default.counts["aws_route53_record"] == 3
    assert default.counts["aws_acm_certificate_validation"] == 2


def test_certificate_names_and_algorithm_are_inputs(plan_public_domain) -> None:
    summary = summarise(
        plan_public_domain(
            {
                **BASE,
                "regional_certificate_names": ["app"],
                "cloudfront_certificate_names": ["static", "assets"],
                "certificate_key_algorithm": "RSA_2048",
            }
        )
    )
    regional = summary.resource(f"{P}aws_acm_certificate.regional")
    assert regional["domain_name"] == f"app.{ZONE}"
    assert regional["key_algorithm"] == "RSA_2048"
    cloudfront = summary.resource(f"{P}aws_acm_certificate.cloudfront")
    assert sorted(cloudfront["subject_alternative_names"]) == [f"assets.{ZONE}", f"static.{ZONE}"]
    assert summary.counts["aws_route53_record"] == 3


def test_cloudfront_web_acl_blocks_other_countries_first(default) -> None:
    acl = default.resource(f"{P}module.cloudfront_waf.aws_wafv2_web_acl.this")
    assert acl["scope"] == "CLOUDFRONT"
    rules = sorted(acl["rule"], key=lambda r: r["priority"])
    assert [r["name"] for r in rules][:2] == ["geo-allow-list", "rate-limit-per-ip"]
    inner = rules[0]["statement"][0]["not_statement"][0]["statement"][0]
    assert inner["geo_match_statement"][0]["country_codes"] == ["US"]
    assert rules[0]["action"][0]["block"] != []


BAD_INPUTS = [
    BadInput(
        "domain-trailing-dot",
        {"public_domain": "dev.example.com."},
        "public_domain",
        "lower-case DNS name",
        BASE,
    ),
    BadInput(
        "domain-single-label",
        {"public_domain": "localhost"},
        "public_domain",
        "at least two labels",
        BASE,
    ),
    BadInput(
        "region-label-dots",
        {"region_label": "us.east"},
        "region_label",
        "one lower-case DNS label",
        BASE,
    ),
    BadInput("name", {"name": "Edge_1"}, "name", "2-40 lower-case letters", BASE),
    BadInput(
        "regional-wildcard",
        {"regional_certificate_names": ["*"]},
        "regional_certificate_names",
        "no dots, no wildcards",
        BASE,
    ),
    BadInput(
        "cloudfront-names-empty",
        {"cloudfront_certificate_names": []},
        "cloudfront_certificate_names",
        "1-10 distinct lower-case DNS labels",
        BASE,
    ),
    BadInput(
        "algorithm",
        {"certificate_key_algorithm": "RSA_1024"},
        "certificate_key_algorithm",
        "EC_prime256v1, EC_secp384r1 or RSA_2048",
        BASE,
    ),
    BadInput(
        "retention-90",
        {"query_log_retention_days": 90},
        "query_log_retention_days",
        "at least 365",
        BASE,
    ),
    BadInput(
        "log-key-other-region",
        {"log_kms_key_arn": KEY.replace("us-east-1", "us-west-2")},
        "log_kms_key_arn",
        "KMS key ARN in us-east-1",
        BASE,
    ),
    BadInput(
        "countries-empty",
        {"cloudfront_allowed_country_codes": []},
        "cloudfront_allowed_country_codes",
        "1-50 two-letter upper-case",
        BASE,
    ),
    BadInput(
        "countries-lower",
        {"cloudfront_allowed_country_codes": ["us"]},
        "cloudfront_allowed_country_codes",
        "1-50 two-letter upper-case",
        BASE,
    ),
    BadInput(
        "rate-limit",
        {"cloudfront_rate_limit": 5},
        "cloudfront_rate_limit",
        "between 10 and 2,000,000,000",
        BASE,
    ),
    BadInput(
        "baseline-removed",
        {"cloudfront_managed_rule_groups": ["AWSManagedRulesCommonRuleSet"]},
        "cloudfront_managed_rule_groups",
        "must keep the baseline groups",
        BASE,
    ),
]


@pytest.mark.parametrize("case", BAD_INPUTS, ids=[c.id for c in BAD_INPUTS])
def test_bad_input_is_rejected_with_the_rule(public_domain_bad_input, case: BadInput) -> None:
    public_domain_bad_input(BAD_INPUTS, case)
