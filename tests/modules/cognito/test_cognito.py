"""modules/cognito: two pools with MFA and threat protection, public SPA clients, bad input."""

from __future__ import annotations

import pytest
from tfharness.badinput import BadInput
from tfharness.plan import PlanSummary, summarise

SES = "arn:aws:ses:us-east-1:111122223333:identity/health.example.com"
BASE = {
    "name": "unit-test",
    "environment": "prod",
    "ses_identity_arn": SES,
    "from_email_address": "no-reply@health.example.com",
    "patient_app_urls": {"callback_urls": ["https://portal.example.com/cb"]},
    "staff_app_urls": {"callback_urls": ["https://staff.example.com/cb"]},
}
PREFIX = "module.under_test."
POOLS = ("patients", "staff")

pytestmark = pytest.mark.plan


def _call(plan_call, **inputs) -> PlanSummary:
    return summarise(plan_call("cognito", {**BASE, **inputs}))


def _pool(summary: PlanSummary, pool: str) -> dict:
    return summary.resource(f'{PREFIX}aws_cognito_user_pool.this["{pool}"]')


def _client(summary: PlanSummary, pool: str) -> dict:
    return summary.resource(f'{PREFIX}aws_cognito_user_pool_client.spa["{pool}"]')


@pytest.fixture(scope="module")
def prod(plan_call) -> PlanSummary:
    return _call(plan_call)


def test_patients_and_staff_get_separate_pools(prod) -> None:
    names = {p["name"] for p in prod.of_type("aws_cognito_user_pool").values()}
    assert names == {"unit-test-patients", "unit-test-staff"}
    groups = {
        (address.split('"')[1].split("/")[0], g["name"])
        for address, g in prod.of_type("aws_cognito_user_group").items()
    }
    assert groups == {
        ("patients", "patients"),
        ("patients", "members"),
        ("staff", "providers"),
        ("staff", "employers"),
        ("staff", "administrators"),
    }


@pytest.mark.parametrize("pool", POOLS)
def test_mfa_is_required_with_totp(prod, pool) -> None:
    settings = _pool(prod, pool)
    assert settings["mfa_configuration"] == "ON"
    assert settings["software_token_mfa_configuration"] == [{"enabled": True}]


@pytest.mark.parametrize("pool", POOLS)
def test_threat_protection_is_enforced_on_the_plus_plan(prod, pool) -> None:
    settings = _pool(prod, pool)
    assert settings["user_pool_add_ons"][0]["advanced_security_mode"] == "ENFORCED"
    assert settings["user_pool_tier"] == "PLUS"


@pytest.mark.parametrize("pool", POOLS)
def test_pool_is_deletion_protected_with_a_hardened_password_policy(prod, pool) -> None:
    settings = _pool(prod, pool)
    assert settings["deletion_protection"] == "ACTIVE"
    policy = settings["password_policy"][0]
    assert policy["minimum_length"] >= 14
    assert policy["password_history_size"] >= 3
    assert all(
        policy[k]
        for k in ("require_uppercase", "require_lowercase", "require_numbers", "require_symbols")
    )


@pytest.mark.parametrize("pool", POOLS)
def test_email_goes_through_the_verified_ses_identity(prod, pool) -> None:
    email = _pool(prod, pool)["email_configuration"][0]
    assert email["email_sending_account"] == "DEVELOPER"
    assert email["source_arn"] == SES


@pytest.mark.parametrize("pool", POOLS)
def test_spa_client_is_public_code_grant_only_with_short_tokens(prod, pool) -> None:
    client = _client(prod, pool)
    assert client["generate_secret"] is False
    assert client["allowed_oauth_flows"] == ["code"]
    assert client["allowed_oauth_flows_user_pool_client"] is True
    assert set(client["explicit_auth_flows"]) == {"ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"}
    assert client["access_token_validity"] <= 60
    assert client["id_token_validity"] <= 60
    assert client["token_validity_units"][0] == {
        "access_token": "minutes",
        "id_token": "minutes",
        "refresh_token": "hours",
    }
    assert client["refresh_token_validity"] <= 24
    assert client["enable_token_revocation"] is True
    assert client["prevent_user_existence_errors"] == "ENABLED"


