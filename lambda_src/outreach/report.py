"""The weekly outreach report: counts by campaign, channel and status, as CSV and HTML.

Aggregates only: no patient appears in it. Two measures per campaign and channel:

* ``invitations`` by where the invitation stands: ``responded`` (this link was used),
  ``responded_other_channel``, ``opted_out``, ``expired``, ``awaiting_response`` (a message
  went out), ``pending`` (queued, not attempted yet), ``not_delivered`` (failed, suppressed
  or in doubt, and nothing sent);
* ``messages`` (invitation and reminder sends) by send status.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
from dataclasses import dataclass
from typing import Any

from workflows_core.db import Db

_INVITATIONS = """
WITH per_invitation AS (
    SELECT invitation_id,
           bool_or(status = 'sent') AS any_sent,
           bool_or(status IN ('queued', 'sending')) AS any_pending
    FROM workflows.sends GROUP BY invitation_id
)
SELECT c.id::text, c.name, i.channel::text,
       CASE
         WHEN i.redeemed_at IS NOT NULL THEN 'responded'
         WHEN r.patient_id IS NOT NULL THEN 'responded_other_channel'
         WHEN o.patient_id IS NOT NULL THEN 'opted_out'
         WHEN i.expires_at <= :now THEN 'expired'
         WHEN s.any_sent THEN 'awaiting_response'
         WHEN s.any_pending THEN 'pending'
         ELSE 'not_delivered'
       END AS state,
       count(*)
FROM workflows.invitations i
JOIN workflows.campaigns c ON c.id = i.campaign_id
LEFT JOIN per_invitation s ON s.invitation_id = i.id
LEFT JOIN workflows.respondents r ON r.campaign_id = i.campaign_id AND r.patient_id = i.patient_id
LEFT JOIN workflows.contact_opt_outs o ON o.patient_id = i.patient_id AND o.channel = i.channel
GROUP BY 1, 2, 3, 4
ORDER BY 2, 1, 3, 4
"""

_MESSAGES = """
SELECT c.id::text, c.name, i.channel::text,
       CASE WHEN s.sequence = 0 THEN 'invitation' ELSE 'reminder' END || ':' || s.status::text,
       count(*)
FROM workflows.sends s
JOIN workflows.invitations i ON i.id = s.invitation_id
JOIN workflows.campaigns c ON c.id = i.campaign_id
GROUP BY 1, 2, 3, 4
ORDER BY 2, 1, 3, 4
"""

COLUMNS = ("campaign_id", "campaign_name", "channel", "measure", "status", "count")


@dataclass(frozen=True)
class ReportRow:
    campaign_id: str
    campaign_name: str
    channel: str
    measure: str
    status: str
    count: int


@dataclass(frozen=True)
class Report:
    generated_at: dt.datetime
    rows: list[ReportRow]

    def csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        for r in self.rows:
            writer.writerow(
                [
                    r.campaign_id,
                    _no_formula(r.campaign_name),
                    r.channel,
                    r.measure,
                    r.status,
                    r.count,
                ]
            )
        return out.getvalue()

    def html(self) -> str:
        week = _week_label(self.generated_at)
        parts = [
            "<!doctype html><html lang=en><meta charset=utf-8>",
            f"<title>Outreach report {html.escape(week)}</title>",
            "<style>body{font-family:sans-serif;margin:2rem}table{border-collapse:collapse;"
            "margin-bottom:2rem}th,td{border:1px solid #999;padding:.3rem .6rem;text-align:left}"
            "td.n{text-align:right}</style>",
            f"<h1>Outreach report, week {html.escape(week)}</h1>",
            f"<p>Generated {html.escape(self.generated_at.isoformat())}. Counts only; no "
            "patient data.</p>",
        ]
        campaigns: dict[str, str] = {}
        for r in self.rows:
            campaigns.setdefault(r.campaign_id, r.campaign_name)
        if not campaigns:
            parts.append("<p>No campaigns have invitations yet.</p>")
        for cid, name in campaigns.items():
            parts.append(f"<h2>{html.escape(name)} <small>({html.escape(cid)})</small></h2>")
            for measure in ("invitations", "messages"):
                rows = [r for r in self.rows if r.campaign_id == cid and r.measure == measure]
                parts.append(f"<table><caption>{measure}</caption>")
                parts.append("<tr><th>channel</th><th>status</th><th>count</th></tr>")
                for r in rows:
                    parts.append(
                        f"<tr><td>{html.escape(r.channel)}</td><td>{html.escape(r.status)}</td>"
                        f"<td class=n>{r.count}</td></tr>"
                    )
                total = sum(r.count for r in rows)
                parts.append(f"<tr><th colspan=2>total</th><th class=n>{total}</th></tr></table>")
        parts.append("</html>")
        return "".join(parts)


def build_report(db: Db, now: dt.datetime) -> Report:
    rows: list[ReportRow] = []
    queries: tuple[tuple[str, str, dict[str, Any]], ...] = (
        ("invitations", _INVITATIONS, {"now": now}),
        ("messages", _MESSAGES, {}),
    )
    for measure, sql, params in queries:
        for cid, name, channel, status, count in db.run(sql, **params):
            rows.append(
                ReportRow(str(cid), str(name), str(channel), measure, str(status), int(count))
            )
    return Report(now, rows)


def report_keys(now: dt.datetime) -> tuple[str, str]:
    base = f"outreach/weekly/{_week_label(now)}/report"
    return f"{base}.csv", f"{base}.html"


def _week_label(now: dt.datetime) -> str:
    year, week, _ = now.isocalendar()
    return f"{year}-W{week:02d}"


def _no_formula(text: str) -> str:
    """Spreadsheets execute cells starting with = + - @ (CSV injection); quote them."""
    return f"'{text}" if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text
