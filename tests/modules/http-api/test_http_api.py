"""modules/http-api: JWT by default, public routes only by name, throttling, access logs
without paths, alias-scoped invoke permissions; and every input rule (one batched plan)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from tfharness.badinput import BadInput
from tfharness.plan import summarise

ACCOUNT = "111122223333"
KEY = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"
ALIAS = f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:outreach-plan:live"
PUBLIC_ALIAS = f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:outreach-redeem:live"
JWT = {"issuer": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC", "audience": ["c1"]}
BASE: dict[str, Any] = {
    "name": "unit-api",
    "log_kms_key_arn": KEY,
    "jwt": JWT,
    "routes": {
        "POST /campaigns/{campaign_id}/plan": {"alias_arn": ALIAS},
        "GET /r/{token}": {"alias_arn": PUBLIC_ALIAS, "authorization": "NONE"},
    },
    "route_throttling": {"GET /r/{token}": {"burst_limit": 20, "rate_limit": 10}},
}
M = "module.under_test"

pytestmark = pytest.mark.plan


@pytest.fixture(scope="module")
def summary(plan_call):
    return summarise(plan_call("http-api", BASE))


def test_routes_need_a_jwt_unless_marked_public(summary) -> None:
    staff = summary.resource(
        f'{M}.aws_apigatewayv2_route.jwt["POST /campaigns/{{campaign_id}}/plan"]'
    )
    assert staff["authorization_type"] == "JWT"
    public = summary.resource(f'{M}.aws_apigatewayv2_route.public["GET /r/{{token}}"]')
    assert public["authorization_type"] == "NONE"
    assert f'{M}.aws_apigatewayv2_route.jwt["GET /r/{{token}}"]' not in summary.values
    authorizer = summary.resource(f"{M}.aws_apigatewayv2_authorizer.jwt[0]")
    assert authorizer["jwt_configuration"] == [{"issuer": JWT["issuer"], "audience": ["c1"]}]


def test_stage_throttles_and_logs_route_templates_not_paths(summary) -> None:
    stage = summary.resource(f"{M}.aws_apigatewayv2_stage.default")
    assert stage["default_route_settings"][0]["throttling_burst_limit"] == 100
    assert stage["default_route_settings"][0]["throttling_rate_limit"] == 50
    (route,) = stage["route_settings"]
    assert (route["route_key"], route["throttling_burst_limit"]) == ("GET /r/{token}", 20)
    fields = json.loads(stage["access_log_settings"][0]["format"])
    values = " ".join(fields.values())
    assert "$context.routeKey" in values
    # A path can carry a single-use token: never log it, nor query strings.
    assert "$context.path" not in values and "$context.http.path" not in values
    logs = summary.resource(f"{M}.aws_cloudwatch_log_group.access")
    assert logs["kms_key_id"] == KEY and logs["retention_in_days"] == 365


def test_each_route_may_invoke_only_its_alias(summary) -> None:
    permission = summary.resource(f'{M}.aws_lambda_permission.route["GET /r/{{token}}"]')
    assert permission["function_name"] == "outreach-redeem"
    assert permission["qualifier"] == "live"
    assert permission["principal"] == "apigateway.amazonaws.com"


def _route(**changes: Any) -> dict[str, Any]:
    return {"routes": {"GET /r/{token}": {"alias_arn": PUBLIC_ALIAS, **changes}}}


BAD_INPUTS = [
    BadInput("name-space", {"name": "my api"}, "name", "name must be 1-128 characters", BASE),
    BadInput("no-routes", {"routes": {}}, "routes", "at least one route", BASE),
    BadInput(
        "default-route",
        {"routes": {"$default": {"alias_arn": ALIAS}}},
        "routes",
        "$default is not allowed",
        BASE,
    ),
    BadInput(
        "unqualified-function",
        _route(alias_arn=f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:outreach-redeem"),
        "routes",
        "never $LATEST",
        BASE,
    ),
    BadInput("auth-iam", _route(authorization="AWS_IAM"), "routes", "must be JWT or NONE", BASE),
    BadInput("timeout-31s", _route(timeout_ms=31000), "routes", "from 50 to 30000", BASE),
    BadInput(
        "issuer-http",
        {"jwt": {**JWT, "issuer": "http://cognito.example"}},
        "jwt",
        "must be an https:// URL",
        BASE,
    ),
    BadInput(
        "no-audience",
        {"jwt": {**JWT, "audience": []}},
        "jwt",
        "at least one app client id",
        BASE,
    ),
    BadInput(
        "burst-0", {"throttling_burst_limit": 0}, "throttling_burst_limit", "from 1 to 5000", BASE
    ),
    BadInput(
        "rate-0", {"throttling_rate_limit": 0}, "throttling_rate_limit", "from 1 to 10000", BASE
    ),
    BadInput(
        "route-burst-0",
        {"route_throttling": {"GET /r/{token}": {"burst_limit": 0, "rate_limit": 1}}},
        "route_throttling",
        "burst_limit (a whole number >= 1)",
        BASE,
    ),
    BadInput(
        "log-key-alias",
        {"log_kms_key_arn": "alias/aws/logs"},
        "log_kms_key_arn",
        "customer-managed key",
        BASE,
    ),
    BadInput(
        "retention-30", {"log_retention_days": 30}, "log_retention_days", "at least 365", BASE
    ),
]


@pytest.mark.parametrize("case", BAD_INPUTS, ids=[c.id for c in BAD_INPUTS])
def test_bad_input_is_rejected_with_the_rule(bad_input, case: BadInput) -> None:
    bad_input("http-api", BAD_INPUTS, case)
