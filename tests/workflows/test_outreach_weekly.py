"""The weekly job: reminders only to non-respondents, at most N each, and a report whose
numbers match the database."""

from __future__ import annotations

import csv
import io
from collections import Counter
from typing import Any

import pytest
from outreach_plan.handler import handler as plan
from outreach_redeem.handler import handler as redeem
from outreach_send.handler import handler as send
from outreach_weekly.handler import handler as weekly
from workflows_core.errors import InvalidInputError

pytestmark = pytest.mark.postgres


def _only(wf: Any, cid: Any) -> None:
    """The weekly job is global: close campaigns earlier tests in this database created."""
    wf.db.query(
        "UPDATE workflows.campaigns SET status = 'closed' WHERE id <> CAST(:c AS uuid)", c=str(cid)
    )


def _scheduled(wf: Any) -> dict[str, Any]:
    return {
        "version": "0",
        "source": "aws.events",
        "detail-type": "Scheduled Event",
        "time": wf.clock.now.isoformat().replace("+00:00", "Z"),
        "detail": {},
    }


def _run_week(wf: Any) -> dict[str, Any]:
    result: dict[str, Any] = wf.call(weekly, _scheduled(wf))
    assert wf.drain("send", send, "outreach") == []
    return result


def _redeem(wf: Any, token: str) -> int:
    event = {
        "requestContext": {"http": {"method": "POST"}},
        "pathParameters": {"token": token},
    }
    return int(wf.call(redeem, event, "redeem")["statusCode"])


def _by_phone(wf: Any) -> Counter[str]:
    return Counter(phone for phone, _ in wf.delivered().sms)


def test_reminders_go_only_to_non_respondents_and_stop_after_n(
    wf: Any, seed: Any, campaign: Any, condition_code: str
) -> None:
    pop = seed(wf.db, 48, condition=condition_code)
    cid = campaign(wf.db, codes=(condition_code,), channels=("sms",), max_reminders=2)
    _only(wf, cid)
    wf.call(plan, {"campaign_id": str(cid)})
    wf.drain("send", send, "outreach")
    invited = pop.expected()["sms"]
    first = wf.delivered().sms
    assert len(first) == invited

    # A third respond before the first reminder.
    responders = {phone for phone, _ in first[::3]}
    for _phone, text in first[::3]:
        assert _redeem(wf, text.rsplit("/r/", 1)[1]) == 303

    # Six days later: not yet a week (minus the one-day slack is fine, 6 days is not < 6).
    wf.clock.advance(days=5)
    assert _run_week(wf)["reminders_queued"] == 0

    for week in (1, 2, 3, 4):
        wf.clock.advance(days=7 if week > 1 else 2)
        result = _run_week(wf)
        expected = invited - len(responders) if week <= 2 else 0
        assert result["reminders_queued"] == expected, f"week {week}"

    counts = _by_phone(wf)
    for phone in responders:
        assert counts[phone] == 1, "a respondent got a reminder"
    for phone in set(counts) - responders:
        assert counts[phone] == 3, "non-respondents get the invitation and exactly 2 reminders"
    reminder_texts = [t for _, t in wf.delivered().sms if t.startswith("Reminder - ")]
    assert len(reminder_texts) == 2 * (invited - len(responders))


def test_a_reminder_carries_the_same_link_as_the_invitation(
    wf: Any, seed: Any, campaign: Any, condition_code: str
) -> None:
    seed(wf.db, 16, condition=condition_code)
    cid = campaign(wf.db, codes=(condition_code,), channels=("sms",), max_reminders=1)
    _only(wf, cid)
    wf.call(plan, {"campaign_id": str(cid)})
    wf.drain("send", send, "outreach")
    wf.clock.advance(days=7)
    _run_week(wf)
    links: dict[str, set[str]] = {}
    for phone, text in wf.delivered().sms:
        links.setdefault(phone, set()).add(text.rsplit("/r/", 1)[1])
    assert all(len(tokens) == 1 for tokens in links.values())
    # And the token from the first message still works after the reminder.
    token = next(iter(next(iter(links.values()))))
    assert _redeem(wf, token) == 303


def test_running_twice_in_a_week_queues_nothing_new(
    wf: Any, seed: Any, campaign: Any, condition_code: str
) -> None:
    seed(wf.db, 16, condition=condition_code)
    cid = campaign(wf.db, codes=(condition_code,), channels=("email",))
    _only(wf, cid)
    wf.call(plan, {"campaign_id": str(cid)})
    wf.drain("send", send, "outreach")
    wf.clock.advance(days=7)
    assert _run_week(wf)["reminders_queued"] > 0
    wf.clock.advance(hours=2)
    again = _run_week(wf)
    assert again["reminders_queued"] == 0
    assert again["sends_enqueued"] == 0


def test_the_weekly_job_enqueues_sends_a_crashed_planner_left_behind(
    wf: Any, seed: Any, campaign: Any, condition_code: str
) -> None:
    pop = seed(wf.db, 16, condition=condition_code)
    cid = campaign(wf.db, codes=(condition_code,))
    _only(wf, cid)
    wf.call(plan, {"campaign_id": str(cid)})
    # Lose the queue's messages and the enqueue marks, as if the planner died after phase 1.
    wf.client("sqs").purge_queue(QueueUrl=wf.queues["send"])
    wf.db.query(
        "UPDATE workflows.sends s SET enqueued_at = NULL FROM workflows.invitations i"
        " WHERE i.id = s.invitation_id AND i.campaign_id = CAST(:c AS uuid)",
        c=str(cid),
    )
    result = _run_week(wf)
    assert result["sends_enqueued"] == sum(pop.expected().values())
    assert len(wf.delivered().sms) == pop.expected()["sms"]


