"""modules/alb: HTTPS-only listeners, header and desync hardening, logs, WAF, bad input."""

from __future__ import annotations

import pytest
from tfharness.badinput import BadInput
from tfharness.plan import PlanSummary, summarise

ACCOUNT = "111122223333"
CERT = f"arn:aws:acm:us-east-1:{ACCOUNT}:certificate/0a1b2c3d-1111-2222-3333-444455556666"
CERT_2 = f"arn:aws:acm:us-east-1:{ACCOUNT}:certificate/0a1b2c3d-7777-8888-9999-000011112222"
WEB_ACL = (
    f"arn:aws:wafv2:us-east-1:{ACCOUNT}:regional/webacl/portal/a1b2c3d4-5678-90ab-cdef-111122223333"
)
BASE = {
    "name": "unit-alb",
    "scheme": "internet-facing",
    "vpc_id": "vpc-0123456789abcdef0",
    "subnet_ids": ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"],
    "security_group_ids": ["sg-0123456789abcdef0"],
    "certificate_arn": CERT,
    "web_acl_arn": WEB_ACL,
    "access_logs_bucket": "unit-test-logs",
}
ROUTED = {
    **BASE,
    "target_groups": {"web": {"port": 8443}, "api": {"port": 9443, "protocol": "HTTP"}},
    "default_target_group": "web",
    "listener_rules": {
        "api": {
            "priority": 10,
            "target_group": "api",
            "host_headers": ["api.example.com"],
            "path_patterns": ["/v1/*"],
        }
    },
}
LB = "module.under_test.aws_lb.this"
HTTPS = "module.under_test.aws_lb_listener.https"
REDIRECT = "module.under_test.aws_lb_listener.http_redirect[0]"

pytestmark = pytest.mark.plan


def _plan(plan_call, **inputs) -> PlanSummary:
    return summarise(plan_call("alb", {**BASE, **inputs}))


def _routed(plan_call) -> PlanSummary:
    return summarise(plan_call("alb", ROUTED))


# --- listeners: HTTPS only, port 80 redirects ------------------------------------------------


def test_https_listener_uses_a_tls13_policy_and_the_certificate(plan_call) -> None:
    https = _plan(plan_call).resource(HTTPS)
    assert (https["port"], https["protocol"]) == (443, "HTTPS")
    assert https["ssl_policy"] == "ELBSecurityPolicy-TLS13-1-2-Res-2021-06"
    assert https["certificate_arn"] == CERT


def test_port_80_only_redirects_to_https(plan_call) -> None:
    summary = _plan(plan_call)
    redirect = summary.resource(REDIRECT)
    assert (redirect["port"], redirect["protocol"]) == (80, "HTTP")
    action = redirect["default_action"][0]
    assert action["type"] == "redirect"
    assert action["redirect"][0]["protocol"] == "HTTPS"
    assert action["redirect"][0]["port"] == "443"
    assert action["redirect"][0]["status_code"] == "HTTP_301"
    assert not action["forward"] and action["target_group_arn"] is None


def test_no_plain_http_listener_ever_forwards(plan_call) -> None:
    for summary in (_plan(plan_call), _routed(plan_call)):
        for listener in summary.of_type("aws_lb_listener").values():
            if listener["protocol"] == "HTTP":
                assert [a["type"] for a in listener["default_action"]] == ["redirect"]


def test_http_listener_none_opens_no_port_80(plan_call) -> None:
    summary = _plan(plan_call, http_listener="none")
    assert list(summary.of_type("aws_lb_listener")) == [HTTPS]


def test_without_a_default_target_group_unmatched_requests_get_404(plan_call) -> None:
    action = _plan(plan_call).resource(HTTPS)["default_action"][0]
    assert action["type"] == "fixed-response"
    assert action["fixed_response"][0]["status_code"] == "404"


def test_additional_certificates_are_served_by_sni(plan_call) -> None:
    summary = _plan(plan_call, additional_certificate_arns=[CERT_2])
    certificates = summary.of_type("aws_lb_listener_certificate")
    assert [c["certificate_arn"] for c in certificates.values()] == [CERT_2]


