"""Redeem a link: ``GET /r/{token}`` shows a confirmation page, ``POST /r/{token}`` uses it.

Why two steps: mail security scanners and SMS link previews fetch every link they see. If a
GET consumed the token, the scanner would "respond" for the patient and the patient's own
click would get 410. A GET therefore changes nothing; the page's button POSTs, and only the
POST marks the token used, exactly once (a conditional UPDATE; concurrent POSTs race on the
row and one wins), records the respondent, and redirects (303) to the booking page.

Responses: 404 unknown or malformed token (a forgery), 410 used, expired or campaign closed,
405 other methods. The booking URL is the campaign's; nothing about the patient is added.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from workflows_core.db import Db
from workflows_core.logs import log_info

from .model import RedeemRequest
from .tokens import token_hash, well_formed

_LOOKUP = """
SELECT i.id, i.redeemed_at IS NOT NULL, i.expires_at <= :now, c.status, c.name, c.booking_url
FROM workflows.invitations i JOIN workflows.campaigns c ON c.id = i.campaign_id
WHERE i.token_hash = :hash
"""

_REDEEM = """
UPDATE workflows.invitations i SET redeemed_at = :now
FROM workflows.campaigns c
WHERE i.token_hash = :hash AND i.redeemed_at IS NULL AND i.expires_at > :now
  AND c.id = i.campaign_id AND c.status = 'active'
RETURNING i.id, i.campaign_id, i.patient_id, i.channel::text, c.booking_url
"""

_RESPONDENT = """
INSERT INTO workflows.respondents (campaign_id, patient_id, invitation_id, channel, responded_at)
VALUES (CAST(:campaign AS uuid), :patient, :invitation, CAST(:channel AS workflows.channel), :now)
ON CONFLICT (campaign_id, patient_id) DO NOTHING
"""


@dataclass(frozen=True)
class HttpResponse:
    status: int
    body: str = ""
    headers: dict[str, str] = field(default_factory=dict)

    def as_api_gateway(self) -> dict[str, object]:
        headers = {**_BASE_HEADERS, **self.headers}
        if self.body:
            headers.setdefault("Content-Type", "text/html; charset=utf-8")
        return {"statusCode": self.status, "headers": headers, "body": self.body}


_BASE_HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",  # the token must not leak to the booking site
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
}


def _page(title: str, text: str, extra: str = "") -> str:
    return (
        "<!doctype html><html lang=en><meta charset=utf-8>"
        '<meta name=viewport content="width=device-width,initial-scale=1">'
        '<meta name=robots content="noindex,nofollow">'
        f"<title>{html.escape(title)}</title>"
        "<body style='font-family:sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem'>"
        f"<h1>{html.escape(title)}</h1><p>{html.escape(text)}</p>{extra}</body></html>"
    )


def _csp(booking_url: str | None = None) -> str:
    form_action = "'self'"
    if booking_url:
        parts = urlsplit(booking_url)
        form_action += f" {parts.scheme}://{parts.netloc}"
    return f"default-src 'none'; style-src 'unsafe-inline'; form-action {form_action}"


NOT_FOUND = HttpResponse(
    404,
    _page("Link not recognised", "Please check the link in your message."),
    {"Content-Security-Policy": _csp()},
)
GONE = HttpResponse(
    410,
    _page(
        "This link can no longer be used",
        "It has already been used or has expired. Please contact your clinic to book.",
    ),
    {"Content-Security-Policy": _csp()},
)


ALLOWED_METHODS = frozenset({"GET", "HEAD", "POST"})
METHOD_NOT_ALLOWED = HttpResponse(405, headers={"Allow": "GET, HEAD, POST"})
UNAVAILABLE = HttpResponse(
    503,
    _page("Please try again", "The service is busy. Your link has not been used."),
    {"Content-Security-Policy": _csp(), "Retry-After": "30"},
)


def redeem(db: Db, request: RedeemRequest, now: dt.datetime) -> HttpResponse:
    if request.method not in ALLOWED_METHODS:
        return METHOD_NOT_ALLOWED
    if not well_formed(request.token):
        log_info("redeem.rejected", outcome="malformed")
        return NOT_FOUND
    assert request.token is not None
    digest = token_hash(request.token)
    if request.method in {"GET", "HEAD"}:
        return _confirm_page(db, digest, now)
    with db.transaction():
        row = db.one(_REDEEM, hash=digest, now=now)
        if row is not None:
            invitation, campaign, patient, channel, booking_url = row
            db.run(
                _RESPONDENT,
                campaign=str(campaign),
                patient=patient,
                invitation=invitation,
                channel=channel,
                now=now,
            )
    if row is None:
        return _refusal(db, digest, now)
    log_info("redeem.used", invitation_id=invitation, campaign_id=str(campaign), channel=channel)
    return HttpResponse(303, headers={"Location": str(booking_url)})


def _confirm_page(db: Db, digest: bytes, now: dt.datetime) -> HttpResponse:
    row = db.one(_LOOKUP, hash=digest, now=now)
    if row is None:
        log_info("redeem.rejected", outcome="unknown")
        return NOT_FOUND
    invitation, used, expired, status, name, booking_url = row
    if used or expired or status != "active":
        log_info("redeem.rejected", outcome=_why(used, expired), invitation_id=invitation)
        return GONE
    form = (
        "<form method=post><button type=submit style='font-size:1.2rem;padding:.6rem 1.2rem'>"
        "Continue to booking</button></form>"
    )
    return HttpResponse(
        200,
        _page(str(name), "Press the button to continue to the booking page.", form),
        {"Content-Security-Policy": _csp(str(booking_url))},
    )


def _refusal(db: Db, digest: bytes, now: dt.datetime) -> HttpResponse:
    row = db.one(_LOOKUP, hash=digest, now=now)
    if row is None:
        log_info("redeem.rejected", outcome="unknown")
        return NOT_FOUND
    invitation, used, expired, _status, _name, _url = row
    log_info("redeem.rejected", outcome=_why(used, expired), invitation_id=invitation)
    return GONE


def _why(used: bool, expired: bool) -> str:
    return "used" if used else "expired" if expired else "campaign_closed"
