"""modules/cloudfront-s3: viewer security, headers, private origin, and every input rule."""

from __future__ import annotations

from typing import Any

import pytest
from tfharness.badinput import BadInput
from tfharness.plan import summarise

ACCOUNT = "111122223333"
KEY = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"
CERT = f"arn:aws:acm:us-east-1:{ACCOUNT}:certificate/0a1b2c3d-1111-2222-3333-444455556666"
ACL = f"arn:aws:wafv2:us-east-1:{ACCOUNT}:global/webacl/portal/0a1b2c3d-1111-2222-3333-444455556666"
BASE: dict[str, Any] = {
    "name": "unit-site",
    "origin_bucket_name": "unit-site-origin",
    "origin_kms_key_arn": KEY,
    "origin_access_log_bucket": "unit-site-logs",
    "aliases": ["portal.example.org"],
    "acm_certificate_arn": CERT,
    "web_acl_arn": ACL,
    "standard_logging": {"bucket_domain_name": "unit-site-logs.s3.amazonaws.com"},
}
DIST = "module.under_test.aws_cloudfront_distribution.this"
HEADERS = "module.under_test.aws_cloudfront_response_headers_policy.this[0]"
ORIGIN = "module.under_test.module.origin[0]"
MANAGED_SECURITY_HEADERS = "67f7725c-6f97-4210-82d7-5512b31e9d03"

pytestmark = pytest.mark.plan


def _plan(plan_call, **inputs: Any):
    return summarise(plan_call("cloudfront-s3", {**BASE, **inputs}))


def test_viewers_get_https_tls12_waf_and_logging(plan_call) -> None:
    dist = _plan(plan_call).resource(DIST)
    behaviour = dist["default_cache_behavior"][0]
    assert behaviour["viewer_protocol_policy"] == "redirect-to-https"
    assert behaviour["allowed_methods"] == ["GET", "HEAD", "OPTIONS"]
    assert behaviour["compress"] is True
    certificate = dist["viewer_certificate"][0]
    assert certificate["acm_certificate_arn"] == CERT
    assert certificate["minimum_protocol_version"] == "TLSv1.2_2021"
    assert certificate["ssl_support_method"] == "sni-only"
    assert certificate["cloudfront_default_certificate"] in (None, False)
    assert dist["web_acl_id"] == ACL
    assert dist["logging_config"] == [
        {
            "bucket": "unit-site-logs.s3.amazonaws.com",
            "prefix": "cloudfront/",
            "include_cookies": False,
        }
    ]
    assert dist["aliases"] == ["portal.example.org"]
    assert dist["price_class"] == "PriceClass_100"
    assert dist["default_root_object"] == "index.html"
    assert dist["restrictions"][0]["geo_restriction"][0]["restriction_type"] == "none"


def test_spa_errors_map_to_the_app_shell(plan_call) -> None:
    errors = _plan(plan_call).resource(DIST)["custom_error_response"]
    assert sorted(
        (e["error_code"], e["response_code"], e["response_page_path"]) for e in errors
    ) == [
        (403, 200, "/index.html"),
        (404, 200, "/index.html"),
    ]
    assert _plan(plan_call, spa_fallback_path=None).resource(DIST)["custom_error_response"] == []


