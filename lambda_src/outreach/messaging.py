"""SNS (SMS) and SES (templated e-mail) adapters, with per-recipient outcomes.

Clients are built with SDK retries off (see ``workflows_core.aws``): a read timeout could
mean the message went out, so it is reported ``in_doubt`` and never retried; errors AWS
answered with are "not sent" and retried (``retry``) unless they are about the recipient
itself (``failed``). Neither exception messages nor recipients are logged: AWS error
messages can quote the phone number or address.
"""

from __future__ import annotations

import json
import string
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError
from workflows_core.aws import Outcome, classify, error_code
from workflows_core.errors import ConfigurationError

from .ports import Delivery, EmailRequest, SmsRequest

SES_BULK_LIMIT = 50
# Recipient-specific rejections: retrying the same recipient cannot succeed.
_SMS_PERMANENT = frozenset({"InvalidParameter", "InvalidParameterValue"})
_SES_PERMANENT_STATUS = frozenset({"MessageRejected", "InvalidParameterValue"})
_LOCAL_RETRIES = 2


def _throttled(exc: BaseException) -> bool:
    return isinstance(exc, ClientError) and "thrott" in error_code(exc).lower()


class SnsSms:
    def __init__(self, client: Any, *, parallel: int = 8, sender_id: str | None = None) -> None:
        self._client = client
        self._parallel = parallel
        self._sender_id = sender_id
        self.calls = 0

    def send(self, requests: Sequence[SmsRequest]) -> dict[tuple[int, int], Delivery]:
        if not requests:
            return {}
        with ThreadPoolExecutor(max_workers=self._parallel, thread_name_prefix="sms") as pool:
            results = list(pool.map(self._one, requests))
        return {r.key: d for r, d in zip(requests, results, strict=True)}

    def _one(self, request: SmsRequest) -> Delivery:
        attributes: dict[str, Any] = {
            "AWS.SNS.SMS.SMSType": {"DataType": "String", "StringValue": "Transactional"}
        }
        if self._sender_id:
            attributes["AWS.SNS.SMS.SenderID"] = {
                "DataType": "String",
                "StringValue": self._sender_id,
            }
        for attempt in range(_LOCAL_RETRIES + 1):
            try:
                resp = self._publish(
                    PhoneNumber=request.phone, Message=request.text, MessageAttributes=attributes
                )
            except (ClientError, BotoCoreError) as exc:
                outcome = classify(exc)
                code = error_code(exc)
                if outcome is Outcome.AMBIGUOUS:
                    return Delivery("in_doubt", reason=f"sns:{code}")
                if code in _SMS_PERMANENT:
                    return Delivery("failed", reason=f"sns:{code}")
                if _throttled(exc) and attempt < _LOCAL_RETRIES:
                    time.sleep(0.1 * 2**attempt)
                    continue
                return Delivery("retry", reason=f"sns:{code}")
            return Delivery("sent", provider_message_id=str(resp.get("MessageId", "")))
        return Delivery("retry", reason="sns:Throttling")  # pragma: no cover - loop returns

    def _publish(self, **kwargs: Any) -> dict[str, Any]:
        self.calls += 1
        resp: dict[str, Any] = self._client.publish(**kwargs)
        return resp


class SesTemplatedEmail:
    """``SendBulkTemplatedEmail``: up to 50 recipients (each with its own link) per call."""

    def __init__(self, client: Any, source: str, configuration_set: str) -> None:
        self._client = client
        self._source = source
        self._configuration_set = configuration_set
        self.calls = 0

    def send(self, requests: Sequence[EmailRequest]) -> dict[tuple[int, int], Delivery]:
        out: dict[tuple[int, int], Delivery] = {}
        by_template: dict[str, list[EmailRequest]] = {}
        for request in requests:
            by_template.setdefault(request.template, []).append(request)
        for template, group in by_template.items():
            for start in range(0, len(group), SES_BULK_LIMIT):
                out.update(self._bulk(template, group[start : start + SES_BULK_LIMIT]))
        return out

    def _bulk(
        self, template: str, group: Sequence[EmailRequest]
    ) -> dict[tuple[int, int], Delivery]:
        destinations = [
            {
                "Destination": {"ToAddresses": [r.address]},
                "ReplacementTemplateData": json.dumps(r.data, separators=(",", ":")),
            }
            for r in group
        ]
        for attempt in range(_LOCAL_RETRIES + 1):
            try:
                self.calls += 1
                resp = self._client.send_bulk_templated_email(
                    Source=self._source,
                    ConfigurationSetName=self._configuration_set,
                    Template=template,
                    DefaultTemplateData=json.dumps({"campaign": "", "link": ""}),
                    Destinations=destinations,
                )
            except (ClientError, BotoCoreError) as exc:
                outcome = classify(exc)
                code = error_code(exc)
                if outcome is Outcome.AMBIGUOUS:
                    return {r.key: Delivery("in_doubt", reason=f"ses:{code}") for r in group}
                if _throttled(exc) and attempt < _LOCAL_RETRIES:
                    time.sleep(0.1 * 2**attempt)
                    continue
                # A whole-call rejection is about our configuration (identity, template,
                # configuration set), not the recipients: keep them queued for a retry.
                return {r.key: Delivery("retry", reason=f"ses:{code}") for r in group}
            statuses = resp.get("Status", [])
            out: dict[tuple[int, int], Delivery] = {}
            for index, request in enumerate(group):
                entry = statuses[index] if index < len(statuses) else {}
                # SES always reports Status; an entry with a MessageId and no Status (moto
                # 5.2.5 omits it) was accepted all the same.
                default = "Success" if entry.get("MessageId") else "Failed"
                status = str(entry.get("Status") or default)
                if status == "Success":
                    out[request.key] = Delivery("sent", str(entry.get("MessageId", "")))
                elif status in _SES_PERMANENT_STATUS:
                    out[request.key] = Delivery("failed", reason=f"ses:{status}")
                else:
                    out[request.key] = Delivery("retry", reason=f"ses:{status}")
            return out
        return {
            r.key: Delivery("retry", reason="ses:Throttling") for r in group
        }  # pragma: no cover


class SmsTemplate:
    """An SMS text with ``$campaign`` and ``$link`` placeholders (nothing else is allowed)."""

    ALLOWED = frozenset({"campaign", "link"})

    def __init__(self, name: str, text: str) -> None:
        template = string.Template(text)
        identifiers = set(template.get_identifiers())
        if not template.is_valid() or not identifiers <= self.ALLOWED or "link" not in identifiers:
            raise ConfigurationError(
                name, "must be text using only $campaign and $link placeholders, and $link"
            )
        if len(text) > 600:
            raise ConfigurationError(name, "must be at most 600 characters")
        self._template = template

    def render(self, campaign: str, link: str) -> str:
        return self._template.substitute(campaign=campaign, link=link)