# --- the load balancer itself ----------------------------------------------------------------


def test_invalid_headers_are_dropped_and_desync_is_strictest(plan_call) -> None:
    lb = _plan(plan_call).resource(LB)
    assert lb["drop_invalid_header_fields"] is True
    assert lb["desync_mitigation_mode"] == "strictest"


def test_deletion_protection_and_waf_fail_closed_by_default(plan_call) -> None:
    lb = _plan(plan_call).resource(LB)
    assert lb["enable_deletion_protection"] is True
    assert lb["enable_waf_fail_open"] is False


def test_access_logs_always_go_to_the_log_bucket_prefix(plan_call) -> None:
    lb = _plan(plan_call, access_logs_prefix="edge/portal").resource(LB)
    assert lb["access_logs"] == [
        {"enabled": True, "bucket": "unit-test-logs", "prefix": "edge/portal"}
    ]


def test_scheme_and_network_come_from_the_inputs(plan_call) -> None:
    lb = _plan(plan_call).resource(LB)
    assert lb["internal"] is False
    assert lb["load_balancer_type"] == "application"
    assert lb["security_groups"] == BASE["security_group_ids"]
    assert sorted(lb["subnets"]) == sorted(BASE["subnet_ids"])
    internal = _plan(plan_call, scheme="internal").resource(LB)
    assert internal["internal"] is True


# --- WAF -------------------------------------------------------------------------------------


def test_web_acl_is_associated_with_this_load_balancer(plan_call) -> None:
    summary = _plan(plan_call)
    association = summary.resource("module.under_test.aws_wafv2_web_acl_association.this[0]")
    assert association["web_acl_arn"] == WEB_ACL


def test_only_internal_load_balancers_may_skip_waf(plan_call) -> None:
    summary = _plan(plan_call, scheme="internal", associate_web_acl=False, web_acl_arn=None)
    assert not summary.of_type("aws_wafv2_web_acl_association")


# --- targets and routing ---------------------------------------------------------------------


def test_target_groups_default_to_https_ip_targets_with_health_checks(plan_call) -> None:
    web = _routed(plan_call).resource('module.under_test.aws_lb_target_group.this["web"]')
    assert (web["name"], web["target_type"], web["protocol"], web["port"]) == (
        "unit-alb-web",
        "ip",
        "HTTPS",
        8443,
    )
    check = web["health_check"][0]
    assert (check["protocol"], check["path"], check["matcher"]) == ("HTTPS", "/health", "200")


def test_listener_rules_forward_by_host_and_path(plan_call) -> None:
    summary = _routed(plan_call)
    assert summary.resource(HTTPS)["default_action"][0]["type"] == "forward"
    rule = summary.resource('module.under_test.aws_lb_listener_rule.this["api"]')
    assert rule["priority"] == 10
    conditions = rule["condition"]
    assert [c["host_header"] for c in conditions if c["host_header"]] == [
        [{"values": ["api.example.com"]}]
    ]
    assert [c["path_pattern"] for c in conditions if c["path_pattern"]] == [[{"values": ["/v1/*"]}]]


# --- bad input ---------------------------------------------------------------------------------


