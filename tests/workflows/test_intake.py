"""Document intake: pre-signed uploads, then S3 → SQS → the intake function, on a real
PostgreSQL server and moto's S3/SQS/SNS (and Textract, behind its interface)."""

from __future__ import annotations

import base64
import io
import json
import uuid
from typing import Any

import pytest
from intake.extract import Source, TextractExtractor
from intake.model import FileKind
from intake_process.handler import handler as process
from intake_upload.handler import handler as upload
from moto.textract.models import TextractBackend
from PIL import Image
from workflows_core.errors import ConfigurationError

pytestmark = pytest.mark.postgres

SUBJECT = "portal-user-7c1e"


@pytest.fixture
def patient(wf: Any) -> dict[str, Any]:
    """A patient with a portal login and a doctor; S3 notifies the intake queue."""
    subject = f"{SUBJECT}-{uuid.uuid4().hex[:6]}"
    rows = wf.db.query(
        "WITH d AS (INSERT INTO workflows.doctors (display_name) VALUES ('Dr. Patient Secret')"
        " RETURNING id)"
        " INSERT INTO workflows.patients (given_name, family_name, email, doctor_id,"
        " portal_subject) SELECT 'Jane', 'Roe', 'jane.roe@mail.example', d.id, :s FROM d"
        " RETURNING id, doctor_id",
        s=subject,
    )
    queue_arn = wf.client("sqs").get_queue_attributes(
        QueueUrl=wf.queues["intake"], AttributeNames=["QueueArn"]
    )["Attributes"]["QueueArn"]
    wf.client("s3").put_bucket_notification_configuration(
        Bucket=wf.buckets["phi"],
        NotificationConfiguration={
            "QueueConfigurations": [
                {
                    "QueueArn": queue_arn,
                    "Events": ["s3:ObjectCreated:*"],
                    "Filter": {"Key": {"FilterRules": [{"Name": "prefix", "Value": "incoming/"}]}},
                }
            ]
        },
    )
    wf.monkeypatch.setenv("EXTRACTOR", "local")
    wf.monkeypatch.setenv("CONVERT_FORMATS", "png,jpeg,webp")
    # Configuring the notification makes S3 send an s3:TestEvent; the function acks it.
    assert wf.drain("intake", process, "intake") == []
    return {"subject": subject, "id": rows[0][0], "doctor_id": rows[0][1]}


def _request(subject: str | None, body: Any) -> dict[str, Any]:
    claims = {"sub": subject, "token_use": "access"} if subject else {}
    return {
        "version": "2.0",
        "routeKey": "POST /uploads",
        "requestContext": {
            "http": {"method": "POST"},
            "authorizer": {"jwt": {"claims": claims}},
        },
        "body": body if isinstance(body, str) else json.dumps(body),
        "isBase64Encoded": False,
    }


def _upload(wf: Any, patient: dict[str, Any], data: bytes, content_type: str) -> str:
    """Ask for a URL, then put the bytes where the POST policy says (as the browser would)."""
    response = wf.call(
        upload,
        _request(
            patient["subject"],
            {"content_type": content_type, "size_bytes": len(data), "filename": "Jane Roe.pdf"},
        ),
        "intake",
    )
    assert response["statusCode"] == 201, response
    issued = json.loads(response["body"])
    fields = issued["upload"]["fields"]
    wf.client("s3").put_object(
        Bucket=wf.buckets["phi"],
        Key=fields["key"],
        Body=data,
        ContentType=fields["Content-Type"],
        ServerSideEncryption="aws:kms",
        SSEKMSKeyId=fields["x-amz-server-side-encryption-aws-kms-key-id"],
    )
    return str(issued["document_id"])


