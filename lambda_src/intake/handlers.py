"""Lambda entry points of the intake functions.

Environment (set by ``modules/intake``): ``DB_SECRET_ARN``, ``PG_CA_BUNDLE``, ``PHI_BUCKET``,
``PHI_KMS_KEY_ARN``, ``DOCTOR_TOPIC_ARN``, ``EXTRACTOR`` (``textract`` | ``local``),
``CONVERT_FORMATS`` (e.g. ``png,jpeg``), ``MAX_UPLOAD_BYTES``, ``MAX_PDF_PAGES``,
``MAX_IMAGE_PIXELS``, ``UPLOAD_URL_TTL_SECONDS``, ``CLAIM_LEASE_SECONDS``, and optional
service endpoints (``S3_ENDPOINT``, ``SNS_ENDPOINT``, ``TEXTRACT_ENDPOINT``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from workflows_core import aws, clock, config, runtime
from workflows_core.errors import InvalidInputError, NotFoundError, WorkflowError
from workflows_core.http import error_response, json_body, json_response, jwt_claims
from workflows_core.logs import bound, configure_logging, log_error, log_info
from workflows_core.sqs_batch import process_batch

from .aws_adapters import S3Objects, SnsDoctorNotifier
from .convert import FORMATS
from .extract import Extractor, LayeredExtractor, LocalExtractor, TextractExtractor
from .model import parse_s3_notification, parse_upload_request
from .process import Intake, IntakeSettings, process_object
from .upload import UploadSettings, issue_upload

MAX_UPLOAD_LIMIT = 100 * 1024 * 1024


def _max_bytes(env: Mapping[str, str]) -> int:
    return config.integer(env, "MAX_UPLOAD_BYTES", 20 * 1024 * 1024, 1024, MAX_UPLOAD_LIMIT)


def upload_handler(event: Any, context: Any) -> dict[str, Any]:
    configure_logging()
    with bound(function="intake_upload", request_id=getattr(context, "aws_request_id", None)):
        try:
            if not isinstance(event, Mapping):
                raise InvalidInputError("request", "<event>", "must be a JSON object")
            env = config.environ()
            request = parse_upload_request(jwt_claims(event), json_body(event), _max_bytes(env))
            settings = UploadSettings(
                bucket=config.required(env, "PHI_BUCKET"),
                kms_key_arn=config.arn(env, "PHI_KMS_KEY_ARN", "kms"),
                ttl=dt.timedelta(
                    seconds=config.integer(env, "UPLOAD_URL_TTL_SECONDS", 900, 60, 3600)
                ),
            )
            # Pre-signed URLs must use SigV4 and the regional endpoint.
            s3 = aws.client("s3", config.endpoint_url(env, "S3_ENDPOINT"), signature_version="s3v4")
            with runtime.database(env).session() as db:
                body = issue_upload(db, s3, request, clock.utcnow(), settings)
        except InvalidInputError as exc:
            log_error("upload.invalid_input", error=str(exc))
            return error_response(400, "invalid_input", str(exc))
        except NotFoundError as exc:
            log_error("upload.forbidden", error=str(exc))
            return error_response(403, "forbidden", "the caller is not a patient")
        except WorkflowError as exc:
            log_error("upload.failed", error_type=type(exc).__name__, error=str(exc))
            return error_response(503, "unavailable", "try again later")
        log_info("upload.issued", document_id=body["document_id"], kind=request.kind.value)
        return json_response(201, body)


def _extractor(env: Mapping[str, str]) -> Extractor:
    kind = config.choice(env, "EXTRACTOR", "textract", ("textract", "local"))
    if kind == "local":
        return LocalExtractor()
    textract = TextractExtractor(
        aws.client("textract", config.endpoint_url(env, "TEXTRACT_ENDPOINT"), read_timeout=30),
        timeout=float(config.integer(env, "TEXTRACT_TIMEOUT_SECONDS", 120, 5, 840)),
    )
    return LayeredExtractor(textract)


def process_handler(event: Any, context: Any) -> dict[str, Any]:
    configure_logging()
    with bound(function="intake_process", request_id=getattr(context, "aws_request_id", None)):
        try:
            env = config.environ()
            settings = IntakeSettings(
                bucket=config.required(env, "PHI_BUCKET"),
                max_bytes=_max_bytes(env),
                max_pages=config.integer(env, "MAX_PDF_PAGES", 200, 1, 3000),
                max_pixels=config.integer(
                    env, "MAX_IMAGE_PIXELS", 50_000_000, 1_000_000, 500_000_000
                ),
                formats=config.csv_choices(env, "CONVERT_FORMATS", ("png", "jpeg"), FORMATS),
                lease=dt.timedelta(
                    seconds=config.integer(env, "CLAIM_LEASE_SECONDS", 900, 60, 43_200)
                ),
            )
            store = S3Objects(
                aws.client("s3", config.endpoint_url(env, "S3_ENDPOINT")),
                settings.bucket,
                config.arn(env, "PHI_KMS_KEY_ARN", "kms"),
            )
            notifier = SnsDoctorNotifier(
                aws.client("sns", config.endpoint_url(env, "SNS_ENDPOINT")),
                config.arn(env, "DOCTOR_TOPIC_ARN", "sns"),
            )
            intake = Intake(store, _extractor(env), notifier, settings)
            database = runtime.database(env)
        except WorkflowError as exc:
            log_error("intake.misconfigured", error_type=type(exc).__name__, error=str(exc))
            raise

        def handle(record: Mapping[str, Any]) -> bool:
            for obj in parse_s3_notification(record.get("body")):
                with database.session() as db:
                    outcome = process_object(db, intake, obj, clock.utcnow())
                log_info("intake.object_done", outcome=outcome, document_id=str(obj.document_id))
            return True

        return process_batch(event, handle, stage="intake")
