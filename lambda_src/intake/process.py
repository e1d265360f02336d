"""Process one uploaded object: claim → validate → extract → convert → store → notify.

The document row is the idempotency record (``awaiting_upload → processing → processed |
quarantined``). A claim is a conditional UPDATE; a redelivered S3 event finds the row
``processed``/``quarantined`` and does nothing (or only re-sends a notification that had
not gone out); a claim older than the lease (the function died) is taken over and the work
redone: every output has a fixed key, so redoing it overwrites instead of duplicating.

Rejected files are *moved* to ``quarantine/<document id>`` with the reason in the object's
metadata and in the row: ``too_large``, ``empty``, ``unsupported_type``, ``type_mismatch``,
``corrupt_pdf``, ``encrypted_pdf``, ``too_many_pages``, ``corrupt_image``,
``image_too_large``, ``unknown_upload``. Nothing is deleted without a copy.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import uuid
from dataclasses import dataclass
from typing import Any

from pypdf import PdfReader
from workflows_core.db import Db
from workflows_core.errors import ConflictError, InvalidInputError
from workflows_core.logs import log_info, log_warning

from .convert import CONTENT_TYPE, EXTENSION, ImageRejected, convert, open_image
from .extract import Extractor, Source
from .model import KIND_OF_MIME, FileKind, ObjectCreated, sniff
from .ports import Notifier, ObjectStore

QUARANTINE_PREFIX = "quarantine/"
DERIVED_PREFIX = "derived/"

_CLAIM = """
UPDATE workflows.documents d
SET status = 'processing', claimed_at = :now, attempts = d.attempts + 1
FROM workflows.patients p
WHERE d.object_key = :key AND p.id = d.patient_id
  AND (d.status = 'awaiting_upload' OR (d.status = 'processing' AND d.claimed_at < :stale))
RETURNING d.id::text, d.declared_type, p.doctor_id
"""

_STATE = """
SELECT d.id::text, d.status::text, d.notified_at IS NOT NULL, p.doctor_id
FROM workflows.documents d JOIN workflows.patients p ON p.id = d.patient_id
WHERE d.object_key = :key
"""

_PROCESSED = """
UPDATE workflows.documents SET
    status = 'processed', detected_type = :kind, size_bytes = :size, sha256 = :sha,
    page_count = :pages, extracted_text = :text, extraction_engine = :engine,
    derived_keys = CAST(:derived AS jsonb), processed_at = :now
WHERE id = CAST(:id AS uuid) AND status = 'processing' AND claimed_at = :claimed
"""

_QUARANTINED = """
UPDATE workflows.documents SET
    status = 'quarantined', quarantine_reason = :reason, quarantine_key = :qkey,
    size_bytes = coalesce(:size, size_bytes), processed_at = :now
