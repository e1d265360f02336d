"""Send invitations and reminders: SQS records → claimed sends → SNS/SES → recorded outcome.

Idempotency is a state machine on ``workflows.sends`` (one row per invitation and sequence,
the invitation being unique per campaign, patient and channel):

    queued ──claim──▶ sending ──API accepted──▶ sent
                         │ ──API rejected (recipient)──▶ failed
                         │ ──API rejected (other) / not reached──▶ queued  (record retried)
                         │ ──timeout, connection lost mid-call──▶ in_doubt
                         └─ claim older than the lease (process died) ──▶ in_doubt

Only a ``queued`` row can be claimed, and the claim is committed before any API call, so a
redelivered or duplicated SQS message finds ``sending``/``sent`` and sends nothing. A row is
never sent from ``in_doubt``: when we cannot know whether AWS delivered a message we choose
"at most once" and let the weekly reminder (which targets everyone who has not responded)
recover the patient. See docs/workflows.md for the full argument.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from workflows_core.db import Db
from workflows_core.errors import InvalidInputError
from workflows_core.logs import log_error, log_info, log_warning

from .messaging import SmsTemplate
from .model import parse_send_message
from .ports import Delivery, EmailRequest, EmailSender, SmsRequest, SmsSender
from .tokens import TokenKeys, link

_EXPIRE_STALE = """
UPDATE workflows.sends s SET status = 'in_doubt', finished_at = :now, reason = 'claim_expired'
FROM unnest(CAST(:ids AS bigint[]), CAST(:seqs AS smallint[])) AS u(id, seq)
WHERE s.invitation_id = u.id AND s.sequence = u.seq
  AND s.status = 'sending' AND s.claimed_at < :stale_before
"""

_CLAIM = """
WITH wanted AS (
    SELECT u.id, u.seq FROM unnest(CAST(:ids AS bigint[]), CAST(:seqs AS smallint[]),
                                   CAST(:campaigns AS uuid[])) AS u(id, seq, campaign)
    JOIN workflows.invitations i ON i.id = u.id AND i.campaign_id = u.campaign
), claimed AS (
    UPDATE workflows.sends s SET status = 'sending', claimed_at = :now, attempts = s.attempts + 1
    FROM wanted w
    WHERE s.invitation_id = w.id AND s.sequence = w.seq AND s.status = 'queued'
    RETURNING s.invitation_id, s.sequence
)
SELECT c.invitation_id, c.sequence, i.channel::text, i.token_key_id, i.token_nonce,
       p.phone_e164, p.email, camp.name, camp.status,
       i.redeemed_at IS NOT NULL, i.expires_at <= :now,
       EXISTS (SELECT 1 FROM workflows.contact_opt_outs o
               WHERE o.patient_id = i.patient_id AND o.channel = i.channel),
       EXISTS (SELECT 1 FROM workflows.respondents r
               WHERE r.campaign_id = i.campaign_id AND r.patient_id = i.patient_id)
FROM claimed c
JOIN workflows.invitations i ON i.id = c.invitation_id
JOIN workflows.patients p ON p.id = i.patient_id
JOIN workflows.campaigns camp ON camp.id = i.campaign_id
"""

_STATES = """
SELECT s.invitation_id, s.sequence, s.status::text
FROM unnest(CAST(:ids AS bigint[]), CAST(:seqs AS smallint[]), CAST(:campaigns AS uuid[]))
     AS u(id, seq, campaign)
JOIN workflows.invitations i ON i.id = u.id AND i.campaign_id = u.campaign
JOIN workflows.sends s ON s.invitation_id = u.id AND s.sequence = u.seq
"""

_FINISH = """
UPDATE workflows.sends s SET
    status = CAST(u.status AS workflows.send_status),
    finished_at = CASE WHEN u.status = 'queued' THEN NULL ELSE CAST(:now AS timestamptz) END,
    claimed_at = CASE WHEN u.status = 'queued' THEN NULL ELSE s.claimed_at END,
    provider_message_id = u.mid,
    reason = u.reason
FROM unnest(CAST(:ids AS bigint[]), CAST(:seqs AS smallint[]), CAST(:statuses AS text[]),
            CAST(:mids AS text[]), CAST(:reasons AS text[])) AS u(id, seq, status, mid, reason)
WHERE s.invitation_id = u.id AND s.sequence = u.seq
  AND s.status IN ('sending', 'in_doubt') AND s.claimed_at = :now
