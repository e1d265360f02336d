"""Redeeming links: a token works exactly once; forged, malformed and expired ones do not."""

from __future__ import annotations

import base64
import json
import secrets
import threading
import uuid
from typing import Any

import pytest
from outreach.model import parse_redeem_event
from outreach.redeem import redeem as core
from outreach_plan.handler import handler as plan
from outreach_redeem.handler import handler as redeem
from outreach_send.handler import handler as send
from workflows_core import runtime
from workflows_core.db import DbSettings, connect, make_ssl_context

pytestmark = pytest.mark.postgres


def _event(method: str, token: str | None) -> dict[str, Any]:
    return {
        "version": "2.0",
        "routeKey": f"{method} /r/{{token}}",
        "rawPath": f"/r/{token}",
        "requestContext": {"http": {"method": method, "path": f"/r/{token}"}},
        "pathParameters": {"token": token} if token is not None else {},
    }


def _tokens(
    wf: Any, seed: Any, campaign: Any, code: str, **kwargs: Any
) -> tuple[uuid.UUID, list[str]]:
    seed(wf.db, 16, condition=code)
    cid = campaign(wf.db, codes=(code,), channels=("sms",), **kwargs)
    wf.call(plan, {"campaign_id": str(cid)})
    wf.drain("send", send, "outreach")
    return cid, [text.rsplit("/r/", 1)[1] for _, text in wf.delivered().sms]


def test_a_token_works_once_then_gets_410(
    wf: Any, seed: Any, campaign: Any, condition_code: str
) -> None:
    cid, tokens = _tokens(wf, seed, campaign, condition_code)
    token = tokens[0]

    page = wf.call(redeem, _event("GET", token), "redeem")
    assert page["statusCode"] == 200 and "<form method=post>" in page["body"]
    # Looking (a GET, e.g. a link scanner) does not use the token.
    assert wf.call(redeem, _event("GET", token), "redeem")["statusCode"] == 200

    used = wf.call(redeem, _event("POST", token), "redeem")
    assert used["statusCode"] == 303
    assert used["headers"]["Location"] == "https://booking.clinic.example/flu"
    assert used["headers"]["Referrer-Policy"] == "no-referrer"
    assert used["headers"]["Cache-Control"] == "no-store"

    assert wf.call(redeem, _event("POST", token), "redeem")["statusCode"] == 410
    assert wf.call(redeem, _event("GET", token), "redeem")["statusCode"] == 410
    respondents = wf.db.query(
        "SELECT channel::text FROM workflows.respondents WHERE campaign_id = CAST(:c AS uuid)",
        c=str(cid),
    )
    assert respondents == [["sms"]]


def test_concurrent_redemptions_of_one_token_succeed_once(
    wf: Any, seed: Any, campaign: Any, condition_code: str
) -> None:
    _cid, tokens = _tokens(wf, seed, campaign, condition_code)
    wf.call(redeem, _event("GET", tokens[1]), "redeem")  # warm the connection cache
    statuses: list[int] = []

    def attempt() -> None:
        # Each thread is its own "Lambda instance" with its own connection.
        settings = DbSettings.from_secret("s", wf.db.secret_value("workflows_redeem"))
        db = connect(settings, make_ssl_context(wf.db.cluster.server.ca_cert_path))
        try:
            statuses.append(
                core(db, parse_redeem_event(_event("POST", tokens[1])), wf.clock.now).status
            )
        finally:
            db.close()

    threads = [threading.Thread(target=attempt) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(statuses) == [303, 410, 410, 410, 410, 410]
    runtime.reset()


@pytest.mark.parametrize(
    "token",
    [
        base64.urlsafe_b64encode(secrets.token_bytes(32)).rstrip(b"=").decode(),  # forged
        "short",
        "A" * 44,
        "../../etc/passwd" + "A" * 27,
        "",
    ],
    ids=["forged", "short", "long", "traversal", "empty"],
)
def test_forged_or_malformed_tokens_get_404(wf: Any, token: str) -> None:
    for method in ("GET", "POST"):
        response = wf.call(redeem, _event(method, token), "redeem")
        assert response["statusCode"] == 404
        assert "Link not recognised" in response["body"]


def test_a_missing_token_gets_404(wf: Any) -> None:
    assert wf.call(redeem, _event("POST", None), "redeem")["statusCode"] == 404


def test_an_expired_token_gets_410(wf: Any, seed: Any, campaign: Any, condition_code: str) -> None:
    _cid, tokens = _tokens(wf, seed, campaign, condition_code, link_ttl_days=3)
    wf.clock.advance(days=4)
    assert wf.call(redeem, _event("GET", tokens[0]), "redeem")["statusCode"] == 410
    assert wf.call(redeem, _event("POST", tokens[0]), "redeem")["statusCode"] == 410


def test_a_closed_campaign_token_gets_410(
    wf: Any, seed: Any, campaign: Any, condition_code: str
) -> None:
    cid, tokens = _tokens(wf, seed, campaign, condition_code)
    wf.db.query(
        "UPDATE workflows.campaigns SET status = 'closed' WHERE id = CAST(:c AS uuid)", c=str(cid)
    )
    assert wf.call(redeem, _event("POST", tokens[0]), "redeem")["statusCode"] == 410


def test_other_methods_get_405(wf: Any) -> None:
    response = wf.call(redeem, _event("DELETE", "A" * 43), "redeem")
    assert response["statusCode"] == 405
    assert response["headers"]["Allow"] == "GET, HEAD, POST"


@pytest.mark.parametrize("event", [None, [], {}, {"requestContext": {}}])
def test_a_malformed_request_gets_400_naming_the_field(wf: Any, event: Any) -> None:
    response = wf.call(redeem, event, "redeem")
    assert response["statusCode"] == 400
    assert "requestContext.http.method" in response["body"] or "<event>" in response["body"]


def test_a_database_outage_gets_503_and_leaves_the_token_unused(
    wf: Any, seed: Any, campaign: Any, condition_code: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _cid, tokens = _tokens(wf, seed, campaign, condition_code)
    runtime.reset()
    monkeypatch.setenv("DB_SECRET_ARN", wf.secret_arns["redeem"])
    good = dict(wf.db.secret_value("workflows_redeem"))
    wf.client("secretsmanager").put_secret_value(
        SecretId=wf.secret_arns["redeem"],
        SecretString=json.dumps({**good, "port": 1}),
    )
    response = redeem(_event("POST", tokens[0]), None)
    assert response["statusCode"] == 503
    wf.client("secretsmanager").put_secret_value(
        SecretId=wf.secret_arns["redeem"], SecretString=json.dumps(good)
    )
    runtime.reset()
    assert wf.call(redeem, _event("POST", tokens[0]), "redeem")["statusCode"] == 303


def test_functions_connect_through_the_proxy_the_secret_names(
    wf: Any, seed: Any, campaign: Any, condition_code: str
) -> None:
    """On AWS the app group reaches only the RDS Proxy: `proxy_host` wins over `host`."""
    _cid, tokens = _tokens(wf, seed, campaign, condition_code)
    value = wf.db.secret_value("workflows_redeem")
    proxied = {
        **value,
        "host": "db-instance.invalid",  # the instance: unreachable from the function
        "port": 1,
        "proxy_host": value["host"],
        "proxy_port": value["port"],
    }
    wf.client("secretsmanager").put_secret_value(
        SecretId=wf.secret_arns["redeem"], SecretString=json.dumps(proxied)
    )
    runtime.reset()
    assert wf.call(redeem, _event("GET", tokens[0]), "redeem")["statusCode"] == 200
    runtime.reset()