def test_security_headers_policy(plan_call) -> None:
    config = _plan(plan_call).resource(HEADERS)["security_headers_config"][0]
    hsts = config["strict_transport_security"][0]
    assert hsts == {
        "access_control_max_age_sec": 63072000,
        "include_subdomains": True,
        "preload": True,
        "override": True,
    }
    assert config["frame_options"][0] == {"frame_option": "DENY", "override": True}
    assert config["content_type_options"][0] == {"override": True}
    assert config["referrer_policy"][0]["referrer_policy"] == "strict-origin-when-cross-origin"
    csp = config["content_security_policy"][0]["content_security_policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp


def test_managed_headers_policy_only_when_switched_off(plan_call) -> None:
    summary = _plan(plan_call, create_response_headers_policy=False)
    behaviour = summary.resource(DIST)["default_cache_behavior"][0]
    assert behaviour["response_headers_policy_id"] == MANAGED_SECURITY_HEADERS
    assert summary.counts.get("aws_cloudfront_response_headers_policy", 0) == 0


def test_origin_is_a_private_phi_bucket_read_through_oac(plan_call) -> None:
    summary = _plan(plan_call)
    oac = summary.resource("module.under_test.aws_cloudfront_origin_access_control.this")
    assert oac["origin_access_control_origin_type"] == "s3"
    assert oac["signing_behavior"] == "always" and oac["signing_protocol"] == "sigv4"
    origin = summary.resource(DIST)["origin"][0]
    assert origin["s3_origin_config"] == [] and origin["custom_origin_config"] == []
    block = summary.resource(f"{ORIGIN}.aws_s3_bucket_public_access_block.phi[0]")
    assert all(block[k] for k in ("block_public_acls", "block_public_policy", "ignore_public_acls"))
    assert block["restrict_public_buckets"] is True
    sse = summary.resource(f"{ORIGIN}.aws_s3_bucket_server_side_encryption_configuration.phi[0]")
    default = sse["rule"][0]["apply_server_side_encryption_by_default"][0]
    assert default == {"sse_algorithm": "aws:kms", "kms_master_key_id": KEY}
    logging = summary.resource(f"{ORIGIN}.aws_s3_bucket_logging.phi[0]")
    assert logging["target_prefix"] == "s3/unit-site-origin/"
    assert summary.counts["aws_s3_bucket"] == 1


def test_an_existing_foundation_bucket_can_be_the_origin(plan_call) -> None:
    existing = {
        "name": "shared-site",
        "regional_domain_name": "shared-site.s3.us-east-1.amazonaws.com",
    }
    inputs = {k: v for k, v in BASE.items() if not k.startswith("origin_")}
    summary = summarise(plan_call("cloudfront-s3", {**inputs, "existing_origin_bucket": existing}))
    assert summary.counts.get("aws_s3_bucket", 0) == 0
    origin = summary.resource(DIST)["origin"][0]
    assert origin["domain_name"] == existing["regional_domain_name"]
    assert origin["origin_id"] == "s3-shared-site"


CF = BASE["standard_logging"]
BAD_INPUTS = [
    BadInput(
        "tls-v1",
        {"minimum_protocol_version": "TLSv1"},
        "minimum_protocol_version",
        "TLSv1.2_2021 or TLSv1.2_2025",
        BASE,
    ),
    BadInput(
        "tls-v1-1",
        {"minimum_protocol_version": "TLSv1.1_2016"},
        "minimum_protocol_version",
        "TLSv1.2_2021 or TLSv1.2_2025",
        BASE,
    ),
    BadInput(
        "tls-2019",
        {"minimum_protocol_version": "TLSv1.2_2019"},
        "minimum_protocol_version",
        "TLSv1.2_2021 or TLSv1.2_2025",
        BASE,
    ),
    BadInput(
        "public-website-origin",
        {
            "origin_bucket_name": None,
            "existing_origin_bucket": {
                "name": "shared-site",
                "regional_domain_name": "shared-site.s3-website-us-east-1.amazonaws.com",
            },
        },
        "existing_origin_bucket",
        "serve only public buckets",
        BASE,
    ),
    BadInput(
        "foreign-host-origin",
        {
            "origin_bucket_name": None,
            "existing_origin_bucket": {
                "name": "shared-site",
                "regional_domain_name": "cdn.example.org",
            },
        },
        "existing_origin_bucket",
        "private REST endpoint",
        BASE,
    ),
    BadInput(
        "two-origins",
        {
            "origin_bucket_name": "unit-site-origin",
            "existing_origin_bucket": {
                "name": "shared-site",
                "regional_domain_name": "shared-site.s3.us-east-1.amazonaws.com",
            },
        },
        "origin_bucket_name",
        "Set exactly one of origin_bucket_name",
        BASE,
    ),
    BadInput(
        "origin-without-key",
        {"origin_kms_key_arn": None, "origin_bucket_name": "unit-site-origin"},
        "origin_bucket_name",
        "needs origin_kms_key_arn and origin_access_log_bucket",
        BASE,
    ),
    BadInput(
        "regional-web-acl",
        {"web_acl_arn": f"arn:aws:wafv2:us-east-1:{ACCOUNT}:regional/webacl/api/0a1b2c3d-1111"},
        "web_acl_arn",
        "CLOUDFRONT-scope WAFv2 web ACL ARN",
        BASE,
    ),
    BadInput(
        "certificate-region",
        {"acm_certificate_arn": CERT.replace("us-east-1", "eu-west-1")},
        "acm_certificate_arn",
        "in us-east-1",
        BASE,
    ),
    BadInput(
        "no-aliases",
        {"aliases": []},
        "aliases",
        "at least one lower-case DNS name",
        BASE,
    ),
    BadInput(
        "log-regional-domain",
        {"standard_logging": {"bucket_domain_name": "logs.s3.us-east-1.amazonaws.com"}},
        "standard_logging",
        "<log bucket>.s3.amazonaws.com",
        BASE,
    ),
    BadInput(
        "log-prefix-slash",
        {"standard_logging": {**CF, "prefix": "/cf/"}},
        "standard_logging",
        "without a leading slash",
        BASE,
    ),
    BadInput(
        "price-class",
        {"price_class": "PriceClass_50"},
        "price_class",
        "PriceClass_100, PriceClass_200",
        BASE,
    ),
    BadInput(
        "geo-without-locations",
        {"geo_restriction": {"restriction_type": "whitelist"}},
        "geo_restriction",
        "given exactly when restriction_type",
        BASE,
    ),
    BadInput(
        "geo-type",
        {"geo_restriction": {"restriction_type": "allow", "locations": ["US"]}},
        "geo_restriction",
        "none, whitelist or blacklist",
        BASE,
    ),
    BadInput(
        "csp-unsafe-eval",
        {"content_security_policy": "default-src 'self' 'unsafe-eval'"},
        "content_security_policy",
        "must not allow 'unsafe-eval'",
        BASE,
    ),
    BadInput(
        "referrer",
        {"referrer_policy": "unsafe-url"},
        "referrer_policy",
        "strict-origin-when-cross-origin, no-referrer",
        BASE,
    ),
    BadInput(
        "root-object",
        {"default_root_object": "/index.html"},
        "default_root_object",
        "without a leading slash",
        BASE,
    ),
    BadInput(
        "spa-path",
        {"spa_fallback_path": "index.html"},
        "spa_fallback_path",
        "starting with /",
        BASE,
    ),
    BadInput(
        "name",
        {"name": "my site"},
        "name",
        "1-60 letters, digits or hyphens",
        BASE,
    ),
    BadInput(
        "bucket-name",
        {"origin_bucket_name": "My.Bucket"},
        "origin_bucket_name",
        "lowercase letters, digits and hyphens",
        BASE,
    ),
]


@pytest.mark.parametrize("case", BAD_INPUTS, ids=[c.id for c in BAD_INPUTS])
def test_bad_input_is_rejected_with_the_rule(bad_input, case: BadInput) -> None:
    bad_input("cloudfront-s3", BAD_INPUTS, case)
