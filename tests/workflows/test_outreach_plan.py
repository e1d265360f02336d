"""Planning: a 150,000-patient campaign on the real server, the HTTP API path, bad input."""

from __future__ import annotations

import json
import math
import time
import uuid
from collections import Counter
from typing import Any

import pytest
from outreach_plan.handler import handler as plan
from workflows_core import runtime
from workflows_core.errors import ConflictError, InvalidInputError, NotFoundError, SecretError

pytestmark = pytest.mark.postgres


@pytest.mark.slow
def test_a_campaign_over_150000_patients(
    wf: Any, seed: Any, campaign: Any, api_calls: Counter[str]
) -> None:
    pop = seed(wf.db, 160_000, condition="J44")  # 150,000 have the condition
    assert sum(1 for pid in pop.ids() if pop.eligible(pid)) == 150_000
    cid = campaign(wf.db, codes=("J44",))
    expected = pop.expected()

    with wf.consuming("send") as received:
        started = time.perf_counter()
        result = wf.call(plan, {"campaign_id": str(cid)})
        elapsed = time.perf_counter() - started
    print(f"planned {sum(expected.values())} invitations in {elapsed:.1f}s")

    assert result["invitations_created"] == expected
    assert result["sends_enqueued"] == sum(expected.values())

    # Every invitation is in exactly one queued message, and counted per channel.
    bodies = [json.loads(b) for b in received]
    assert len(bodies) == result["messages_enqueued"]
    queued = [inv for body in bodies for inv, seq in body["sends"] if seq == 0]
    assert len(queued) == len(set(queued)) == sum(expected.values())
    channel_of = dict(
        wf.db.query(
            "SELECT id, channel::text FROM workflows.invitations"
            " WHERE campaign_id = CAST(:c AS uuid)",
            c=str(cid),
        )
    )
    assert Counter(channel_of[inv] for inv in queued) == Counter(expected)
    assert all(len(body["sends"]) <= 500 for body in bodies)

    # SendMessageBatch carries 10 messages per call: calls <= ceil(messages / 10).
    assert api_calls["sqs.SendMessageBatch"] <= math.ceil(len(bodies) / 10)
    assert api_calls["sqs.SendMessage"] == 0
    assert set(api_calls) <= {"sqs.SendMessageBatch", "secretsmanager.GetSecretValue"}

    # Nothing left unenqueued; every link hash is distinct (the unique index holds).
    left = wf.db.query(
        "SELECT count(*) FROM workflows.sends s JOIN workflows.invitations i"
        " ON i.id = s.invitation_id WHERE i.campaign_id = CAST(:c AS uuid)"
        " AND s.enqueued_at IS NULL",
        c=str(cid),
    )
    assert left == [[0]]


def _http(campaign_id: str, groups: Any = "[outreach-staff]") -> dict[str, Any]:
    claims: dict[str, Any] = {"sub": "staff-1", "token_use": "access"}
    if groups is not None:
        claims["cognito:groups"] = groups
    return {
        "version": "2.0",
        "routeKey": "POST /campaigns/{campaign_id}/plan",
        "pathParameters": {"campaign_id": campaign_id},
        "requestContext": {
            "http": {"method": "POST"},
            "authorizer": {"jwt": {"claims": claims, "scopes": None}},
        },
    }


def test_staff_plan_a_campaign_through_the_http_api(
    wf: Any, seed: Any, campaign: Any, condition_code: str
) -> None:
    pop = seed(wf.db, 16, condition=condition_code)
    cid = campaign(wf.db, codes=(condition_code,))
    response = wf.call(plan, _http(str(cid)))
    assert response["statusCode"] == 200
    assert json.loads(response["body"])["invitations_created"] == pop.expected()


@pytest.mark.parametrize("groups", [None, "[patients]", ["other"], ""])
def test_callers_outside_the_staff_group_get_403(wf: Any, groups: Any) -> None:
    response = wf.call(plan, _http(str(uuid.uuid4()), groups))
    assert response["statusCode"] == 403
    assert "outreach-staff" in json.loads(response["body"])["message"]


def test_an_unknown_campaign_is_404_over_http_and_an_error_when_invoked(wf: Any) -> None:
    missing = str(uuid.uuid4())
    response = wf.call(plan, _http(missing))
    assert response["statusCode"] == 404
    assert missing in json.loads(response["body"])["message"]
    with pytest.raises(NotFoundError, match=missing):
        wf.call(plan, {"campaign_id": missing})


def test_a_closed_campaign_does_not_plan(wf: Any, campaign: Any) -> None:
    cid = campaign(wf.db, status="closed")
    assert wf.call(plan, _http(str(cid)))["statusCode"] == 409
    with pytest.raises(ConflictError, match="closed"):
        wf.call(plan, {"campaign_id": str(cid)})


@pytest.mark.parametrize(
    ("event", "field"),
    [
        (None, "<event>"),
        ({}, "campaign_id"),
        ({"campaign_id": "not-a-uuid"}, "campaign_id"),
        ({"campaign_id": 42}, "campaign_id"),
    ],
)
def test_malformed_invocations_name_the_field(wf: Any, event: Any, field: str) -> None:
    with pytest.raises(InvalidInputError, match=f"'{field}'"):
        wf.call(plan, event)


def test_a_malformed_http_request_is_400_naming_the_field(wf: Any) -> None:
    response = wf.call(plan, _http("nope"))
    assert response["statusCode"] == 400
    assert "pathParameters.campaign_id" in json.loads(response["body"])["message"]
    no_claims = _http(str(uuid.uuid4()))
    del no_claims["requestContext"]["authorizer"]
    response = wf.call(plan, no_claims)
    assert response["statusCode"] == 400
    assert "requestContext.authorizer.jwt.claims" in response["body"]


def test_a_bad_token_key_secret_is_an_error_naming_the_field(
    wf: Any, campaign: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    cid = campaign(wf.db)
    wf.client("secretsmanager").put_secret_value(
        SecretId="outreach/token-keys",
        SecretString=json.dumps({"current": "k1", "keys": {"k1": "c2hvcnQ="}}),
    )
    runtime.reset()
    with pytest.raises(SecretError, match="'k1' must decode to >= 32 bytes"):
        wf.call(plan, {"campaign_id": str(cid)})
