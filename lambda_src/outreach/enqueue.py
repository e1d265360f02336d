"""Put not-yet-enqueued sends on the queue: the planner's second phase and the weekly sweep.

Works in windows: read the next ``window`` pending sends in key order (keyset pagination
over the ``sends_pending`` partial index, so a window costs its own size, however many sends
are pending), pack them into messages of ``per_message`` sends, send those in
``SendMessageBatch`` calls of 10 (a few calls in parallel), then mark the accepted sends
enqueued (autocommit). A crash anywhere leaves the unmarked sends for the next run: at worst
a send is enqueued twice, which the sender's idempotency makes harmless. Nothing is lost.

With ``campaign_id`` only that campaign's sends are enqueued: the window is still taken over
all pending sends (the campaign filter is applied to the window, in Python), so the page scan
never depends on the join's row estimates.
"""

from __future__ import annotations

import datetime as dt
import uuid
from concurrent.futures import ThreadPoolExecutor
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
) -> EnqueueResult:
    result = EnqueueResult()
    after = (0, -1)
    only = str(campaign_id) if campaign_id else None
    with ThreadPoolExecutor(max_workers=parallel, thread_name_prefix="enqueue") as pool:
        while True:
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
            messages = _pack(window_pairs, per_message)
            batches = [
                messages[i : i + SQS_BATCH_LIMIT] for i in range(0, len(messages), SQS_BATCH_LIMIT)
            ]
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
            if ids:
                db.run(
                    _MARK, now=now, ids=_array(ids), seqs=_array(seqs), low=min(ids), high=max(ids)
                )
            result.sends += len(ids)
            result.batches += len(batches)
            result.campaigns.update(window_pairs)
    if result.not_accepted:
        raise AwsCallError("SQS SendMessageBatch", "EntriesNotAccepted", True)
    return result


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
