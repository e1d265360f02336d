"""Issue a pre-signed POST for one upload into ``incoming/<document id>`` of the PHI bucket.

The caller is a patient signed in to the portal: the JWT authorizer has verified the token,
and its ``sub`` must belong to a patient. The POST policy pins everything the patient could
otherwise choose: the key, the content type they declared, a size range ending at the size
they declared, and SSE-KMS with the bucket's key. The object key is random and carries no
PHI; the original file name is stored only in the database.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from workflows_core.db import Db
from workflows_core.errors import NotFoundError

from .model import INCOMING_PREFIX, UploadRequest

_PATIENT = "SELECT id FROM workflows.patients WHERE portal_subject = :sub"
_INSERT = """
INSERT INTO workflows.documents
    (id, patient_id, object_key, declared_type, declared_size, original_filename, created_at,
     url_expires_at)
VALUES (CAST(:id AS uuid), :patient, :key, :type, :size, :filename, :now, :expires)
"""


@dataclass(frozen=True)
class UploadSettings:
    bucket: str
    kms_key_arn: str
    ttl: dt.timedelta = dt.timedelta(minutes=15)


def issue_upload(
    db: Db, s3: Any, request: UploadRequest, now: dt.datetime, settings: UploadSettings
) -> dict[str, Any]:
    row = db.one(_PATIENT, sub=request.subject)
    if row is None:
        raise NotFoundError("the signed-in user is not linked to a patient")
    document_id = uuid.uuid4()
    key = f"{INCOMING_PREFIX}{document_id}"
    expires = now + settings.ttl
    with db.transaction():
        db.run(
            _INSERT,
            id=str(document_id),
            patient=row[0],
            key=key,
            type=request.kind.mime,
            size=request.size_bytes,
            filename=request.filename,
            now=now,
            expires=expires,
        )
    fields = {
        "Content-Type": request.kind.mime,
        "x-amz-server-side-encryption": "aws:kms",
        "x-amz-server-side-encryption-aws-kms-key-id": settings.kms_key_arn,
    }
    post = s3.generate_presigned_post(
        Bucket=settings.bucket,
        Key=key,
        Fields=fields,
        Conditions=[
            {"Content-Type": request.kind.mime},
            {"x-amz-server-side-encryption": "aws:kms"},
            {"x-amz-server-side-encryption-aws-kms-key-id": settings.kms_key_arn},
            ["content-length-range", 1, request.size_bytes],
        ],
        ExpiresIn=int(settings.ttl.total_seconds()),
    )
    return {
        "document_id": str(document_id),
        "upload": {"url": post["url"], "fields": post["fields"]},
        "expires_at": expires.isoformat(),
    }