def test_staff_never_sign_themselves_up(plan_call) -> None:
    summary = _call(plan_call, allow_patient_self_registration=True)
    assert (
        _pool(summary, "patients")["admin_create_user_config"][0]["allow_admin_create_user_only"]
        is False
    )
    assert _pool(summary, "staff")["admin_create_user_config"][0]["allow_admin_create_user_only"]


def test_outside_prod_mfa_may_be_optional(plan_call) -> None:
    summary = _call(plan_call, environment="dev", mfa_configuration="OPTIONAL")
    assert _pool(summary, "patients")["mfa_configuration"] == "OPTIONAL"
    assert _pool(summary, "patients")["software_token_mfa_configuration"] == [{"enabled": True}]


# --- bad input ------------------------------------------------------------------------------


BAD_INPUTS = [
    BadInput(
        "mfa-off-in-prod",
        {"mfa_configuration": "OFF"},
        "mfa_configuration",
        'mfa_configuration must be "ON" when environment = "prod"',
        BASE,
    ),
    BadInput(
        "mfa-optional-in-prod",
        {"mfa_configuration": "OPTIONAL"},
        "mfa_configuration",
        'mfa_configuration must be "ON" when environment = "prod"',
        BASE,
    ),
    BadInput(
        "audit-only-in-prod",
        {"advanced_security_mode": "AUDIT"},
        "advanced_security_mode",
        'advanced_security_mode must be "ENFORCED" when environment = "prod"',
        BASE,
    ),
    BadInput(
        "unprotected-in-prod",
        {"deletion_protection": False},
        "deletion_protection",
        'deletion_protection must be true when environment = "prod"',
        BASE,
    ),
    BadInput(
        "password-below-8",
        {"password_policy": {"minimum_length": 7}},
        "password_policy",
        "password_policy.minimum_length must be a whole number between 8",
        BASE,
    ),
    BadInput(
        "password-without-symbols",
        {"password_policy": {"require_symbols": False}},
        "password_policy",
        "password_policy must require uppercase, lowercase, numbers and symbols",
        BASE,
    ),
    BadInput(
        "password-history-below-3",
        {"password_policy": {"password_history_size": 2}},
        "password_policy",
        "password_policy.password_history_size must be a whole number between 3",
        BASE,
    ),
    BadInput(
        "localhost-callback-in-prod",
        {"patient_app_urls": {"callback_urls": ["http://localhost:3000/cb"]}},
        "patient_app_urls",
        "patient_app_urls must be https:// URLs",
        BASE,
    ),
    BadInput(
        "no-callback",
        {"staff_app_urls": {"callback_urls": []}},
        "staff_app_urls",
        "staff_app_urls.callback_urls must name at least one callback URL",
        BASE,
    ),
    BadInput(
        "long-access-token",
        {"token_validity": {"access_token_minutes": 120}},
        "token_validity",
        "token_validity.access_token_minutes and id_token_minutes must be between 5 and 60",
        BASE,
    ),
    BadInput(
        "month-long-refresh-token",
        {"token_validity": {"refresh_token_hours": 720}},
        "token_validity",
        "token_validity.refresh_token_hours must be between 1 and 24",
        BASE,
    ),
    BadInput(
        "ses-identity-not-an-arn",
        {"ses_identity_arn": "health.example.com"},
        "ses_identity_arn",
        "ses_identity_arn must be an SES identity ARN",
        BASE,
    ),
    BadInput(
        "unknown-environment",
        {"environment": "production"},
        "environment",
        "environment must be one of",
        BASE,
    ),
]


@pytest.mark.parametrize("case", BAD_INPUTS, ids=[c.id for c in BAD_INPUTS])
def test_bad_input_is_rejected_with_the_rule(bad_input, case: BadInput) -> None:
    bad_input("cognito", BAD_INPUTS, case)
