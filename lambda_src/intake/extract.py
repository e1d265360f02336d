"""Text extraction behind one interface.

* ``LocalExtractor`` — pypdf for PDFs with a text layer; images yield no text. Used in
  tests and on the embedded AWS, where Textract does not exist.
* ``TextractExtractor`` — Amazon Textract: ``DetectDocumentText`` for PNG/JPEG, the
  asynchronous ``StartDocumentTextDetection`` / ``GetDocumentTextDetection`` for PDFs and
  (multi-page) TIFFs, polled within a deadline.
* ``LayeredExtractor`` — the production default: the PDF's own text layer when it has one
  (free, exact), Textract for scans and images.

Validation (corrupt, encrypted, too many pages) happens before extraction, in
``process.inspect_pdf``; extractors raise ``ExtractionError`` for the rest.
"""

from __future__ import annotations

import io
import time
from dataclasses import dataclass
from typing import Any, Protocol

from botocore.exceptions import BotoCoreError, ClientError
from pypdf import PdfReader
from workflows_core.aws import error_code
from workflows_core.errors import AwsCallError, WorkflowError

from .model import FileKind

MAX_TEXT_CHARS = 2_000_000
_TEXTRACT_SYNC_BYTES = 5 * 1024 * 1024


class ExtractionError(WorkflowError):
    """Extraction did not finish (retryable: the record is redelivered)."""


@dataclass(frozen=True)
class Extraction:
    text: str
    engine: str


@dataclass(frozen=True)
class Source:
    kind: FileKind
    data: bytes
    bucket: str
    key: str


class Extractor(Protocol):
    def extract(self, source: Source) -> Extraction: ...


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data), strict=False)
    parts: list[str] = []
    size = 0
    for page in reader.pages:
        text = page.extract_text() or ""
        parts.append(text)
        size += len(text)
        if size >= MAX_TEXT_CHARS:
            break
    return "\n".join(parts).strip()[:MAX_TEXT_CHARS]


class LocalExtractor:
    def extract(self, source: Source) -> Extraction:
        if source.kind is FileKind.PDF:
            return Extraction(pdf_text(source.data), "pypdf")
        return Extraction("", "none")


class TextractExtractor:
    def __init__(self, client: Any, *, timeout: float = 120.0, poll: float = 2.0) -> None:
        self._client = client
        self._timeout = timeout
        self._poll = poll

    def extract(self, source: Source) -> Extraction:
        if (
            source.kind in {FileKind.PNG, FileKind.JPEG}
            and len(source.data) <= _TEXTRACT_SYNC_BYTES
        ):
            resp = self._call("DetectDocumentText", Document={"Bytes": source.data})
            return Extraction(_lines(resp.get("Blocks", [])), "textract")
        job = self._call(
            "StartDocumentTextDetection",
            DocumentLocation={"S3Object": {"Bucket": source.bucket, "Name": source.key}},
        )["JobId"]
        deadline = time.monotonic() + self._timeout
        lines: list[str] = []
        token: str | None = None
        while True:
            kwargs: dict[str, Any] = {"JobId": job, "MaxResults": 1000}
            if token:
                kwargs["NextToken"] = token
            resp = self._call("GetDocumentTextDetection", **kwargs)
            status = resp.get("JobStatus")
            if status == "IN_PROGRESS":
                if time.monotonic() > deadline:
                    raise ExtractionError("Textract job did not finish before the deadline")
                time.sleep(self._poll)
                continue
            if status not in {"SUCCEEDED", "PARTIAL_SUCCESS"}:
                raise ExtractionError(f"Textract job ended with status {status}")
            lines.append(_lines(resp.get("Blocks", [])))
            token = resp.get("NextToken")
            if not token:
                break
        return Extraction("\n".join(x for x in lines if x)[:MAX_TEXT_CHARS], "textract")

    def _call(self, operation: str, **kwargs: Any) -> dict[str, Any]:
        method = {
            "DetectDocumentText": self._client.detect_document_text,
            "StartDocumentTextDetection": self._client.start_document_text_detection,
            "GetDocumentTextDetection": self._client.get_document_text_detection,
        }[operation]
        try:
            resp: dict[str, Any] = method(**kwargs)
        except (ClientError, BotoCoreError) as exc:
            raise AwsCallError(f"Textract {operation}", error_code(exc), True) from None
        return resp


class LayeredExtractor:
    """PDF text layer first; Textract for scanned PDFs and for images."""

    def __init__(self, textract: Extractor) -> None:
        self._textract = textract

    def extract(self, source: Source) -> Extraction:
        if source.kind is FileKind.PDF:
            text = pdf_text(source.data)
            if text:
                return Extraction(text, "pypdf")
        return self._textract.extract(source)


def _lines(blocks: list[dict[str, Any]]) -> str:
    return "\n".join(
        str(b.get("Text", "")) for b in blocks if b.get("BlockType") == "LINE" and b.get("Text")
    )