def test_the_report_numbers_match_the_database(
    wf: Any, seed: Any, campaign: Any, condition_code: str
) -> None:
    seed(wf.db, 64, condition=condition_code)
    cid = campaign(wf.db, codes=(condition_code,), name="=Flu 2026")
    _only(wf, cid)
    wf.call(plan, {"campaign_id": str(cid)})
    wf.drain("send", send, "outreach")
    for _, text in wf.delivered().sms[:5]:
        _redeem(wf, text.rsplit("/r/", 1)[1])
    wf.db.query(
        "INSERT INTO workflows.contact_opt_outs (patient_id, channel)"
        " SELECT patient_id, channel FROM workflows.invitations"
        " WHERE campaign_id = CAST(:c AS uuid) AND channel = 'email' AND patient_id NOT IN"
        "  (SELECT patient_id FROM workflows.respondents WHERE campaign_id = CAST(:c AS uuid))"
        " ORDER BY id LIMIT 3 ON CONFLICT DO NOTHING",
        c=str(cid),
    )
    wf.clock.advance(days=7)
    result = wf.call(weekly, _scheduled(wf))  # compare before the reminders are sent

    s3 = wf.client("s3")
    obj = s3.get_object(Bucket=wf.buckets["reports"], Key=result["report_csv"])
    assert obj["ServerSideEncryption"] == "aws:kms"
    assert obj["SSEKMSKeyId"] == wf.kms_key_arn
    assert result["report_csv"] == "outreach/weekly/2026-W03/report.csv"
    rows = list(csv.DictReader(io.StringIO(obj["Body"].read().decode())))
    mine = [r for r in rows if r["campaign_id"] == str(cid)]
    assert {r["campaign_name"] for r in mine} == {"'=Flu 2026"}  # no spreadsheet formula

    messages = {
        (r["channel"], r["status"]): int(r["count"]) for r in mine if r["measure"] == "messages"
    }
    db_messages = {
        (str(ch), f"{kind}:{st}"): int(n)
        for ch, kind, st, n in wf.db.query(
            "SELECT i.channel::text,"
            " CASE WHEN s.sequence = 0 THEN 'invitation' ELSE 'reminder' END,"
            " s.status::text, count(*)"
            " FROM workflows.sends s JOIN workflows.invitations i ON i.id = s.invitation_id"
            " WHERE i.campaign_id = CAST(:c AS uuid) GROUP BY 1, 2, 3",
            c=str(cid),
        )
    }
    assert ("sms", "reminder:queued") in messages
    assert messages == db_messages

    invitations = {
        (r["channel"], r["status"]): int(r["count"]) for r in mine if r["measure"] == "invitations"
    }
    total = wf.db.query(
        "SELECT channel::text, count(*) FROM workflows.invitations"
        " WHERE campaign_id = CAST(:c AS uuid) GROUP BY 1",
        c=str(cid),
    )
    for channel, count in total:
        assert sum(n for (ch, _), n in invitations.items() if ch == channel) == count
    redeemed = wf.db.query(
        "SELECT count(*) FROM workflows.invitations WHERE campaign_id = CAST(:c AS uuid)"
        " AND redeemed_at IS NOT NULL",
        c=str(cid),
    )[0][0]
    assert invitations[("sms", "responded")] == redeemed == 5
    assert invitations[("email", "opted_out")] == 3
    other = wf.db.query(
        "SELECT count(*) FROM workflows.invitations i JOIN workflows.respondents r"
        " ON r.campaign_id = i.campaign_id AND r.patient_id = i.patient_id"
        " WHERE i.campaign_id = CAST(:c AS uuid) AND i.channel = 'email'",
        c=str(cid),
    )[0][0]
    assert invitations.get(("email", "responded_other_channel"), 0) == other > 0
    assert invitations[("sms", "awaiting_response")] + invitations[("sms", "responded")] == sum(
        n for (ch, _), n in invitations.items() if ch == "sms"
    )

    page = s3.get_object(Bucket=wf.buckets["reports"], Key=result["report_html"])
    html = page["Body"].read().decode()
    assert page["ContentType"].startswith("text/html")
    assert "=Flu 2026" in html and "<table>" in html
    assert str(sum(messages.values())) in html


def test_a_bad_schedule_time_is_an_error_naming_time(wf: Any) -> None:
    with pytest.raises(InvalidInputError, match="'time'"):
        wf.call(weekly, {"time": "last tuesday"})
    with pytest.raises(InvalidInputError, match="'time'"):
        wf.call(weekly, {"time": 12})


def test_the_report_is_written_for_any_week(wf: Any) -> None:
    result = wf.call(weekly, {"time": "2030-01-07T09:00:00Z"})
    assert result["report_html"] == "outreach/weekly/2030-W02/report.html"
    body = wf.client("s3").get_object(Bucket=wf.buckets["reports"], Key=result["report_csv"])
    assert body["Body"].read().decode().startswith("campaign_id,campaign_name,channel")
