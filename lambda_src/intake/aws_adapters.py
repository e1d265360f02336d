"""S3 and SNS adapters of the intake ports. Objects are written SSE-KMS with our key."""

from __future__ import annotations

import json
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError
from workflows_core.aws import error_code
from workflows_core.errors import AwsCallError

from .ports import ObjectHead

_MISSING = frozenset({"404", "NoSuchKey", "NotFound"})


class S3Objects:
    def __init__(self, client: Any, bucket: str, kms_key_arn: str) -> None:
        self._client = client
        self.bucket = bucket
        self._kms = kms_key_arn

    def head(self, key: str) -> ObjectHead | None:
        try:
            resp = self._client.head_object(Bucket=self.bucket, Key=key)
        except ClientError as exc:
            if error_code(exc) in _MISSING:
                return None
            raise AwsCallError("S3 HeadObject", error_code(exc), True) from None
        except BotoCoreError as exc:
            raise AwsCallError("S3 HeadObject", error_code(exc), True) from None
        return ObjectHead(int(resp["ContentLength"]), dict(resp.get("Metadata") or {}))

    def get(self, key: str) -> bytes:
        try:
            body: bytes = self._client.get_object(Bucket=self.bucket, Key=key)["Body"].read()
        except (ClientError, BotoCoreError) as exc:
            raise AwsCallError("S3 GetObject", error_code(exc), True) from None
        return body

    def put(self, key: str, body: bytes, content_type: str) -> None:
        try:
            self._client.put_object(
                Bucket=self.bucket,
                Key=key,
                Body=body,
                ContentType=content_type,
                ServerSideEncryption="aws:kms",
                SSEKMSKeyId=self._kms,
            )
        except (ClientError, BotoCoreError) as exc:
            raise AwsCallError("S3 PutObject", error_code(exc), True) from None

    def move(self, source: str, target: str, metadata: dict[str, str]) -> None:
        try:
            self._client.copy_object(
                Bucket=self.bucket,
                Key=target,
                CopySource={"Bucket": self.bucket, "Key": source},
                MetadataDirective="REPLACE",
                Metadata=metadata,
                ServerSideEncryption="aws:kms",
                SSEKMSKeyId=self._kms,
            )
            self._client.delete_object(Bucket=self.bucket, Key=source)
        except (ClientError, BotoCoreError) as exc:
            raise AwsCallError("S3 CopyObject/DeleteObject", error_code(exc), True) from None


class SnsDoctorNotifier:
    """One message per processed document: ids only, so it is not PHI.

    ``doctor_id`` is also a message attribute, so each doctor's endpoint (an app backend
    queue, an e-mail digest) can subscribe with a filter policy.
    """

    def __init__(self, client: Any, topic_arn: str) -> None:
        self._client = client
        self._topic = topic_arn

    def document_ready(self, document_id: str, doctor_id: int) -> None:
        message = {"type": "document.processed", "document_id": document_id, "doctor_id": doctor_id}
        try:
            self._client.publish(
                TopicArn=self._topic,
                Message=json.dumps(message, separators=(",", ":")),
                MessageAttributes={
                    "doctor_id": {"DataType": "Number", "StringValue": str(doctor_id)},
                    "type": {"DataType": "String", "StringValue": "document.processed"},
                },
            )
        except (ClientError, BotoCoreError) as exc:
            raise AwsCallError("SNS Publish", error_code(exc), True) from None
