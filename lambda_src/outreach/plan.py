"""Plan a campaign: eligible patients → invitations with hashed tokens → sends → queue.

Phase 1 (one transaction, campaign row locked so planners of one campaign run one at a time):
stream eligible (patient, channel) pairs through a server-side cursor; per fetched batch, draw
the invitation ids from the identity sequence (one round trip), then for each pair draw a
16-byte nonce, derive the token with the HMAC key and keep only SHA-256(token); COPY the
invitations in with their ids, and COPY their sequence-0 sends right after (no re-read of
the invitations, no campaign-wide INSERT … SELECT). After the commit, a large plan refreshes
the two tables' statistics so that phase 2 plans on the real sizes.

Phase 2 (``enqueue.enqueue_pending``): put the new sends on SQS in batches of 10 messages.

Re-running is safe: only patients without an invitation for that channel are added (and each
new invitation gets its send in the same transaction), and only sends not yet enqueued are
enqueued. Memory stays flat (one fetch batch at a time).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import os
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

from workflows_core.db import Db
from workflows_core.errors import ConflictError, NotFoundError
from workflows_core.logs import log_info

from .enqueue import EnqueueResult, enqueue_pending
from .ports import MessageQueue
from .tokens import DOMAIN, NONCE_BYTES, TokenKeys

_LOCK_CAMPAIGN = """
SELECT status, condition_codes, channels::text[], link_ttl
FROM workflows.campaigns WHERE id = CAST(:id AS uuid) FOR UPDATE
"""

# One row per (patient, channel) that should be invited and is not yet.
_ELIGIBLE = """
SELECT p.id, ch.channel::text
FROM workflows.patients p
CROSS JOIN unnest(CAST(:channels AS workflows.channel[])) AS ch(channel)
WHERE EXISTS (SELECT 1 FROM workflows.patient_conditions pc
              WHERE pc.patient_id = p.id AND pc.condition_code = ANY(CAST(:codes AS text[])))
  AND CASE ch.channel WHEN 'sms' THEN p.phone_e164 IS NOT NULL
                      ELSE p.email IS NOT NULL END
  AND NOT EXISTS (SELECT 1 FROM workflows.contact_opt_outs o
                  WHERE o.patient_id = p.id AND o.channel = ch.channel)
  AND NOT EXISTS (SELECT 1 FROM workflows.invitations i
                  WHERE i.campaign_id = CAST(:campaign AS uuid) AND i.patient_id = p.id
                    AND i.channel = ch.channel)