def _document(wf: Any, document_id: str) -> dict[str, Any]:
    rows = wf.db.query(
        "SELECT status::text, detected_type, page_count, extracted_text, extraction_engine,"
        " derived_keys::text, quarantine_reason, quarantine_key, notified_at IS NOT NULL,"
        " size_bytes FROM workflows.documents WHERE id = CAST(:id AS uuid)",
        id=document_id,
    )
    keys = (
        "status",
        "type",
        "pages",
        "text",
        "engine",
        "derived",
        "reason",
        "quarantine_key",
        "notified",
        "size",
    )
    doc = dict(zip(keys, rows[0], strict=True))
    doc["derived"] = json.loads(doc["derived"])
    return doc


def _doctor_messages(wf: Any) -> list[dict[str, Any]]:
    got = wf.client("sqs").receive_message(
        QueueUrl=wf.doctor_queue_url, MaxNumberOfMessages=10, MessageAttributeNames=["All"]
    )
    return [json.loads(m["Body"]) for m in got.get("Messages", [])]


def test_an_upload_url_pins_key_type_size_and_encryption(wf: Any, patient: dict[str, Any]) -> None:
    response = wf.call(
        upload,
        _request(patient["subject"], {"content_type": "application/pdf", "size_bytes": 1234}),
        "intake",
    )
    assert response["statusCode"] == 201
    issued = json.loads(response["body"])
    fields = issued["upload"]["fields"]
    assert fields["key"] == f"incoming/{issued['document_id']}"
    policy = json.loads(base64.b64decode(fields["policy"]))
    conditions = policy["conditions"]
    assert ["content-length-range", 1, 1234] in conditions
    assert {"Content-Type": "application/pdf"} in conditions
    assert {"x-amz-server-side-encryption": "aws:kms"} in conditions
    assert {"x-amz-server-side-encryption-aws-kms-key-id": wf.kms_key_arn} in conditions
    assert fields["x-amz-algorithm"] == "AWS4-HMAC-SHA256"
    row = wf.db.query(
        "SELECT status::text, patient_id FROM workflows.documents WHERE id = CAST(:i AS uuid)",
        i=issued["document_id"],
    )
    assert row == [["awaiting_upload", patient["id"]]]


def test_a_text_pdf_is_stored_with_its_text_and_the_doctor_is_told_without_phi(
    wf: Any, patient: dict[str, Any], make_pdf: Any
) -> None:
    pdf = make_pdf(["Lab result: HbA1c 6.1 percent", "Follow-up in 3 months"], pages=2)
    doc_id = _upload(wf, patient, pdf, "application/pdf")
    assert wf.drain("intake", process, "intake") == []

    doc = _document(wf, doc_id)
    assert doc["status"] == "processed" and doc["type"] == "pdf" and doc["pages"] == 2
    assert "HbA1c 6.1 percent" in doc["text"] and "Follow-up in 3 months" in doc["text"]
    assert doc["engine"] == "pypdf" and doc["notified"] and doc["size"] == len(pdf)
    messages = _doctor_messages(wf)
    assert messages == [
        {"type": "document.processed", "document_id": doc_id, "doctor_id": patient["doctor_id"]}
    ]
    assert "Jane" not in json.dumps(messages) and "HbA1c" not in json.dumps(messages)


def test_an_image_yields_each_configured_format_without_metadata(
    wf: Any, patient: dict[str, Any]
) -> None:
    image = Image.new("RGB", (80, 40), (10, 120, 200))
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° on display
    exif[0x010F] = "PhoneMaker"
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif.tobytes())
    doc_id = _upload(wf, patient, buffer.getvalue(), "image/jpeg")
    assert wf.drain("intake", process, "intake") == []

    doc = _document(wf, doc_id)
    assert doc["status"] == "processed" and doc["type"] == "jpeg"
    assert set(doc["derived"]) == {"png", "jpeg", "webp"}
    s3 = wf.client("s3")
    for fmt, key in doc["derived"].items():
        obj = s3.get_object(Bucket=wf.buckets["phi"], Key=key)
        assert obj["ServerSideEncryption"] == "aws:kms"
        converted = Image.open(io.BytesIO(obj["Body"].read()))
        assert converted.format == {"png": "PNG", "jpeg": "JPEG", "webp": "WEBP"}[fmt]
        assert converted.size == (40, 80), "EXIF orientation applied"
        assert not converted.getexif(), "metadata stripped"
    assert doc["notified"]


