"""Plan a campaign: eligible patients → invitations with hashed tokens → sends → queue.

Phase 1: the coordinating connection takes the campaign's planning lock (a transaction-level
advisory lock, so planners of one campaign run one at a time) and checks it is active. The
patients' id span is cut into ranges; each range is one transaction: its eligible (patient,
channel) pairs in one round trip, invitation ids drawn from the identity sequence, for each
pair a 16-byte nonce and the token HMAC(key, nonce) of which only SHA-256(token) is kept,
then COPY of the invitations with their ids and COPY of their sequence-0 sends (no re-read,
no campaign-wide INSERT … SELECT). With a connection factory the ranges run on
``PlanSettings.workers`` connections at once: the database checks each row's foreign keys
(most of its work), and two backends do that on two cores. After the last range a large
plan refreshes the two tables' statistics so that phase 2 plans on the real sizes.

Phase 2 (``enqueue.enqueue_pending``): put the new sends on SQS in batches of 10 messages;
with a connection factory, sends are marked enqueued on a second connection while the next
window is read and sent.

Re-running is safe: only patients without an invitation for that channel are added (each
new invitation gets its send in the same transaction), and only sends not yet enqueued are
enqueued; a plan stopped half-way has committed whole ranges and the re-run does the rest.
Memory stays flat (one range per connection at a time).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import os
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from workflows_core.db import Db
from workflows_core.errors import ConflictError, NotFoundError
from workflows_core.logs import log_info

from .enqueue import EnqueueResult, enqueue_pending
from .ports import MessageQueue
from .tokens import DOMAIN, NONCE_BYTES, TokenKeys

# Planners of one campaign queue on this lock (released at the coordinator's commit). Not a
# row lock on the campaign: the workers' foreign-key checks take KEY SHARE on that row, and
# the coordinator's FOR UPDATE would block them.
PLAN_LOCK_CLASS = 1917  # first key of the planning lock; the second is hashtext(campaign id)
_LOCK_CAMPAIGN = f"SELECT pg_advisory_xact_lock({PLAN_LOCK_CLASS}, hashtext(CAST(:id AS text)))"

_CAMPAIGN = """
SELECT status, condition_codes, channels::text[], link_ttl
FROM workflows.campaigns WHERE id = CAST(:id AS uuid)
"""

_PATIENT_SPAN = "SELECT min(id), max(id) FROM workflows.patients"

# The (patient, channel) pairs of one patient id range that should be invited and are not
# yet, as two aligned text lists: one row instead of ~20,000 rows for pg8000 to decode. The
# range is repeated on every table: without it the server hashes all of the condition's
# patients and all of the campaign's invitations for each range.
_ELIGIBLE = """
SELECT string_agg(p.id::text, ',' ORDER BY p.id, ch.channel),
       string_agg(ch.channel::text, ',' ORDER BY p.id, ch.channel)
FROM workflows.patients p
CROSS JOIN unnest(CAST(:channels AS workflows.channel[])) AS ch(channel)
WHERE p.id BETWEEN :low AND :high
  AND EXISTS (SELECT 1 FROM workflows.patient_conditions pc
              WHERE pc.patient_id = p.id AND pc.condition_code = ANY(CAST(:codes AS text[]))
                AND pc.patient_id BETWEEN :low AND :high)
  AND CASE ch.channel WHEN 'sms' THEN p.phone_e164 IS NOT NULL
                      ELSE p.email IS NOT NULL END
  AND NOT EXISTS (SELECT 1 FROM workflows.contact_opt_outs o
                  WHERE o.patient_id = p.id AND o.channel = ch.channel
                    AND o.patient_id BETWEEN :low AND :high)
  AND NOT EXISTS (SELECT 1 FROM workflows.invitations i
                  WHERE i.campaign_id = CAST(:campaign AS uuid) AND i.patient_id = p.id
                    AND i.channel = ch.channel AND i.patient_id BETWEEN :low AND :high)
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
    # Patient ids per phase-1 transaction (~1.6 invitations each with two channels).
    range_ids: int = 12_500
    # Connections that plan ranges at once (with a connection factory; else 1).
    workers: int = 2
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
    connect: Callable[[], Db] | None = None,
) -> PlanResult:
    """``connect`` opens an extra connection (closed here after use) for parallel ranges."""
    started = time.perf_counter()
    created = create_invitations(db, keys, campaign_id, now, settings=settings, connect=connect)
    if sum(created.values()) >= settings.analyze_after:
        db.run(_REFRESH_STATISTICS)
    invited = time.perf_counter()
    log_info(
        "plan.invitations_created",
        campaign_id=str(campaign_id),
        elapsed_ms=round(1000 * (invited - started)),
        **created,
    )
    mark_db = connect() if connect is not None else None
    try:
        enqueued = enqueue_pending(
            db,
            queue,
            now,
            campaign_id=campaign_id,
            per_message=settings.per_message,
            window=settings.enqueue_window,
            parallel=settings.enqueue_parallel,
            mark_db=mark_db,
        )
    finally:
        if mark_db is not None:
            mark_db.close()
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


