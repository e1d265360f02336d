"""SQS adapter: ``SendMessageBatch`` with up to 10 bodies per call, failed entries retried."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError
from workflows_core.aws import error_code
from workflows_core.errors import AwsCallError, InvalidInputError
from workflows_core.logs import log_warning

SQS_BATCH_LIMIT = 10
_ATTEMPTS = 3


class SqsQueue:
    def __init__(self, client: Any, queue_url: str) -> None:
        self._client = client
        self._url = queue_url
        self.calls = 0

    def send_batch(self, bodies: Sequence[str]) -> list[bool]:
        if not 1 <= len(bodies) <= SQS_BATCH_LIMIT:
            raise InvalidInputError("queue", "bodies", f"must hold 1-{SQS_BATCH_LIMIT} messages")
        pending = {str(i): body for i, body in enumerate(bodies)}
        accepted = [False] * len(bodies)
        for attempt in range(_ATTEMPTS):
            entries = [{"Id": k, "MessageBody": v} for k, v in pending.items()]
            try:
                self.calls += 1
                resp = self._client.send_message_batch(QueueUrl=self._url, Entries=entries)
            except (ClientError, BotoCoreError) as exc:
                # Enqueueing twice is harmless (the sender is idempotent), so retry freely.
                if attempt + 1 == _ATTEMPTS:
                    raise AwsCallError("SQS SendMessageBatch", error_code(exc), True) from None
                time.sleep(0.2 * 2**attempt)
                continue
            for ok in resp.get("Successful", []):
                accepted[int(ok["Id"])] = True
                pending.pop(ok["Id"], None)
            failed = resp.get("Failed", [])
            if not pending:
                break
            codes = sorted({str(f.get("Code")) for f in failed})
            log_warning("enqueue.entries_failed", count=len(pending), codes=codes)
            if any(f.get("SenderFault") for f in failed):
                break  # our request is wrong; retrying the same entries cannot help
            time.sleep(0.2 * 2**attempt)
        return accepted
