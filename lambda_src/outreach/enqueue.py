"""Put not-yet-enqueued sends on the queue: the planner's second phase and the weekly sweep.

Works in windows: read up to ``window`` sends whose ``enqueued_at`` is NULL, pack them into
messages of ``per_message`` sends, send those in ``SendMessageBatch`` calls of 10 (a few
calls in parallel), then mark the accepted sends enqueued and commit. A crash anywhere leaves
the unmarked sends for the next run: at worst a send is enqueued twice, which the sender's
idempotency makes harmless. Nothing is lost.
"""

from __future__ import annotations

import datetime as dt
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from workflows_core.db import Db
from workflows_core.errors import AwsCallError

from .model import SendItem, encode_send_message
from .ports import MessageQueue
from .queue import SQS_BATCH_LIMIT

_SELECT_WINDOW = """
SELECT s.invitation_id, s.sequence, i.campaign_id::text
FROM workflows.sends s
JOIN workflows.invitations i ON i.id = s.invitation_id
WHERE s.enqueued_at IS NULL
  AND (CAST(:campaign AS uuid) IS NULL OR i.campaign_id = CAST(:campaign AS uuid))
  AND (s.invitation_id, s.sequence) > (:after_id, :after_seq)
ORDER BY s.invitation_id, s.sequence
LIMIT :window
"""

_MARK = """
UPDATE workflows.sends s SET enqueued_at = :now
FROM unnest(CAST(:ids AS bigint[]), CAST(:seqs AS smallint[])) AS u(id, seq)
WHERE s.invitation_id = u.id AND s.sequence = u.seq AND s.enqueued_at IS NULL
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
    with ThreadPoolExecutor(max_workers=parallel, thread_name_prefix="enqueue") as pool:
        while True:
            rows = db.run(
                _SELECT_WINDOW,
                campaign=str(campaign_id) if campaign_id else None,
                after_id=after[0],
                after_seq=after[1],
                window=window,
            )
            if not rows:
                break
            after = (int(rows[-1][0]), int(rows[-1][1]))
            messages = _pack(rows, per_message)
            batches = [
                messages[i : i + SQS_BATCH_LIMIT] for i in range(0, len(messages), SQS_BATCH_LIMIT)
            ]
            outcomes = list(pool.map(lambda b: queue.send_batch([m[1] for m in b]), batches))
            ids: list[int] = []
            seqs: list[int] = []
            for batch, accepted in zip(batches, outcomes, strict=True):
                for (items, _body), ok in zip(batch, accepted, strict=True):
                    if ok:
                        ids.extend(i.invitation_id for i in items)
                        seqs.extend(i.sequence for i in items)
                        result.messages += 1
                    else:
                        result.not_accepted += len(items)
            if ids:
                db.run(_MARK, now=now, ids=ids, seqs=seqs)
            result.sends += len(ids)
            result.batches += len(batches)
            result.campaigns.update(str(r[2]) for r in rows)
    if result.not_accepted:
        raise AwsCallError("SQS SendMessageBatch", "EntriesNotAccepted", True)
    return result


def _pack(rows: list[list[object]], per_message: int) -> list[tuple[list[SendItem], str]]:
    """Group a window's sends into message bodies; one campaign per message."""
    by_campaign: dict[str, list[SendItem]] = {}
    for inv, seq, campaign in rows:
        by_campaign.setdefault(str(campaign), []).append(SendItem(int(str(inv)), int(str(seq))))
    messages: list[tuple[list[SendItem], str]] = []
    for campaign, items in by_campaign.items():
        cid = uuid.UUID(campaign)
        for start in range(0, len(items), per_message):
            chunk = items[start : start + per_message]
            messages.append((chunk, encode_send_message(cid, chunk)))
    return messages