@dataclass(frozen=True)
class _Spec:
    """What every range of one plan shares."""

    campaign_id: str
    channels: list[str]
    codes: list[str]
    key_id: str
    key: bytes = b""
    prefix: str = ""
    suffix: str = ""
    send_suffix: str = ""


def create_invitations(
    db: Db,
    keys: TokenKeys,
    campaign_id: uuid.UUID,
    now: dt.datetime,
    *,
    settings: PlanSettings = PlanSettings(),
    connect: Callable[[], Db] | None = None,
) -> dict[str, int]:
    with db.transaction():
        db.run(_LOCK_CAMPAIGN, id=str(campaign_id))
        row = db.one(_CAMPAIGN, id=str(campaign_id))
        if row is None:
            raise NotFoundError(f"campaign {campaign_id} does not exist")
        status, codes, channels, link_ttl = row
        if status != "active":
            raise ConflictError(f"campaign {campaign_id} is {status}; only active campaigns plan")
        expires = now + _as_timedelta(link_ttl)
        spec = _Spec(
            campaign_id=str(campaign_id),
            channels=list(channels),
            codes=list(codes),
            key_id=keys.current,
            key=keys.keys[keys.current],
            prefix=f"\t{campaign_id}\t",
            suffix=f"\t{_ts(now)}\t{_ts(expires)}\t{_ts(now)}\n",
            send_suffix=f"\t0\t{_ts(now)}\n",
        )
        low, high = db.one(_PATIENT_SPAN) or (None, None)
        ranges = _ranges(low, high, settings.range_ids)
        if connect is None or settings.workers <= 1 or len(ranges) <= 1:
            # One connection: every range inside the coordinator's transaction.
            counts: Counter[str] = Counter()
            for span in ranges:
                counts.update(_plan_range(db, spec, span))
        else:
            counts = _plan_ranges_in_parallel(connect, spec, ranges, settings.workers)
        db.run(
            "UPDATE workflows.campaigns SET planned_at = :now WHERE id = CAST(:id AS uuid)",
            now=now,
            id=str(campaign_id),
        )
    return {"sms": counts["sms"], "email": counts["email"]}


def _ranges(low: object, high: object, size: int) -> list[tuple[int, int]]:
    """Inclusive patient id ranges covering [low, high]; none when there are no patients."""
    if low is None or high is None:
        return []
    first, last = int(str(low)), int(str(high))
    return [(start, min(start + size - 1, last)) for start in range(first, last + 1, size)]


def _plan_ranges_in_parallel(
    connect: Callable[[], Db], spec: _Spec, ranges: list[tuple[int, int]], workers: int
) -> Counter[str]:
    """Each worker: its own connection, one committed transaction per range it takes.

    The first failure stops the others after their current range and is raised; ranges
    committed before it stay (a re-run plans only what is missing).
    """
    todo = iter(ranges)
    take = threading.Lock()
    stop = threading.Event()

    def work() -> Counter[str]:
        counts: Counter[str] = Counter()
        conn = connect()
        try:
            while not stop.is_set():
                with take:
                    span = next(todo, None)
                if span is None:
                    break
                with conn.transaction():
                    counts.update(_plan_range(conn, spec, span))
        except BaseException:
            stop.set()
            raise
        finally:
            conn.close()
        return counts

    total: Counter[str] = Counter()
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="plan") as pool:
        futures = [pool.submit(work) for _ in range(min(workers, len(ranges)))]
        for future in futures:
            total.update(future.result())
    return total


def _plan_range(db: Db, spec: _Spec, span: tuple[int, int]) -> Counter[str]:
    """Invitations and first sends for the eligible pairs of one patient id range."""
    row = db.one(
        _ELIGIBLE,
        channels=spec.channels,
        codes=spec.codes,
        campaign=spec.campaign_id,
        low=span[0],
        high=span[1],
    )
    if row is None or row[0] is None:
        return Counter()
    patients, channels = str(row[0]).split(","), str(row[1]).split(",")
    ids = str(db.run(_NEXT_IDS, n=len(patients))[0][0]).split(",")
    db.run(_COPY_INVITATIONS, stream=_copy_rows(spec, ids, patients, channels))
    db.run(_COPY_SENDS, stream=_copy_sends(ids, spec.send_suffix))
    return Counter(channels)


def _copy_rows(
    spec: _Spec, ids: list[str], patients: list[str], channels: list[str]
) -> Iterator[bytes]:
    """COPY text rows, ~64 KiB per chunk. bytea goes as ``\\\\x<hex>`` (escaped backslash)."""
    nonces = os.urandom(NONCE_BYTES * len(ids))
    lines: list[str] = []
    size = 0
    sha256 = hashlib.sha256
    digest = hmac.digest
    b64 = base64.urlsafe_b64encode
    key, key_id, prefix, suffix = spec.key, spec.key_id, spec.prefix, spec.suffix
    for index, (invitation_id, patient, channel) in enumerate(
        zip(ids, patients, channels, strict=True)
    ):
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


def _copy_sends(ids: list[str], suffix: str) -> Iterator[bytes]:
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
