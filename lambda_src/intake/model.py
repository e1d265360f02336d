"""File kinds, content sniffing, and the inputs of the intake functions (no I/O)."""

from __future__ import annotations

import enum
import json
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote_plus

from workflows_core.errors import InvalidInputError

INCOMING_PREFIX = "incoming/"
_INCOMING_KEY = re.compile(
    r"^incoming/([0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})$"
)
_FILENAME_FORBIDDEN = re.compile(r"[\x00-\x1f\x7f/\\]")


class FileKind(enum.StrEnum):
    PDF = "pdf"
    PNG = "png"
    JPEG = "jpeg"
    TIFF = "tiff"

    @property
    def mime(self) -> str:
        return _MIME_OF[self]

    @property
    def is_image(self) -> bool:
        return self is not FileKind.PDF


_MIME_OF = {
    FileKind.PDF: "application/pdf",
    FileKind.PNG: "image/png",
    FileKind.JPEG: "image/jpeg",
    FileKind.TIFF: "image/tiff",
}
KIND_OF_MIME = {mime: kind for kind, mime in _MIME_OF.items()}


def sniff(head: bytes) -> FileKind | None:
    """The kind by magic bytes, never by name or declared type."""
    if head.startswith(b"%PDF-"):
        return FileKind.PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return FileKind.PNG
    if head.startswith(b"\xff\xd8\xff"):
        return FileKind.JPEG
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return FileKind.TIFF
    return None


# -- upload request ----------------------------------------------------------------------


@dataclass(frozen=True)
class UploadRequest:
    subject: str
    kind: FileKind
    size_bytes: int
    filename: str | None


def parse_upload_request(
    claims: Mapping[str, Any], body: Mapping[str, Any], max_bytes: int
) -> UploadRequest:
    subject = claims.get("sub")
    if not isinstance(subject, str) or not 1 <= len(subject) <= 128:
        raise InvalidInputError("token", "sub", "must be the caller's subject (1-128 characters)")
    content_type = body.get("content_type")
    if not isinstance(content_type, str) or content_type not in KIND_OF_MIME:
        allowed = ", ".join(sorted(KIND_OF_MIME))
        raise InvalidInputError("request body", "content_type", f"must be one of {allowed}")
    size = body.get("size_bytes")
    if not isinstance(size, int) or isinstance(size, bool) or not 1 <= size <= max_bytes:
        raise InvalidInputError(
            "request body", "size_bytes", f"must be an integer from 1 to {max_bytes}"
        )
    filename = body.get("filename")
    if filename is not None and (
        not isinstance(filename, str)
        or not 1 <= len(filename) <= 255
        or _FILENAME_FORBIDDEN.search(filename)
    ):
        raise InvalidInputError(
            "request body",
            "filename",
            "must be 1-255 characters without path separators or control characters",
        )
    return UploadRequest(subject, KIND_OF_MIME[content_type], size, filename)


# -- S3 events through SQS ---------------------------------------------------------------


@dataclass(frozen=True)
class ObjectCreated:
    bucket: str
    key: str
    size: int | None

    @property
    def document_id(self) -> uuid.UUID | None:
        match = _INCOMING_KEY.match(self.key)
        return uuid.UUID(match.group(1)) if match else None


def parse_s3_notification(body: Any) -> list[ObjectCreated]:
    """The object-created event an SQS record carries, in either shape S3 sends:

    * an EventBridge event (``"source": "aws.s3"``, ``"detail-type": "Object Created"``),
      what ``modules/s3-bucket`` turns on by default and ``modules/intake`` routes here;
    * an S3 event notification (``"Records": [...]``; keys URL-encoded), for buckets that
      notify SQS directly. ``s3:TestEvent`` yields no objects.
    """
    source = "SQS message body"
    if not isinstance(body, str):
        raise InvalidInputError(source, "<body>", "must be a JSON string")
    try:
        data = json.loads(body)
    except json.JSONDecodeError:
        raise InvalidInputError(source, "<body>", "must be valid JSON") from None
    if not isinstance(data, Mapping):
        raise InvalidInputError(source, "<body>", "must be a JSON object")
    if data.get("Event") == "s3:TestEvent":
        return []
    if "detail-type" in data:
        return [_eventbridge_object(source, data)]
    records = data.get("Records")
    if not isinstance(records, list) or not records:
        raise InvalidInputError(source, "Records", "must be a non-empty list of S3 event records")
    out: list[ObjectCreated] = []
    for index, record in enumerate(records):
        where = f"Records[{index}]"
        if not isinstance(record, Mapping) or record.get("eventSource") != "aws:s3":
            raise InvalidInputError(source, f"{where}.eventSource", "must be 'aws:s3'")
        name = record.get("eventName")
        if not isinstance(name, str) or not name.startswith("ObjectCreated:"):
            raise InvalidInputError(source, f"{where}.eventName", "must be ObjectCreated:*")
        s3 = record.get("s3")
        bucket = s3.get("bucket", {}).get("name") if isinstance(s3, Mapping) else None
        obj = s3.get("object") if isinstance(s3, Mapping) else None
        key = obj.get("key") if isinstance(obj, Mapping) else None
        if not isinstance(bucket, str) or not bucket:
            raise InvalidInputError(source, f"{where}.s3.bucket.name", "is required")
        if not isinstance(key, str) or not key:
            raise InvalidInputError(source, f"{where}.s3.object.key", "is required")
        size = obj.get("size") if isinstance(obj, Mapping) else None
        out.append(
            ObjectCreated(
                bucket=bucket,
                key=unquote_plus(key),
                size=size if isinstance(size, int) and not isinstance(size, bool) else None,
            )
        )
    return out


def _eventbridge_object(source: str, data: Mapping[str, Any]) -> ObjectCreated:
    if data.get("source") != "aws.s3" or data.get("detail-type") != "Object Created":
        raise InvalidInputError(
            source, "detail-type", "must be an 'Object Created' event from 'aws.s3'"
        )
    detail = data.get("detail")
    bucket = detail.get("bucket", {}).get("name") if isinstance(detail, Mapping) else None
    obj = detail.get("object") if isinstance(detail, Mapping) else None
    key = obj.get("key") if isinstance(obj, Mapping) else None
    if not isinstance(bucket, str) or not bucket:
        raise InvalidInputError(source, "detail.bucket.name", "is required")
    if not isinstance(key, str) or not key:
        raise InvalidInputError(source, "detail.object.key", "is required")
    size = obj.get("size") if isinstance(obj, Mapping) else None
    return ObjectCreated(
        bucket=bucket,
        key=key,
        size=size if isinstance(size, int) and not isinstance(size, bool) else None,
    )