WHERE id = CAST(:id AS uuid) AND status = 'processing'
"""

_NOTIFIED = """
UPDATE workflows.documents SET notified_at = :now
WHERE id = CAST(:id AS uuid) AND notified_at IS NULL
"""


@dataclass(frozen=True)
class IntakeSettings:
    bucket: str
    max_bytes: int = 20 * 1024 * 1024
    max_pages: int = 200
    max_pixels: int = 50_000_000
    formats: tuple[str, ...] = ("png", "jpeg")
    lease: dt.timedelta = dt.timedelta(minutes=15)


@dataclass(frozen=True)
class Intake:
    """The adapters and settings one invocation works with."""

    store: ObjectStore
    extractor: Extractor
    notifier: Notifier
    settings: IntakeSettings


class _Rejected(Exception):
    def __init__(self, reason: str, size: int | None) -> None:
        self.reason = reason
        self.size = size
        super().__init__(reason)


class _Gone(Exception):
    pass


@dataclass(frozen=True)
class _Examined:
    kind: FileKind
    data: bytes
    pages: int
    derived: dict[str, str]
    text: str
    engine: str


def process_object(db: Db, intake: Intake, obj: ObjectCreated, now: dt.datetime) -> str:
    """Return what happened (for logs and tests); raise to have the record redelivered."""
    if obj.bucket != intake.settings.bucket:
        raise InvalidInputError("S3 event", "s3.bucket.name", "must be the intake PHI bucket")
    with db.transaction():
        row = db.one(_CLAIM, key=obj.key, now=now, stale=now - intake.settings.lease)
    if row is None:
        return _not_claimed(db, intake, obj, now)
    doc_id, declared_type, doctor_id = str(row[0]), str(row[1]), row[2]
    try:
        found = _examine(intake, obj.key, doc_id, declared_type)
    except _Gone:
        return _object_gone(db, intake.store, doc_id, now)
    except _Rejected as rejected:
        return _quarantine(db, intake.store, doc_id, obj.key, rejected, now=now)
    with db.transaction():
        db.run(
            _PROCESSED,
            id=doc_id,
            kind=found.kind.value,
            size=len(found.data),
            sha=hashlib.sha256(found.data).digest(),
            pages=found.pages,
            text=found.text,
            engine=found.engine,
            derived=json.dumps(found.derived, sort_keys=True),
            now=now,
            claimed=now,
        )
    log_info(
        "intake.processed",
        document_id=doc_id,
        kind=found.kind.value,
        pages=found.pages,
        extracted_chars=len(found.text),
        engine=found.engine,
        formats=sorted(found.derived),
    )
    _notify(db, intake.notifier, doc_id, doctor_id, now)
    return "processed"


def _examine(intake: Intake, key: str, doc_id: str, declared_type: str) -> _Examined:
    settings = intake.settings
    head = intake.store.head(key)
    if head is None:
        raise _Gone
    if head.size <= 0:
        raise _Rejected("empty", head.size)
    if head.size > settings.max_bytes:
        raise _Rejected("too_large", head.size)
    data = intake.store.get(key)
    kind = sniff(data[:8])
    if kind is None:
        raise _Rejected("unsupported_type", len(data))
    if KIND_OF_MIME.get(declared_type) is not kind:
        raise _Rejected("type_mismatch", len(data))
    derived: dict[str, str] = {}
    if kind is FileKind.PDF:
        pages, reason = inspect_pdf(data, settings.max_pages)
        if reason:
            raise _Rejected(reason, len(data))
    else:
        pages = _convert_image(intake, data, doc_id, derived)
    try:
        extraction = intake.extractor.extract(Source(kind, data, settings.bucket, key))
    except Exception as exc:
        if kind is FileKind.PDF and _is_pdf_error(exc):
            raise _Rejected("corrupt_pdf", len(data)) from None
        raise
    return _Examined(kind, data, pages, derived, extraction.text, extraction.engine)


def _convert_image(intake: Intake, data: bytes, doc_id: str, derived: dict[str, str]) -> int:
    try:
        image, info = open_image(data, intake.settings.max_pixels)
        outputs = convert(image, intake.settings.formats)
    except ImageRejected as exc:
        raise _Rejected(exc.reason, len(data)) from None
    for name, body in outputs.items():
        key = f"{DERIVED_PREFIX}{doc_id}/page-1.{EXTENSION[name]}"
        intake.store.put(key, body, CONTENT_TYPE[name])
        derived[name] = key
    return info.frames


def inspect_pdf(data: bytes, max_pages: int) -> tuple[int, str | None]:
    """Page count, or the quarantine reason. Untrusted input: any parser failure rejects."""
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            return 0, "encrypted_pdf"
        pages = len(reader.pages)
    except Exception:  # parsers of untrusted files fail in many ways; all mean "corrupt"
        return 0, "corrupt_pdf"
    if pages == 0:
        return 0, "corrupt_pdf"
    if pages > max_pages:
        return pages, "too_many_pages"
    return pages, None


def _is_pdf_error(exc: Exception) -> bool:
    module = type(exc).__module__ or ""
    return module.startswith("pypdf") or isinstance(exc, (ValueError, KeyError, TypeError))


def _quarantine(
    db: Db, store: ObjectStore, doc_id: str, key: str, rejected: _Rejected, *, now: dt.datetime
) -> str:
    target = f"{QUARANTINE_PREFIX}{doc_id}"
    reason = rejected.reason
    store.move(key, target, {"quarantine-reason": reason, "document-id": doc_id})
    with db.transaction():
        db.run(_QUARANTINED, id=doc_id, reason=reason, qkey=target, size=rejected.size, now=now)
    log_warning("intake.quarantined", document_id=doc_id, reason=reason, size_bytes=rejected.size)
    return f"quarantined:{reason}"


def _object_gone(db: Db, store: ObjectStore, doc_id: str, now: dt.datetime) -> str:
    """The object left ``incoming/``: an earlier attempt moved it to quarantine and died
    before recording it (finish that), or it was deleted (record that)."""
    target = f"{QUARANTINE_PREFIX}{doc_id}"
    moved = store.head(target)
    reason = (moved.metadata.get("quarantine-reason") if moved else None) or "object_missing"
    with db.transaction():
        db.run(
            _QUARANTINED,
            id=doc_id,
            reason=reason if reason.replace("_", "").isalpha() else "object_missing",
            qkey=target if moved else None,
            size=moved.size if moved else None,
            now=now,
        )
    log_warning("intake.quarantined", document_id=doc_id, reason=reason)
    return f"quarantined:{reason}"


def _not_claimed(db: Db, intake: Intake, obj: ObjectCreated, now: dt.datetime) -> str:
    store = intake.store
    state = db.one(_STATE, key=obj.key)
    if state is None:
        # No upload was issued for this key: keep the object, but out of the pipeline.
        if store.head(obj.key) is None:
            return "unknown_gone"
        name = obj.document_id or uuid.uuid5(uuid.NAMESPACE_URL, obj.key)
        target = f"{QUARANTINE_PREFIX}unknown/{name}"
        store.move(obj.key, target, {"quarantine-reason": "unknown_upload"})
        log_warning("intake.quarantined", reason="unknown_upload", quarantine_key=target)
        return "quarantined:unknown_upload"
    doc_id, status, notified, doctor_id = str(state[0]), str(state[1]), bool(state[2]), state[3]
    if status == "processed" and not notified:
        _notify(db, intake.notifier, doc_id, doctor_id, now)
        return "notified"
    if status == "processing":
        raise ConflictError(f"document {doc_id} is being processed by another delivery")
    return f"duplicate:{status}"


def _notify(db: Db, notifier: Notifier, doc_id: str, doctor_id: Any, now: dt.datetime) -> None:
    if doctor_id is None:
        log_info("intake.no_doctor", document_id=doc_id)
        return
    notifier.document_ready(doc_id, int(doctor_id))
    db.run(_NOTIFIED, id=doc_id, now=now)
    log_info("intake.doctor_notified", document_id=doc_id, doctor_id=int(doctor_id))