BAD_INPUTS = {
    "tls-2016-policy": (
        {"ssl_policy": "ELBSecurityPolicy-2016-08"},
        "ssl_policy",
        "TLS 1.2 or later as its minimum",
    ),
    "tls13-policy-allowing-1-1": (
        {"ssl_policy": "ELBSecurityPolicy-TLS13-1-1-2021-06"},
        "ssl_policy",
        "TLS 1.2 or later as its minimum",
    ),
    "tls-1-1-policy": (
        {"ssl_policy": "ELBSecurityPolicy-TLS-1-1-2017-01"},
        "ssl_policy",
        "TLS 1.2 or later as its minimum",
    ),
    "http-forwarding-listener": (
        {"http_listener": "forward"},
        "http_listener",
        "a plain-HTTP listener that forwards to targets",
    ),
    "http-only-without-certificate": (
        {"certificate_arn": ""},
        "certificate_arn",
        "an HTTP-only listener is not supported",
    ),
    "public-without-waf": (
        {"associate_web_acl": False},
        "associate_web_acl",
        'associate_web_acl must be true when scheme = "internet-facing"',
    ),
    "waf-without-acl": ({"web_acl_arn": None}, "web_acl_arn", "regional WAFv2 web ACL ARN"),
    "cloudfront-scope-acl": (
        {"web_acl_arn": WEB_ACL.replace("regional/", "global/")},
        "web_acl_arn",
        "regional WAFv2 web ACL ARN",
    ),
    "desync-monitor": (
        {"desync_mitigation_mode": "monitor"},
        "desync_mitigation_mode",
        "would pass request-smuggling attempts",
    ),
    "one-subnet": (
        {"subnet_ids": ["subnet-0123456789abcdef0"]},
        "subnet_ids",
        "at least two distinct subnet ids",
    ),
    "no-security-group": ({"security_group_ids": []}, "security_group_ids", "1-5 security"),
    "unknown-scheme": ({"scheme": "public"}, "scheme", 'scheme must be "internet-facing"'),
    "reserved-name": ({"name": "internal-portal"}, "name", "must not start with `internal-`"),
    "bad-log-bucket": (
        {"access_logs_bucket": "Logs_Bucket"},
        "access_logs_bucket",
        "access_logs_bucket must be an S3 bucket name",
    ),
    "log-prefix-awslogs": (
        {"access_logs_prefix": "alb/AWSLogs"},
        "access_logs_prefix",
        "without `AWSLogs`",
    ),
    "log-prefix-trailing-slash": (
        {"access_logs_prefix": "alb/"},
        "access_logs_prefix",
        "without leading or trailing slashes",
    ),
    "idle-timeout-zero": ({"idle_timeout": 0}, "idle_timeout", "between 1 and 4000"),
    "ipv6-only": ({"ip_address_type": "ipv6"}, "ip_address_type", 'must be "ipv4" or "dualstack"'),
    "tcp-target-group": (
        {"target_groups": {"web": {"port": 8443, "protocol": "TCP"}}},
        "target_groups",
        "protocol must be HTTPS or HTTP",
    ),
    "target-port-zero": (
        {"target_groups": {"web": {"port": 0}}},
        "target_groups",
        "port must be a whole port number",
    ),
    "target-group-name-too-long": (
        {"target_groups": {"a-very-long-target-group-key": {"port": 8443}}},
        "target_groups",
        "fits the 32-character target group name limit",
    ),
    "health-path-relative": (
        {"target_groups": {"web": {"port": 8443, "health_check": {"path": "health"}}}},
        "target_groups",
        "path starting with `/`",
    ),
    "unknown-default-target-group": (
        {"default_target_group": "web"},
        "default_target_group",
        "must be null or a key of target_groups",
    ),
    "rule-to-unknown-target-group": (
        {
            "target_groups": {"web": {"port": 8443}},
            "listener_rules": {
                "api": {"priority": 1, "target_group": "api", "path_patterns": ["/"]}
            },
        },
        "listener_rules",
        "target_group must be a key of target_groups",
    ),
    "duplicate-rule-priority": (
        {
            "target_groups": {"web": {"port": 8443}},
            "listener_rules": {
                "a": {"priority": 5, "target_group": "web", "path_patterns": ["/a/*"]},
                "b": {"priority": 5, "target_group": "web", "path_patterns": ["/b/*"]},
            },
        },
        "listener_rules",
        "priority must be unique",
    ),
    "rule-without-condition": (
        {
            "target_groups": {"web": {"port": 8443}},
            "listener_rules": {"a": {"priority": 5, "target_group": "web"}},
        },
        "listener_rules",
        "needs at least one host_headers or path_patterns",
    ),
}


BAD_CASES = [
    BadInput(case_id, inputs, variable, rule, BASE)
    for case_id, (inputs, variable, rule) in BAD_INPUTS.items()
]


@pytest.mark.parametrize("case", BAD_CASES, ids=[c.id for c in BAD_CASES])
def test_bad_input_is_rejected_with_the_rule(bad_input, case: BadInput) -> None:
    bad_input("alb", BAD_CASES, case)
