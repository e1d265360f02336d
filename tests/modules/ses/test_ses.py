"""modules/ses: TLS-only delivery and its explicit opt-out, and every input rule."""

from __future__ import annotations

from typing import Any

import pytest
from tfharness.badinput import BadInput
from tfharness.plan import summarise

BASE: dict[str, Any] = {"domain": "mail.clinic.example", "configuration_set_name": "unit-ses"}
CONFIG_SET = "module.under_test.aws_sesv2_configuration_set.this[0]"

pytestmark = pytest.mark.plan


def test_tls_is_required_unless_explicitly_opted_out(plan_call) -> None:
    secure = summarise(plan_call("ses", BASE)).resource(CONFIG_SET)
    assert secure["delivery_options"][0]["tls_policy"] == "REQUIRE"
    relaxed = summarise(plan_call("ses", {**BASE, "require_tls": False})).resource(CONFIG_SET)
    assert relaxed["delivery_options"][0]["tls_policy"] == "OPTIONAL"


BAD_INPUTS = [
    BadInput(
        "domain-upper", {"domain": "Mail.Clinic.example"}, "domain", "lowercase DNS name", BASE
    ),
    BadInput(
        "domain-address", {"domain": "a@clinic.example"}, "domain", "lowercase DNS name", BASE
    ),
    BadInput(
        "config-set-dot",
        {"configuration_set_name": "a.b"},
        "configuration_set_name",
        "1-64 characters",
        BASE,
    ),
    BadInput(
        "suppress-delivery",
        {"suppressed_reasons": ["DELIVERY"]},
        "suppressed_reasons",
        "only BOUNCE and COMPLAINT",
        BASE,
    ),
    BadInput(
        "dkim-512", {"dkim_key_length": "RSA_512_BIT"}, "dkim_key_length", "RSA_2048_BIT", BASE
    ),
]


@pytest.mark.parametrize("case", BAD_INPUTS, ids=[c.id for c in BAD_INPUTS])
def test_bad_input_is_rejected_with_the_rule(bad_input, case: BadInput) -> None:
    bad_input("ses", BAD_INPUTS, case)
