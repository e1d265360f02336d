"""The de-duplication store on DynamoDB and the publisher on SNS.

Why DynamoDB and not SNS FIFO de-duplication: GuardDuty re-publishes an active finding at
every finding-frequency interval (15 minutes here) for as long as it recurs, and Security
Hub re-sends findings on every update; SNS FIFO only de-duplicates within five minutes and
FIFO topics cannot deliver to email, SMS or HTTPS endpoints. A DynamoDB item per finding
(an opaque SHA-256 key, a severity rank and an expiry used by TTL) with a conditional put
de-duplicates for as long as the record lives, atomically across concurrent invocations,
and re-alerts when a finding escalates (HIGH -> CRITICAL).
"""

from __future__ import annotations

import json
import os
from typing import Any

import boto3
from botocore.config import Config as BotoConfig
from botocore.exceptions import BotoCoreError, ClientError

from .errors import DedupStoreError
from .model import Alert

_CLIENT_CONFIG = BotoConfig(retries={"max_attempts": 3, "mode": "standard"}, connect_timeout=5)
_MACHINE_PROTOCOLS = ("sqs", "lambda", "http", "https", "firehose", "application")


def make_client(service: str) -> Any:
    return boto3.client(service, region_name=os.environ.get("AWS_REGION"), config=_CLIENT_CONFIG)


class DynamoDbDedupStore:
    """Items: ``pk`` (opaque key), ``severity_rank``, ``expires_at`` (TTL), ``claim_id``."""

    def __init__(self, client: Any, table_name: str) -> None:
        self._client = client
        self._table = table_name

    def claim(self, key: str, rank: int, now: int, expires_at: int, claim_id: str) -> bool:
        try:
            self._client.put_item(
                TableName=self._table,
                Item={
                    "pk": {"S": key},
                    "severity_rank": {"N": str(rank)},
                    "claimed_at": {"N": str(now)},
                    "expires_at": {"N": str(expires_at)},
                    "claim_id": {"S": claim_id},
                },
                # TTL deletes lazily (up to days late): an expired item counts as absent.
                ConditionExpression=(
                    "attribute_not_exists(pk) OR expires_at < :now OR severity_rank < :rank"
                ),
                ExpressionAttributeValues={":now": {"N": str(now)}, ":rank": {"N": str(rank)}},
            )
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException":
                return False
            raise DedupStoreError(f"DynamoDB PutItem failed: {_code(exc)}") from None
        except BotoCoreError as exc:
            raise DedupStoreError(f"DynamoDB PutItem failed: {type(exc).__name__}") from None
        return True

    def release(self, key: str, claim_id: str) -> None:
        try:
            self._client.delete_item(
                TableName=self._table,
                Key={"pk": {"S": key}},
                ConditionExpression="claim_id = :claim",
                ExpressionAttributeValues={":claim": {"S": claim_id}},
            )
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException":
                return  # another invocation re-claimed it since; its claim stands
            raise DedupStoreError(f"DynamoDB DeleteItem failed: {_code(exc)}") from None
        except BotoCoreError as exc:
            raise DedupStoreError(f"DynamoDB DeleteItem failed: {type(exc).__name__}") from None


class SnsPublisher:
    """One message per alert: readable text for email/SMS/chat, the alert JSON for machines."""

    def __init__(self, client: Any, topic_arn: str) -> None:
        self._client = client
        self._topic = topic_arn

    def publish(self, alert: Alert) -> str:
        text = alert.text()
        machine = alert.json()
        message = {"default": text, "email": text, "sms": alert.subject}
        message.update({protocol: machine for protocol in _MACHINE_PROTOCOLS})
        response = self._client.publish(
            TopicArn=self._topic,
            Subject=alert.subject,
            Message=json.dumps(message),
            MessageStructure="json",
            MessageAttributes={
                "severity": {"DataType": "String", "StringValue": alert.severity.name},
                "source": {"DataType": "String", "StringValue": alert.source},
            },
        )
        return str(response["MessageId"])


def _code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", "unknown"))