"""

# Ids come from the identity sequence; COPY writes given identity values (like OVERRIDING
# SYSTEM VALUE), so the sends can reference them without reading the invitations back.
# One text value instead of one row per id: pg8000 decodes rows in Python (~20k per batch).
_NEXT_IDS = (
    "SELECT string_agg(nextval('workflows.invitations_id_seq')::text, ',')"
    " FROM generate_series(1, :n)"
)

_COPY_INVITATIONS = (
    "COPY workflows.invitations (id, campaign_id, patient_id, channel, token_key_id, token_nonce,"
    " token_hash, created_at, expires_at, last_queued_at) FROM STDIN"
)

_COPY_SENDS = "COPY workflows.sends (invitation_id, sequence, created_at) FROM STDIN"

_REFRESH_STATISTICS = "SELECT workflows.refresh_outreach_statistics()"


@dataclass(frozen=True)
class PlanSettings:
    per_message: int = 500
    fetch_batch: int = 20_000
    enqueue_window: int = 20_000
    enqueue_parallel: int = 4
    # A plan that created at least this many invitations refreshes the tables' statistics.
    analyze_after: int = 10_000


@dataclass(frozen=True)
class PlanResult:
    campaign_id: uuid.UUID
    invitations_created: dict[str, int]
    enqueue: EnqueueResult
    seconds: dict[str, float]

    def as_dict(self) -> dict[str, object]:
        return {
            "campaign_id": str(self.campaign_id),
            "invitations_created": self.invitations_created,
            "sends_enqueued": self.enqueue.sends,
            "messages_enqueued": self.enqueue.messages,
            "sqs_batches": self.enqueue.batches,
            "seconds": self.seconds,
        }


def plan_campaign(
    db: Db,
    keys: TokenKeys,
    queue: MessageQueue,
    campaign_id: uuid.UUID,
    *,
    now: dt.datetime,
    settings: PlanSettings = PlanSettings(),
) -> PlanResult:
    started = time.perf_counter()
    created = create_invitations(db, keys, campaign_id, now, settings.fetch_batch)
    if sum(created.values()) >= settings.analyze_after:
        db.run(_REFRESH_STATISTICS)
    invited = time.perf_counter()
    log_info(
        "plan.invitations_created",
        campaign_id=str(campaign_id),
        elapsed_ms=round(1000 * (invited - started)),
        **created,
    )
    enqueued = enqueue_pending(
        db,
        queue,
        now,
        campaign_id=campaign_id,
        per_message=settings.per_message,
        window=settings.enqueue_window,
        parallel=settings.enqueue_parallel,
    )
    done = time.perf_counter()
    log_info(
        "plan.enqueued",
        campaign_id=str(campaign_id),
        sends=enqueued.sends,
        messages=enqueued.messages,
        sqs_batches=enqueued.batches,
        elapsed_ms=round(1000 * (done - invited)),
    )
    seconds = {"invitations": round(invited - started, 3), "enqueue": round(done - invited, 3)}
    return PlanResult(campaign_id, created, enqueued, seconds)


def create_invitations(
    db: Db, keys: TokenKeys, campaign_id: uuid.UUID, now: dt.datetime, fetch_batch: int
) -> dict[str, int]:
    counts = {"sms": 0, "email": 0}
    with db.transaction():
        row = db.one(_LOCK_CAMPAIGN, id=str(campaign_id))
        if row is None:
            raise NotFoundError(f"campaign {campaign_id} does not exist")
        status, codes, channels, link_ttl = row
        if status != "active":
            raise ConflictError(f"campaign {campaign_id} is {status}; only active campaigns plan")
        expires = now + _as_timedelta(link_ttl)
        key_id = keys.current
        key = keys.keys[key_id]
        prefix = f"\t{campaign_id}\t"
        suffix = f"\t{_ts(now)}\t{_ts(expires)}\t{_ts(now)}\n"
        for batch in db.fetch_batches(
            _ELIGIBLE,
            fetch_batch,
            channels=list(channels),
            codes=list(codes),
            campaign=str(campaign_id),
        ):
            for _patient, channel in batch:
                counts[str(channel)] += 1
            ids = [int(i) for i in str(db.run(_NEXT_IDS, n=len(batch))[0][0]).split(",")]
            db.run(
                _COPY_INVITATIONS,
                stream=_copy_rows(batch, ids, key_id=key_id, key=key, prefix=prefix, suffix=suffix),
            )
            db.run(_COPY_SENDS, stream=_copy_sends(ids, f"\t0\t{_ts(now)}\n"))
        db.run(
            "UPDATE workflows.campaigns SET planned_at = :now WHERE id = CAST(:id AS uuid)",
            now=now,
            id=str(campaign_id),
        )
    return counts


def _copy_rows(
    batch: list[list[object]],
    ids: list[int],
    *,
    key_id: str,
    key: bytes,
    prefix: str,
    suffix: str,
) -> Iterator[bytes]:
    """COPY text rows, ~64 KiB per chunk. bytea goes as ``\\\\x<hex>`` (escaped backslash)."""
    nonces = os.urandom(NONCE_BYTES * len(batch))
    lines: list[str] = []
    size = 0
    sha256 = hashlib.sha256
    digest = hmac.digest
    b64 = base64.urlsafe_b64encode
    for index, (invitation_id, (patient, channel)) in enumerate(zip(ids, batch, strict=True)):
        nonce = nonces[index * NONCE_BYTES : (index + 1) * NONCE_BYTES]
        token = b64(digest(key, DOMAIN + nonce, "sha256")).rstrip(b"=")
        line = (
            f"{invitation_id}{prefix}{patient}\t{channel}\t{key_id}\t\\\\x{nonce.hex()}"
            f"\t\\\\x{sha256(token).hexdigest()}{suffix}"
        )
        lines.append(line)
        size += len(line)
        if size >= 65536:
            yield "".join(lines).encode("ascii")
            lines, size = [], 0
    if lines:
        yield "".join(lines).encode("ascii")


def _copy_sends(ids: list[int], suffix: str) -> Iterator[bytes]:
    """The sequence-0 send of each new invitation, as COPY text in ~64 KiB chunks."""
    for start in range(0, len(ids), 2048):
        yield "".join(f"{i}{suffix}" for i in ids[start : start + 2048]).encode("ascii")


def _ts(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat()


def _as_timedelta(value: object) -> dt.timedelta:
    if isinstance(value, dt.timedelta):
        return value
    # pg8000 returns intervals with months as pg8000.types.Interval; link_ttl is days only.
    days = getattr(value, "days", 0) + 30 * getattr(value, "months", 0)
    micros = getattr(value, "microseconds", 0)
    return dt.timedelta(days=days, microseconds=micros)
