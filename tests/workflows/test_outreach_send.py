"""Planning and sending a small campaign end to end, and every way a send can go wrong.

The handlers run in-process against the real PostgreSQL server and moto's SQS/SNS/SES; the
``wf`` fixture plays Lambda's SQS event source (partial-batch failures are redelivered).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import threading
import time
import uuid
from typing import Any

import pytest
from botocore.exceptions import ClientError, ReadTimeoutError
from outreach import enqueue as enqueue_module
from outreach import handlers, messaging
from outreach import plan as plan_module
from outreach.plan import PlanSettings
from outreach.queue import SqsQueue
from outreach_plan.handler import handler as plan
from outreach_send.handler import handler as send
from workflows_core.db import ConnectionCache
from workflows_core.errors import (
    AwsCallError,
    ConfigurationError,
    DatabaseOperationError,
    InvalidInputError,
)

pytestmark = pytest.mark.postgres

FIXED_ID = "4c4c4f01-c457-48bd-a79c-7cd12a17074f"


def _plan(wf: Any, campaign_id: uuid.UUID) -> dict[str, Any]:
    result: dict[str, Any] = wf.call(plan, {"campaign_id": str(campaign_id)})
    return result


def _assert_each_patient_reached_once(wf: Any, expected: dict[str, int]) -> None:
    """Every eligible phone and address got exactly one message."""
    delivered = wf.delivered()
    phones = [phone for phone, _ in delivered.sms]
    addresses = [address for address, _, _ in delivered.emails]
    assert len(phones) == len(set(phones)) == expected["sms"]
    assert len(addresses) == len(set(addresses)) == expected["email"]


def _sends(wf: Any, campaign_id: uuid.UUID) -> dict[str, int]:
    rows = wf.db.query(
        "SELECT s.status::text, count(*) FROM workflows.sends s"
        " JOIN workflows.invitations i ON i.id = s.invitation_id"
        " WHERE i.campaign_id = CAST(:c AS uuid) GROUP BY 1",
        c=str(campaign_id),
    )
    return {str(status): int(n) for status, n in rows}


def test_a_campaign_reaches_every_eligible_patient_once_per_channel(
    wf: Any, seed: Any, campaign: Any, condition_code: str
) -> None:
    pop = seed(wf.db, 300, condition=condition_code)
    cid = campaign(wf.db, codes=(condition_code,))
    expected = pop.expected()

    result = _plan(wf, cid)
    assert result["invitations_created"] == expected
    assert wf.drain("send", send, "outreach") == []

    delivered = wf.delivered()
    phones = [phone for phone, _ in delivered.sms]
    addresses = [address for address, _, _ in delivered.emails]
    assert len(phones) == expected["sms"] == len(set(phones))
    assert len(addresses) == expected["email"] == len(set(addresses))
    assert _sends(wf, cid) == {"sent": expected["sms"] + expected["email"]}
    # Opted-out, ineligible and contact-less patients got nothing.
    for phone in phones:
        pid = int(phone[-7:])
        assert pop.eligible(pid) and pid % 50 != 1
    # The message names the campaign and carries a link with a 43-character token only.
    assert all(
        text.startswith("Seasonal flu vaccination: ") and "https://links.clinic.example/r/" in text
        for _, text in delivered.sms
    )
    assert {template for _, template, _ in delivered.emails} == {"outreach-invitation"}
    assert all(set(data) == {"campaign", "link"} for _, _, data in delivered.emails)


def test_tokens_are_stored_only_as_hashes(
    wf: Any, seed: Any, campaign: Any, condition_code: str
) -> None:
    seed(wf.db, 20, condition=condition_code)
    cid = campaign(wf.db, codes=(condition_code,))
    _plan(wf, cid)
    wf.drain("send", send, "outreach")
    links = [text.rsplit("/r/", 1)[1] for _, text in wf.delivered().sms]
    stored = wf.db.query(
        "SELECT token_hash, token_nonce FROM workflows.invitations"
        " WHERE campaign_id = CAST(:c AS uuid)",
        c=str(cid),
    )
    hashes = {bytes(h) for h, _ in stored}
    assert all(len(token) == 43 for token in links)  # 256 bits, base64url
    assert {hashlib.sha256(t.encode()).digest() for t in links} <= hashes
    blob = json.dumps([[h.hex(), n.hex()] for h, n in stored])
    assert not any(token in blob for token in links)


def test_replanning_adds_only_new_patients_and_sends_nothing_twice(
    wf: Any, seed: Any, campaign: Any, condition_code: str
) -> None:
    first = seed(wf.db, 40, condition=condition_code)
    cid = campaign(wf.db, codes=(condition_code,))
    _plan(wf, cid)
    wf.drain("send", send, "outreach")
    again = _plan(wf, cid)
    assert again["invitations_created"] == {"sms": 0, "email": 0}
    assert again["sends_enqueued"] == 0
    second = seed(wf.db, 16, condition=condition_code)
    more = _plan(wf, cid)
    assert more["invitations_created"] == second.expected()
    wf.drain("send", send, "outreach")
    total = {k: first.expected()[k] + second.expected()[k] for k in ("sms", "email")}
    delivered = wf.delivered()
    assert len(delivered.sms) == total["sms"]
    assert len(delivered.emails) == total["email"]


def _small_windows(wf: Any, window: int, **more: int) -> None:
    """Plan with tiny enqueue windows and one send per message, so a test sees many windows."""
    wf.monkeypatch.setenv("INVITATIONS_PER_MESSAGE", "1")
    wf.monkeypatch.setattr(
        handlers, "PlanSettings", functools.partial(PlanSettings, enqueue_window=window, **more)
    )


def _fail_sqs_after(wf: Any, calls: int) -> dict[str, bool]:
    """SendMessageBatch works ``calls`` times, then the process 'crashes' mid-enqueue.

    Returns the switch: set ``["crash"] = False`` to let every later call through.
    """
    original = SqsQueue.send_batch
    state = {"crash": True}
    seen = [0]

    def send_batch(self: SqsQueue, bodies: Any) -> list[bool]:
        seen[0] += 1
        if state["crash"] and seen[0] > calls:
            raise AwsCallError("SQS SendMessageBatch", "ServiceUnavailable", True)
        return original(self, bodies)

    wf.monkeypatch.setattr(SqsQueue, "send_batch", send_batch)
    return state


def _pending(wf: Any, campaign_id: uuid.UUID) -> int:
    rows = wf.db.query(
        "SELECT count(*) FROM workflows.sends s JOIN workflows.invitations i"
        " ON i.id = s.invitation_id WHERE i.campaign_id = CAST(:c AS uuid)"
        " AND s.enqueued_at IS NULL",
        c=str(campaign_id),
    )
    return int(rows[0][0])


def test_rerunning_a_plan_that_crashed_mid_enqueue_delivers_each_message_once(
    wf: Any, seed: Any, campaign: Any, condition_code: str
) -> None:
    pop = seed(wf.db, 40, condition=condition_code)
    cid = campaign(wf.db, codes=(condition_code,))
    total = sum(pop.expected().values())
    _small_windows(wf, window=10)  # 10 sends per window = 1 SendMessageBatch per window
    crash = _fail_sqs_after(wf, calls=2)
    with pytest.raises(AwsCallError):
        _plan(wf, cid)
    # Phase 1 committed; the two windows SQS accepted are marked, the rest wait for a re-run.
    assert _pending(wf, cid) == total - 20
    crash["crash"] = False
    again = _plan(wf, cid)
    assert again["invitations_created"] == {"sms": 0, "email": 0}
    assert again["sends_enqueued"] == total - 20
    assert _pending(wf, cid) == 0
    assert wf.drain("send", send, "outreach") == []
    _assert_each_patient_reached_once(wf, pop.expected())
    assert _sends(wf, cid) == {"sent": total}


def test_planning_one_campaign_leaves_another_campaigns_pending_sends_alone(
    wf: Any, seed: Any, campaign: Any, condition_code: str
) -> None:
    pop = seed(wf.db, 24, condition=condition_code)
    other = campaign(wf.db, codes=(condition_code,), name="Other")
    _small_windows(wf, window=3)
    crash = _fail_sqs_after(wf, calls=0)
    with pytest.raises(AwsCallError):
        _plan(wf, other)  # its sends stay pending, with lower ids than the next campaign's
    total = sum(pop.expected().values())
    assert _pending(wf, other) == total
    crash["crash"] = False  # windows full of the other campaign's sends come first
    cid = campaign(wf.db, codes=(condition_code,))
    result = _plan(wf, cid)
    assert result["sends_enqueued"] == total
    assert _pending(wf, cid) == 0
    assert _pending(wf, other) == total
    assert _plan(wf, other)["sends_enqueued"] == total
    assert _pending(wf, other) == 0


def test_a_large_plan_refreshes_the_statistics_before_enqueueing(
    wf: Any, seed: Any, campaign: Any, condition_code: str
) -> None:
    seed(wf.db, 8, condition=condition_code)
    cid = campaign(wf.db, codes=(condition_code,))
    query = (
        "SELECT relname, coalesce(analyze_count, 0) FROM pg_stat_user_tables"
        " WHERE schemaname = 'workflows' AND relname IN ('invitations', 'sends')"
    )
    before = dict(wf.db.query(query))
    _small_windows(wf, window=10, analyze_after=1)
    _plan(wf, cid)
    after = dict(wf.db.query(query))
    assert after["invitations"] > before["invitations"]
    assert after["sends"] > before["sends"]


def test_duplicate_sqs_deliveries_do_not_double_send(
    wf: Any, seed: Any, campaign: Any, condition_code: str
) -> None:
    pop = seed(wf.db, 60, condition=condition_code)
    cid = campaign(wf.db, codes=(condition_code,))
    _plan(wf, cid)
    messages = wf.receive("send")
    assert messages
    records = wf.records(messages)
    # The same record twice in one batch, then the whole batch again (SQS at-least-once).
    doubled = {"Records": records["Records"] + records["Records"]}
    assert wf.call(send, doubled) == {"batchItemFailures": []}
    assert wf.call(send, records) == {"batchItemFailures": []}
    wf.settle("send", messages, {"batchItemFailures": []})
    wf.drain("send", send, "outreach")
    delivered = wf.delivered()
    assert len(delivered.sms) == pop.expected()["sms"]
    assert len(delivered.emails) == pop.expected()["email"]


def test_a_send_whose_sender_died_mid_call_is_never_repeated(
    wf: Any, seed: Any, campaign: Any, condition_code: str
) -> None:
    seed(wf.db, 16, condition=condition_code)
    cid = campaign(wf.db, codes=(condition_code,))
    _plan(wf, cid)
    messages = wf.receive("send")
    # Simulate a sender that claimed everything, then died before the API answered.
    wf.db.query(
        "UPDATE workflows.sends s SET status = 'sending', claimed_at = :t"
        " FROM workflows.invitations i WHERE i.id = s.invitation_id"
        " AND i.campaign_id = CAST(:c AS uuid)",
        t=wf.clock.now,
        c=str(cid),
    )
    # Redelivered before the lease ran out: the record comes back later, nothing is sent.
    early = wf.call(send, wf.records(messages))
    assert len(early["batchItemFailures"]) == len(messages)
    assert wf.delivered().sms == []
    # After the lease: recorded as in doubt, acknowledged, still nothing sent.
    wf.clock.advance(minutes=16)
    late = wf.call(send, wf.records(messages))
    assert late == {"batchItemFailures": []}
    assert wf.delivered().sms == [] and wf.delivered().emails == []
    assert set(_sends(wf, cid)) == {"in_doubt"}


def test_an_ambiguous_api_failure_is_recorded_in_doubt_not_retried(
    wf: Any, seed: Any, campaign: Any, condition_code: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(wf.db, 16, condition=condition_code)
    cid = campaign(wf.db, codes=(condition_code,), channels=("sms",))
    _plan(wf, cid)

    def timeout(self: Any, **_: Any) -> None:
        raise ReadTimeoutError(endpoint_url="https://sns.us-east-1.amazonaws.com")

    monkeypatch.setattr(messaging.SnsSms, "_publish", timeout)
    assert wf.drain("send", send, "outreach") == []
    assert set(_sends(wf, cid)) == {"in_doubt"}


def test_a_throttled_send_is_retried_and_delivered_exactly_once(
    wf: Any, seed: Any, campaign: Any, condition_code: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    pop = seed(wf.db, 32, condition=condition_code)
    cid = campaign(wf.db, codes=(condition_code,), channels=("sms",))
    _plan(wf, cid)
    original = messaging.SnsSms._publish
    throttled = {"left": 5}

    def flaky(self: Any, **kwargs: Any) -> Any:
        if throttled["left"] > 0:
            throttled["left"] -= 1
            raise ClientError(
                {"Error": {"Code": "Throttling"}, "ResponseMetadata": {"HTTPStatusCode": 400}},
                "Publish",
            )
        return original(self, **kwargs)

    monkeypatch.setattr(messaging.SnsSms, "_publish", flaky)
    monkeypatch.setattr(messaging, "_LOCAL_RETRIES", 0)
    messages = wf.receive("send")
    first = wf.call(send, wf.records(messages))
    assert first["batchItemFailures"], "throttled sends must send their record back"
    wf.settle("send", messages, first)
    assert wf.drain("send", send, "outreach") == []
    phones = [phone for phone, _ in wf.delivered().sms]
    assert len(phones) == len(set(phones)) == pop.expected()["sms"]


def test_a_recipient_rejected_by_the_api_fails_without_retry(
    wf: Any, seed: Any, campaign: Any, condition_code: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(wf.db, 16, condition=condition_code)
    cid = campaign(wf.db, codes=(condition_code,), channels=("sms",))
    _plan(wf, cid)

    def invalid(self: Any, **_: Any) -> None:
        raise ClientError(
            {"Error": {"Code": "InvalidParameter"}, "ResponseMetadata": {"HTTPStatusCode": 400}},
            "Publish",
        )

    monkeypatch.setattr(messaging.SnsSms, "_publish", invalid)
    assert wf.drain("send", send, "outreach") == []
    rows = wf.db.query(
        "SELECT DISTINCT s.status::text, s.reason FROM workflows.sends s"
        " JOIN workflows.invitations i ON i.id = s.invitation_id"
        " WHERE i.campaign_id = CAST(:c AS uuid)",
        c=str(cid),
    )
    assert rows == [["failed", "sns:InvalidParameter"]]


def test_opt_outs_after_planning_are_respected_at_send_time(
    wf: Any, seed: Any, campaign: Any, condition_code: str
) -> None:
    pop = seed(wf.db, 40, condition=condition_code)
    cid = campaign(wf.db, codes=(condition_code,))
    _plan(wf, cid)
    wf.db.query(
        "INSERT INTO workflows.contact_opt_outs (patient_id, channel)"
        " SELECT patient_id, 'sms' FROM workflows.invitations"
        " WHERE campaign_id = CAST(:c AS uuid) AND channel = 'sms' ON CONFLICT DO NOTHING",
        c=str(cid),
    )
    assert wf.drain("send", send, "outreach") == []
    assert wf.delivered().sms == []
    assert len(wf.delivered().emails) == pop.expected()["email"]
    rows = wf.db.query(
        "SELECT s.status::text, s.reason, count(*) FROM workflows.sends s"
        " JOIN workflows.invitations i ON i.id = s.invitation_id"
        " WHERE i.campaign_id = CAST(:c AS uuid) AND i.channel = 'sms' GROUP BY 1, 2",
        c=str(cid),
    )
    assert rows == [["suppressed", "opted_out", pop.expected()["sms"]]]


# -- bad input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ("not json", "'<body>'"),
        ("[]", "'<body>'"),
        (json.dumps({"v": 2, "campaign_id": FIXED_ID, "sends": [[1, 0]]}), "'v'"),
        (json.dumps({"v": 1, "campaign_id": "nope", "sends": [[1, 0]]}), "'campaign_id'"),
        (json.dumps({"v": 1, "campaign_id": FIXED_ID, "sends": []}), "'sends'"),
        (json.dumps({"v": 1, "campaign_id": FIXED_ID, "sends": [[1, 11]]}), "'sends[0]'"),
    ],
    ids=["not-json", "array", "version", "campaign-id", "no-sends", "bad-sequence"],
)
def test_a_malformed_message_is_sent_back_for_the_dead_letter_queue(
    wf: Any, body: str, field: str, capsys: pytest.CaptureFixture[str]
) -> None:
    event = {"Records": [{"messageId": "m-1", "body": body}]}
    assert wf.call(send, event) == {"batchItemFailures": [{"itemIdentifier": "m-1"}]}
    out = capsys.readouterr().out
    assert "send.malformed_message" in out and field in out


def test_a_message_for_an_unknown_campaign_sends_nothing_and_is_kept(wf: Any) -> None:
    body = json.dumps({"v": 1, "campaign_id": str(uuid.uuid4()), "sends": [[1, 0], [2, 0]]})
    event = {"Records": [{"messageId": "m-2", "body": body}]}
    assert wf.call(send, event) == {"batchItemFailures": [{"itemIdentifier": "m-2"}]}
    assert wf.delivered().sms == []


@pytest.mark.parametrize("event", [None, [], {}, {"Records": []}, {"Records": "x"}])
def test_an_event_without_records_is_an_error_naming_records(wf: Any, event: Any) -> None:
    with pytest.raises(InvalidInputError, match=r"Records|<event>"):
        wf.call(send, event)


def test_a_missing_setting_is_an_error_naming_the_variable(
    wf: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LINK_BASE_URL", "http://links.example")
    with pytest.raises(ConfigurationError, match=r"LINK_BASE_URL.*https"):
        wf.call(send, {"Records": [{"messageId": "m", "body": "{}"}]})


def test_expired_links_are_not_sent(wf: Any, seed: Any, campaign: Any, condition_code: str) -> None:
    seed(wf.db, 16, condition=condition_code)
    cid = campaign(wf.db, codes=(condition_code,), link_ttl_days=1)
    _plan(wf, cid)
    wf.clock.advance(days=2)
    assert wf.drain("send", send, "outreach") == []
    assert wf.delivered().sms == []
    assert set(_sends(wf, cid)) == {"suppressed"}
    assert dt.timedelta(days=1) < wf.clock.now - dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)


# -- planning in parallel ranges ---------------------------------------------------------


def _small_ranges(wf: Any, range_ids: int) -> dict[str, int]:
    """Plan in ranges of ``range_ids`` patient ids; returns a count of extra connections."""
    wf.monkeypatch.setattr(
        handlers, "PlanSettings", functools.partial(PlanSettings, range_ids=range_ids)
    )
    opened = {"n": 0}
    original = ConnectionCache.open

    def counting_open(self: ConnectionCache) -> Any:
        opened["n"] += 1
        return original(self)

    wf.monkeypatch.setattr(ConnectionCache, "open", counting_open)
    return opened


def _sendless_invitations(wf: Any, campaign_id: uuid.UUID) -> int:
    rows = wf.db.query(
        "SELECT count(*) FROM workflows.invitations i WHERE i.campaign_id = CAST(:c AS uuid)"
        " AND NOT EXISTS (SELECT 1 FROM workflows.sends s"
        "                 WHERE s.invitation_id = i.id AND s.sequence = 0)",
        c=str(campaign_id),
    )
    return int(rows[0][0])


def test_a_plan_stopped_mid_range_keeps_whole_ranges_and_a_rerun_completes_it(
    wf: Any, seed: Any, campaign: Any, condition_code: str
) -> None:
    pop = seed(wf.db, 40, condition=condition_code)
    cid = campaign(wf.db, codes=(condition_code,))
    opened = _small_ranges(wf, range_ids=6)
    original = plan_module._plan_range
    calls = {"n": 0}
    lock = threading.Lock()

    def failing_range(db: Any, spec: Any, span: tuple[int, int]) -> Any:
        result = original(db, spec, span)  # the range's rows are written, then it fails
        with lock:  # the module's earlier tests own the lower patient ids: count our ranges
            calls["n"] += 1 if result else 0
            fail = bool(result) and calls["n"] == 3
        if fail:
            raise DatabaseOperationError("COPY … failed: SQLSTATE 57014: injected", "57014")
        return result

    wf.monkeypatch.setattr(plan_module, "_plan_range", failing_range)
    with pytest.raises(DatabaseOperationError, match="injected"):
        _plan(wf, cid)
    assert opened["n"] == 2  # two workers, each on its own connection
    total = sum(pop.expected().values())
    kept = int(
        wf.db.query(
            "SELECT count(*) FROM workflows.invitations WHERE campaign_id = CAST(:c AS uuid)",
            c=str(cid),
        )[0][0]
    )
    assert 0 < kept < total  # committed ranges stay, the failed range rolled back
    assert _sendless_invitations(wf, cid) == 0  # each range commits invitations with sends
    planned = wf.db.query(
        "SELECT planned_at FROM workflows.campaigns WHERE id = CAST(:c AS uuid)", c=str(cid)
    )
    assert planned == [[None]]

    wf.monkeypatch.setattr(plan_module, "_plan_range", original)
    again = _plan(wf, cid)
    assert sum(again["invitations_created"].values()) == total - kept
    assert _pending(wf, cid) == 0
    assert wf.drain("send", send, "outreach") == []
    _assert_each_patient_reached_once(wf, pop.expected())


def test_planners_of_one_campaign_wait_for_each_other(
    wf: Any, seed: Any, campaign: Any, condition_code: str
) -> None:
    pop = seed(wf.db, 24, condition=condition_code)
    cid = campaign(wf.db, codes=(condition_code,))
    _small_ranges(wf, range_ids=6)
    holder = wf.db.master()  # another planner, mid-plan, holds the campaign's planning lock
    holder.run("START TRANSACTION")
    holder.run(
        "SELECT pg_advisory_xact_lock(:k, hashtext(:c))", k=plan_module.PLAN_LOCK_CLASS, c=str(cid)
    )
    outcome: dict[str, Any] = {}
    planner = threading.Thread(target=lambda: outcome.update(result=_plan(wf, cid)))
    planner.start()
    try:
        waiting: list[list[Any]] = []
        for _ in range(300):
            waiting = wf.db.query(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
                " AND classid = :k",
                k=plan_module.PLAN_LOCK_CLASS,
            )
            if waiting != [[0]] or not planner.is_alive():
                break
            time.sleep(0.1)
        assert waiting == [[1]], "the plan did not wait for the campaign's planning lock"
        assert planner.is_alive()
    finally:
        holder.run("COMMIT")
        holder.close()
        planner.join(timeout=120)
    assert outcome["result"]["invitations_created"] == pop.expected()


def test_a_bad_plan_workers_setting_names_the_variable(
    wf: Any, campaign: Any, condition_code: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    cid = campaign(wf.db, codes=(condition_code,))
    monkeypatch.setenv("PLAN_WORKERS", "0")
    with pytest.raises(ConfigurationError, match=r"PLAN_WORKERS.*between 1 and 8"):
        _plan(wf, cid)


def test_a_failed_background_mark_stops_the_plan_and_a_rerun_delivers_once(
    wf: Any, seed: Any, campaign: Any, condition_code: str
) -> None:
    pop = seed(wf.db, 30, condition=condition_code)
    cid = campaign(wf.db, codes=(condition_code,))
    _small_windows(wf, window=10)
    original = enqueue_module._Marker._run
    calls = {"n": 0}

    def failing_mark(self: Any, ids: list[int], seqs: list[int]) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise DatabaseOperationError("UPDATE … failed: SQLSTATE 57014: injected", "57014")
        original(self, ids, seqs)

    wf.monkeypatch.setattr(enqueue_module._Marker, "_run", failing_mark)
    with pytest.raises(DatabaseOperationError, match="injected"):
        _plan(wf, cid)
    total = sum(pop.expected().values())
    assert 0 < _pending(wf, cid) < total  # the first window is marked; the failed one is not
    wf.monkeypatch.setattr(enqueue_module._Marker, "_run", original)
    again = _plan(wf, cid)
    assert again["invitations_created"] == {"sms": 0, "email": 0}
    assert _pending(wf, cid) == 0
    assert wf.drain("send", send, "outreach") == []  # windows sent twice send once
    _assert_each_patient_reached_once(wf, pop.expected())
    assert _sends(wf, cid) == {"sent": total}