@pytest.mark.parametrize(
    ("content", "content_type", "reason"),
    [
        (b"%PDF-1.4\n1 0 obj garbage that is not a pdf at all\n", "application/pdf", "corrupt_pdf"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png", "corrupt_image"),
        (b"MZ\x90\x00 an executable", "application/pdf", "unsupported_type"),
    ],
    ids=["corrupt-pdf", "corrupt-png", "executable"],
)
def test_bad_files_are_quarantined_with_a_reason(
    wf: Any, patient: dict[str, Any], content: bytes, content_type: str, reason: str
) -> None:
    doc_id = _upload(wf, patient, content, content_type)
    assert wf.drain("intake", process, "intake") == []
    doc = _document(wf, doc_id)
    assert (doc["status"], doc["reason"]) == ("quarantined", reason)
    assert doc["quarantine_key"] == f"quarantine/{doc_id}"
    s3 = wf.client("s3")
    moved = s3.head_object(Bucket=wf.buckets["phi"], Key=doc["quarantine_key"])
    assert moved["Metadata"]["quarantine-reason"] == reason
    assert moved["ServerSideEncryption"] == "aws:kms"
    listed = s3.list_objects_v2(Bucket=wf.buckets["phi"], Prefix=f"incoming/{doc_id}")
    assert listed["KeyCount"] == 0, "nothing stays in the pipeline, nothing is deleted"
    assert not doc["notified"] and _doctor_messages(wf) == []


def test_an_oversized_file_is_quarantined_without_being_read(
    wf: Any, patient: dict[str, Any], make_pdf: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    pdf = make_pdf(["big"]) + b"%" * 4096
    doc_id = _upload(wf, patient, pdf, "application/pdf")
    monkeypatch.setenv("MAX_UPLOAD_BYTES", "2048")
    assert wf.drain("intake", process, "intake") == []
    doc = _document(wf, doc_id)
    assert (doc["status"], doc["reason"], doc["size"]) == ("quarantined", "too_large", len(pdf))


def test_a_file_that_is_not_what_was_declared_is_quarantined(
    wf: Any, patient: dict[str, Any], make_image: Any
) -> None:
    doc_id = _upload(wf, patient, make_image("PNG"), "application/pdf")
    assert wf.drain("intake", process, "intake") == []
    assert _document(wf, doc_id)["reason"] == "type_mismatch"


def test_a_tiff_is_accepted_and_converted(
    wf: Any, patient: dict[str, Any], make_image: Any
) -> None:
    doc_id = _upload(wf, patient, make_image("TIFF"), "image/tiff")
    assert wf.drain("intake", process, "intake") == []
    doc = _document(wf, doc_id)
    assert doc["status"] == "processed" and doc["type"] == "tiff"
    assert set(doc["derived"]) == {"png", "jpeg", "webp"}


def test_a_decompression_bomb_is_quarantined(
    wf: Any, patient: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    buffer = io.BytesIO()
    Image.new("1", (3000, 1000)).save(buffer, format="PNG")  # 3 MP in a few KB
    doc_id = _upload(wf, patient, buffer.getvalue(), "image/png")
    monkeypatch.setenv("MAX_IMAGE_PIXELS", "1000000")
    assert wf.drain("intake", process, "intake") == []
    assert _document(wf, doc_id)["reason"] == "image_too_large"


def test_duplicate_s3_events_process_once_and_notify_once(
    wf: Any, patient: dict[str, Any], make_pdf: Any
) -> None:
    doc_id = _upload(wf, patient, make_pdf(["once"]), "application/pdf")
    messages = wf.receive("intake")
    assert len(messages) == 1
    event = wf.records(messages + messages)
    assert wf.call(process, event, "intake") == {"batchItemFailures": []}
    assert wf.call(process, event, "intake") == {"batchItemFailures": []}
    assert len(_doctor_messages(wf)) == 1
    assert _document(wf, doc_id)["status"] == "processed"


def test_a_failed_notification_is_retried_without_reprocessing(
    wf: Any, patient: dict[str, Any], make_pdf: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc_id = _upload(wf, patient, make_pdf(["retry me"]), "application/pdf")
    monkeypatch.setenv("DOCTOR_TOPIC_ARN", wf.doctor_topic_arn.replace("doctor", "missing"))
    messages = wf.receive("intake")
    first = wf.call(process, wf.records(messages), "intake")
    assert first == {"batchItemFailures": [{"itemIdentifier": messages[0]["MessageId"]}]}
    assert _document(wf, doc_id)["status"] == "processed"
    assert not _document(wf, doc_id)["notified"]
    monkeypatch.setenv("DOCTOR_TOPIC_ARN", wf.doctor_topic_arn)
    assert wf.call(process, wf.records(messages), "intake") == {"batchItemFailures": []}
    assert _document(wf, doc_id)["notified"] and len(_doctor_messages(wf)) == 1


def test_an_object_nobody_issued_a_url_for_is_quarantined(wf: Any, patient: dict[str, Any]) -> None:
    key = f"incoming/{uuid.uuid4()}"
    wf.client("s3").put_object(Bucket=wf.buckets["phi"], Key=key, Body=b"%PDF-1.4 stray")
    assert wf.drain("intake", process, "intake") == []
    listed = wf.client("s3").list_objects_v2(Bucket=wf.buckets["phi"], Prefix="quarantine/unknown/")
    assert [o["Key"] for o in listed.get("Contents", [])] == [
        key.replace("incoming/", "quarantine/unknown/")
    ]


# -- bad input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"content_type": "application/zip", "size_bytes": 10}, "content_type"),
        ({"content_type": "image/png", "size_bytes": 0}, "size_bytes"),
        ({"content_type": "image/png", "size_bytes": 10**9}, "size_bytes"),
        ({"content_type": "image/png", "size_bytes": "10"}, "size_bytes"),
        ({"content_type": "image/png", "size_bytes": 10, "filename": "../x"}, "filename"),
        ("not json", "body"),
        ("[1]", "body"),
    ],
)
def test_a_bad_upload_request_is_400_naming_the_field(
    wf: Any, patient: dict[str, Any], body: Any, field: str
) -> None:
    response = wf.call(upload, _request(patient["subject"], body), "intake")
    assert response["statusCode"] == 400
    assert f"'{field}'" in json.loads(response["body"])["message"]


def test_an_unknown_or_missing_subject_is_refused(wf: Any, patient: dict[str, Any]) -> None:
    body = {"content_type": "image/png", "size_bytes": 10}
    assert wf.call(upload, _request("someone-else", body), "intake")["statusCode"] == 403
    assert wf.call(upload, _request(None, body), "intake")["statusCode"] == 400


@pytest.mark.parametrize(
    "body",
    [
        "not json",
        json.dumps({"Records": []}),
        json.dumps({"Records": [{"eventSource": "aws:sqs"}]}),
        json.dumps({"Records": [{"eventSource": "aws:s3", "eventName": "ObjectRemoved:Delete"}]}),
        json.dumps(
            {
                "Records": [
                    {
                        "eventSource": "aws:s3",
                        "eventName": "ObjectCreated:Put",
                        "s3": {
                            "bucket": {"name": "someone-elses"},
                            "object": {"key": "incoming/x"},
                        },
                    }
                ]
            }
        ),
        json.dumps({"detail-type": "Object Deleted", "source": "aws.s3", "detail": {}}),
        json.dumps({"detail-type": "Object Created", "source": "aws.s3", "detail": {}}),
    ],
    ids=[
        "not-json",
        "no-records",
        "not-s3",
        "not-created",
        "foreign-bucket",
        "eventbridge-deleted",
        "eventbridge-no-bucket",
    ],
)
def test_malformed_intake_messages_go_back_for_the_dead_letter_queue(
    wf: Any, patient: dict[str, Any], body: str, capsys: pytest.CaptureFixture[str]
) -> None:
    event = {"Records": [{"messageId": "m-1", "body": body}]}
    assert wf.call(process, event, "intake") == {"batchItemFailures": [{"itemIdentifier": "m-1"}]}
    assert "intake.record_failed" in capsys.readouterr().out


def test_eventbridge_object_created_events_are_processed(
    wf: Any, patient: dict[str, Any], make_pdf: Any
) -> None:
    """What modules/intake wires: S3 → EventBridge rule → SQS (the s3-bucket default)."""
    doc_id = _upload(wf, patient, make_pdf(["via EventBridge"]), "application/pdf")
    wf.client("sqs").purge_queue(QueueUrl=wf.queues["intake"])
    body = json.dumps(
        {
            "version": "0",
            "detail-type": "Object Created",
            "source": "aws.s3",
            "detail": {
                "bucket": {"name": wf.buckets["phi"]},
                "object": {"key": f"incoming/{doc_id}", "size": 10},
                "reason": "PostObject",
            },
        }
    )
    event = {"Records": [{"messageId": "m-1", "body": body}]}
    assert wf.call(process, event, "intake") == {"batchItemFailures": []}
    assert "via EventBridge" in _document(wf, doc_id)["text"]


def test_the_s3_test_event_is_acknowledged(wf: Any, patient: dict[str, Any]) -> None:
    body = json.dumps({"Service": "Amazon S3", "Event": "s3:TestEvent", "Bucket": "phi-documents"})
    event = {"Records": [{"messageId": "m-1", "body": body}]}
    assert wf.call(process, event, "intake") == {"batchItemFailures": []}


def test_an_unsupported_extractor_setting_names_the_variable(
    wf: Any, patient: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EXTRACTOR", "tesseract")
    with pytest.raises(ConfigurationError, match="EXTRACTOR"):
        wf.call(process, {"Records": [{"messageId": "m", "body": "{}"}]}, "intake")
    monkeypatch.setenv("EXTRACTOR", "local")
    monkeypatch.setenv("CONVERT_FORMATS", "png,bmp")
    with pytest.raises(ConfigurationError, match="CONVERT_FORMATS"):
        wf.call(process, {"Records": [{"messageId": "m", "body": "{}"}]}, "intake")


# -- Textract, behind the interface ------------------------------------------------------


def test_textract_extracts_images_synchronously_and_pdfs_as_a_job(
    wf: Any, monkeypatch: pytest.MonkeyPatch, make_pdf: Any, make_image: Any
) -> None:
    blocks = [
        {"BlockType": "PAGE", "Id": "p"},
        {"BlockType": "LINE", "Id": "l1", "Text": "Vaccination card"},
        {"BlockType": "LINE", "Id": "l2", "Text": "Dose 2 given"},
    ]
    monkeypatch.setattr(TextractBackend, "BLOCKS", blocks, raising=False)
    s3 = wf.client("s3")
    s3.put_object(Bucket=wf.buckets["phi"], Key="incoming/scan", Body=make_pdf(["x"]))
    extractor = TextractExtractor(wf.client("textract"), timeout=5, poll=0.01)

    image = extractor.extract(Source(FileKind.PNG, make_image("PNG"), wf.buckets["phi"], "k"))
    assert image.text == "Vaccination card\nDose 2 given" and image.engine == "textract"
    pdf = extractor.extract(
        Source(FileKind.PDF, make_pdf(["x"]), wf.buckets["phi"], "incoming/scan")
    )
    assert "Dose 2 given" in pdf.text
