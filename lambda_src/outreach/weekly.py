"""The weekly job: settle stale claims, queue reminders, sweep the queue, write the report.

Reminders go to every invitation whose patient has not responded (on any channel), has not
opted out of that channel, whose link is still valid, whose campaign is active, that has not
failed permanently, that has had fewer than the campaign's ``max_reminders`` reminders, and
whose last message was queued at least ``reminder_interval`` ago (less ``slack``, so a
schedule that fires a little early still counts a week). The counter and the new send row
are written by one statement, so a re-run in the same week adds nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from workflows_core.db import Db
from workflows_core.logs import log_info

from .enqueue import EnqueueResult, enqueue_pending
from .ports import MessageQueue, ReportStore
from .report import Report, build_report, report_keys

_SETTLE_STALE = """
UPDATE workflows.sends SET status = 'in_doubt', finished_at = :now, reason = 'claim_expired'
WHERE status = 'sending' AND claimed_at < :stale_before
"""

_QUEUE_REMINDERS = """
WITH due AS (
    UPDATE workflows.invitations i
    SET reminders_queued = i.reminders_queued + 1, last_queued_at = :now
    FROM workflows.campaigns c
    WHERE c.id = i.campaign_id AND c.status = 'active'
      AND i.redeemed_at IS NULL AND i.expires_at > :now
      AND i.reminders_queued < c.max_reminders
      AND i.last_queued_at
          <= CAST(:now AS timestamptz) - c.reminder_interval + CAST(:slack AS interval)
      AND NOT EXISTS (SELECT 1 FROM workflows.respondents r
                      WHERE r.campaign_id = i.campaign_id AND r.patient_id = i.patient_id)
      AND NOT EXISTS (SELECT 1 FROM workflows.contact_opt_outs o
                      WHERE o.patient_id = i.patient_id AND o.channel = i.channel)
      AND NOT EXISTS (SELECT 1 FROM workflows.sends s
                      WHERE s.invitation_id = i.id AND s.status = 'failed')
    RETURNING i.id, i.reminders_queued
)
INSERT INTO workflows.sends (invitation_id, sequence, created_at)
SELECT id, reminders_queued, :now FROM due
ON CONFLICT DO NOTHING
RETURNING invitation_id
"""


@dataclass(frozen=True)
class WeeklySettings:
    claim_lease: dt.timedelta = dt.timedelta(minutes=15)
    slack: dt.timedelta = dt.timedelta(hours=24)
    per_message: int = 500
    # Queuing at least this many reminders refreshes the statistics before enqueueing.
    analyze_after: int = 10_000


@dataclass(frozen=True)
class WeeklyResult:
    settled_in_doubt: int
    reminders_queued: int
    enqueue: EnqueueResult
    report: Report
    report_keys: tuple[str, str]

    def as_dict(self) -> dict[str, object]:
        return {
            "settled_in_doubt": self.settled_in_doubt,
            "reminders_queued": self.reminders_queued,
            "sends_enqueued": self.enqueue.sends,
            "messages_enqueued": self.enqueue.messages,
            "report_csv": self.report_keys[0],
            "report_html": self.report_keys[1],
        }


def run_weekly(
    db: Db,
    queue: MessageQueue,
    reports: ReportStore,
    now: dt.datetime,
    settings: WeeklySettings = WeeklySettings(),
) -> WeeklyResult:
    with db.transaction():
        settled = len(
            db.run(
                _SETTLE_STALE + " RETURNING invitation_id",
                now=now,
                stale_before=now - settings.claim_lease,
            )
        )
        reminders = len(
            db.run(
                _QUEUE_REMINDERS, now=now, slack=f"{int(settings.slack.total_seconds())} seconds"
            )
        )
    log_info("weekly.reminders_queued", reminders=reminders, settled_in_doubt=settled)
    if reminders >= settings.analyze_after:
        db.run("SELECT workflows.refresh_outreach_statistics()")
    enqueued = enqueue_pending(db, queue, now, per_message=settings.per_message)
    report = build_report(db, now)
    csv_key, html_key = report_keys(now)
    reports.put(csv_key, report.csv().encode("utf-8"), "text/csv; charset=utf-8")
    reports.put(html_key, report.html().encode("utf-8"), "text/html; charset=utf-8")
    log_info(
        "weekly.done",
        reminders=reminders,
        sends_enqueued=enqueued.sends,
        report_rows=len(report.rows),
    )
    return WeeklyResult(settled, reminders, enqueued, report, (csv_key, html_key))
