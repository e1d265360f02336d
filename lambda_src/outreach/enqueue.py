"""Put not-yet-enqueued sends on the queue: the planner's second phase and the weekly sweep.

Works in windows: read the next ``window`` pending sends in key order (keyset pagination
over the ``sends_pending`` partial index, so a window costs its own size, however many sends
are pending), pack them into messages of ``per_message`` sends, send those in
``SendMessageBatch`` calls of 10 (a few calls in parallel), then mark the accepted sends
enqueued (autocommit). A crash anywhere leaves the unmarked sends for the next run: at worst
a send is enqueued twice, which the sender's idempotency makes harmless. Nothing is lost.

With ``mark_db`` (a second connection) the marking runs on it in the background while the
loop reads and sends the next window: the next window starts after the last one's keys
whether or not they are marked yet, so nothing is read twice; the first failed mark stops
the loop and is raised.

With ``campaign_id`` only that campaign's sends are enqueued: the window is still taken over
all pending sends (the campaign filter is applied to the window, in Python), so the page scan
never depends on the join's row estimates.
"""

from __future__ import annotations

import datetime as dt
import uuid
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

from workflows_core.db import Db
from workflows_core.errors import AwsCallError

from .model import encode_send_pairs
from .ports import MessageQueue
from .queue import SQS_BATCH_LIMIT

_SELECT_WINDOW = """
WITH w AS MATERIALIZED (
    SELECT s.invitation_id, s.sequence
    FROM workflows.sends s
    WHERE s.enqueued_at IS NULL
      AND (s.invitation_id, s.sequence) > (:after_id, :after_seq)
    ORDER BY s.invitation_id, s.sequence
    LIMIT :window
)
SELECT i.campaign_id::text,
       string_agg(w.invitation_id::text, ',' ORDER BY w.invitation_id, w.sequence),
       string_agg(w.sequence::text, ',' ORDER BY w.invitation_id, w.sequence)
FROM w JOIN workflows.invitations i ON i.id = w.invitation_id
GROUP BY i.campaign_id
"""

# The window's key range bounds the update to a primary-key range scan of the window's own
# rows whatever the statistics say (without it the planner hashes or scans every pending
# send); the join on the exact keys marks only what was accepted by SQS.
_MARK = """
UPDATE workflows.sends s SET enqueued_at = :now
FROM unnest(CAST(:ids AS bigint[]), CAST(:seqs AS smallint[])) AS u(id, seq)
WHERE s.invitation_id BETWEEN :low AND :high
  AND s.invitation_id = u.id AND s.sequence = u.seq AND s.enqueued_at IS NULL
"""


@dataclass
class EnqueueResult:
    sends: int = 0
    messages: int = 0
    batches: int = 0
    not_accepted: int = 0
    campaigns: set[str] = field(default_factory=set)


def enqueue_pending(
    db: Db,
    queue: MessageQueue,
    now: dt.datetime,
    *,
    campaign_id: uuid.UUID | None = None,
    per_message: int = 500,
    window: int = 20_000,
    parallel: int = 4,
    mark_db: Db | None = None,
) -> EnqueueResult:
    result = EnqueueResult()
    after = (0, -1)
    only = str(campaign_id) if campaign_id else None
    with (
        ThreadPoolExecutor(max_workers=parallel, thread_name_prefix="enqueue") as pool,
        _Marker(mark_db or db, now, background=mark_db is not None) as marker,
    ):
        while not marker.failed():
            # One row per campaign in the window, keys as text lists: decoding 20,000 rows in
            # pg8000 costs more than the query.
            groups = db.run(_SELECT_WINDOW, after_id=after[0], after_seq=after[1], window=window)
            if not groups:
                break
            window_pairs = {str(c): _pairs(str(i), str(s)) for c, i, s in groups}
            after = max(pairs[-1] for pairs in window_pairs.values())
            if only is not None:
                window_pairs = {c: p for c, p in window_pairs.items() if c == only}
                if not window_pairs:
                    continue
            marker.mark(*_send_window(pool, queue, window_pairs, per_message, result))
            result.campaigns.update(window_pairs)
    if result.not_accepted:
        raise AwsCallError("SQS SendMessageBatch", "EntriesNotAccepted", True)
    return result


def _send_window(
    pool: ThreadPoolExecutor,
    queue: MessageQueue,
    window_pairs: dict[str, list[tuple[int, int]]],
    per_message: int,
    result: EnqueueResult,
) -> tuple[list[int], list[int]]:
    """Send one window in batches of 10 messages; the keys of the sends SQS accepted."""
    messages = _pack(window_pairs, per_message)
    batches = [messages[i : i + SQS_BATCH_LIMIT] for i in range(0, len(messages), SQS_BATCH_LIMIT)]
    outcomes = list(pool.map(lambda b: queue.send_batch([m[1] for m in b]), batches))
    ids: list[int] = []
    seqs: list[int] = []
    for batch, accepted in zip(batches, outcomes, strict=True):
        for (pairs, _body), ok in zip(batch, accepted, strict=True):
            if ok:
                ids.extend(inv for inv, _seq in pairs)
                seqs.extend(seq for _inv, seq in pairs)
                result.messages += 1
            else:
                result.not_accepted += len(pairs)
    result.sends += len(ids)
    result.batches += len(batches)
    return ids, seqs


class _Marker:
    """Marks accepted sends enqueued: at once on ``db``, or in one background thread."""

    def __init__(self, db: Db, now: dt.datetime, *, background: bool) -> None:
        self._db = db
        self._now = now
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mark")
        self._background = background
        self._pending: list[Future[None]] = []

    def __enter__(self) -> _Marker:
        return self

    def __exit__(self, *exc: object) -> None:
        self._thread.shutdown(wait=True)
        if exc[0] is None:
            for future in self._pending:
                future.result()  # the first failed mark, if any

    def mark(self, ids: list[int], seqs: list[int]) -> None:
        if not ids:
            return
        if self._background:
            self._pending.append(self._thread.submit(self._run, ids, seqs))
        else:
            self._run(ids, seqs)

    def failed(self) -> bool:
        return any(f.done() and f.exception() is not None for f in self._pending)

    def _run(self, ids: list[int], seqs: list[int]) -> None:
        self._db.run(
            _MARK, now=self._now, ids=_array(ids), seqs=_array(seqs), low=min(ids), high=max(ids)
        )


def _pairs(ids: str, seqs: str) -> list[tuple[int, int]]:
    return list(zip(map(int, ids.split(",")), map(int, seqs.split(",")), strict=True))


def _array(values: list[int]) -> str:
    """A PostgreSQL array literal: pg8000 encodes list parameters element by element."""
    return "{" + ",".join(map(str, values)) + "}"


def _pack(
    window: dict[str, list[tuple[int, int]]], per_message: int
) -> list[tuple[list[tuple[int, int]], str]]:
    """Group a window's sends into message bodies; one campaign per message.

    Plain (invitation_id, sequence) pairs, not ``SendItem`` objects: a window holds 20,000
    sends and this runs once per window.
    """
    messages: list[tuple[list[tuple[int, int]], str]] = []
    for campaign, pairs in window.items():
        for start in range(0, len(pairs), per_message):
            chunk = pairs[start : start + per_message]
            messages.append((chunk, encode_send_pairs(campaign, chunk)))
    return messages