"""

# Delivery status → sends.status
_FINAL = {"sent": "sent", "failed": "failed", "retry": "queued", "in_doubt": "in_doubt"}


@dataclass(frozen=True)
class SendSettings:
    link_base_url: str
    sms_invitation: SmsTemplate
    sms_reminder: SmsTemplate
    email_template_invitation: str
    email_template_reminder: str
    claim_lease: dt.timedelta = dt.timedelta(minutes=15)


@dataclass(frozen=True)
class _Claimed:
    key: tuple[int, int]
    channel: str
    key_id: str
    nonce: bytes
    phone: str | None
    email: str | None
    campaign_name: str
    campaign_status: str
    redeemed: bool
    expired: bool
    opted_out: bool
    responded: bool


@dataclass(frozen=True)
class Senders:
    sms: SmsSender
    email: EmailSender


def send_records(
    db: Db,
    records: Sequence[Mapping[str, Any]],
    *,
    keys: TokenKeys,
    senders: Senders,
    now: dt.datetime,
    settings: SendSettings,
) -> list[str]:
    """Process one SQS batch; return the ``messageId`` of every record to redeliver."""
    failed: set[str] = set()
    owners: dict[tuple[int, int], set[str]] = {}
    campaign_of: dict[tuple[int, int], uuid.UUID] = {}
    for index, record in enumerate(records):
        msg_id = str(record.get("messageId"))
        try:
            message = parse_send_message(record.get("body"))
        except InvalidInputError as exc:
            # Poison message: fail it so it reaches the dead-letter queue for inspection.
            log_error("send.malformed_message", message_id=msg_id, index=index, error=str(exc))
            failed.add(msg_id)
            continue
        for item in message.items:
            key = (item.invitation_id, item.sequence)
            owners.setdefault(key, set()).add(msg_id)
            campaign_of[key] = message.campaign_id
    if not owners:
        return sorted(failed)

    keys_list = list(owners)
    ids = [k[0] for k in keys_list]
    seqs = [k[1] for k in keys_list]
    campaigns = [str(campaign_of[k]) for k in keys_list]
    with db.transaction():
        db.run(_EXPIRE_STALE, now=now, stale_before=now - settings.claim_lease, ids=ids, seqs=seqs)
        rows = db.run(_CLAIM, now=now, ids=ids, seqs=seqs, campaigns=campaigns)
        states = {
            (int(r[0]), int(r[1])): str(r[2])
            for r in db.run(_STATES, ids=ids, seqs=seqs, campaigns=campaigns)
        }
    claimed = [_claimed(r) for r in rows]

    outcome = Counter[str]()
    _unclaimed(keys_list, {c.key for c in claimed}, states, owners, outcome=outcome, failed=failed)

    deliveries = _deliver(claimed, keys, senders, settings)
    if deliveries:
        finish = list(deliveries.items())
        db.run(
            _FINISH,
            now=now,
            ids=[k[0] for k, _ in finish],
            seqs=[k[1] for k, _ in finish],
            statuses=[_status(d) for _, d in finish],
            mids=[d.provider_message_id for _, d in finish],
            reasons=[d.reason for _, d in finish],
        )
    for key, delivery in deliveries.items():
        outcome[_status(delivery)] += 1
        if delivery.status == "retry":
            failed.update(owners[key])
    log_info("send.batch_done", records=len(records), redeliver=len(failed), **dict(outcome))
    if outcome["unknown"]:
        log_warning("send.unknown_sends", count=outcome["unknown"])
    return sorted(failed)


def _unclaimed(
    keys_list: list[tuple[int, int]],
    claimed: set[tuple[int, int]],
    states: dict[tuple[int, int], str],
    owners: dict[tuple[int, int], set[str]],
    *,
    outcome: Counter[str],
    failed: set[str],
) -> None:
    """Why a send was not claimed, and whether its records must come back."""
    for key in keys_list:
        if key in claimed:
            continue
        state = states.get(key)
        if state is None:
            # Not a send of that campaign: never send it; let the DLQ show it.
            outcome["unknown"] += 1
            failed.update(owners[key])
        elif state == "sending":
            # Another delivery holds a live claim; look again after the visibility timeout.
            outcome["claimed_elsewhere"] += 1
            failed.update(owners[key])
        else:
            outcome[f"already_{state}"] += 1


def _status(delivery: Delivery) -> str:
    return _FINAL.get(delivery.status, delivery.status)


def _claimed(row: list[Any]) -> _Claimed:
    return _Claimed(
        key=(int(row[0]), int(row[1])),
        channel=str(row[2]),
        key_id=str(row[3]),
        nonce=bytes(row[4]),
        phone=row[5],
        email=row[6],
        campaign_name=str(row[7]),
        campaign_status=str(row[8]),
        redeemed=bool(row[9]),
        expired=bool(row[10]),
        opted_out=bool(row[11]),
        responded=bool(row[12]),
    )


def _suppression(c: _Claimed) -> str | None:
    if c.opted_out:
        return "opted_out"
    if c.campaign_status != "active":
        return "campaign_closed"
    if c.redeemed or c.responded:
        return "responded"
    if c.expired:
        return "link_expired"
    if (c.channel == "sms" and not c.phone) or (c.channel == "email" and not c.email):
        return "no_contact"
    return None


def _deliver(
    claimed: list[_Claimed],
    keys: TokenKeys,
    senders: Senders,
    settings: SendSettings,
) -> dict[tuple[int, int], Delivery]:
    results: dict[tuple[int, int], Delivery] = {}
    sms_requests: list[SmsRequest] = []
    email_requests: list[EmailRequest] = []
    for c in claimed:
        reason = _suppression(c)
        if reason is not None:
            results[c.key] = Delivery("suppressed", reason=reason)
            continue
        url = link(settings.link_base_url, keys.token(c.key_id, c.nonce))
        reminder = c.key[1] > 0
        if c.channel == "sms":
            template = settings.sms_reminder if reminder else settings.sms_invitation
            assert c.phone is not None
            sms_requests.append(SmsRequest(c.key, c.phone, template.render(c.campaign_name, url)))
        else:
            assert c.email is not None
            email_requests.append(
                EmailRequest(
                    c.key,
                    c.email,
                    settings.email_template_reminder
                    if reminder
                    else settings.email_template_invitation,
                    {"campaign": c.campaign_name, "link": url},
                )
            )
    results.update(senders.sms.send(sms_requests))
    results.update(senders.email.send(email_requests))
    return results
