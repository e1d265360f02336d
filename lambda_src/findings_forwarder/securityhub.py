"""Security Hub findings in the ASFF, delivered by EventBridge
(detail-type "Security Hub Findings - Imported"); one event may carry several findings."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from . import guardduty
from .errors import MalformedEventError
from .fields import (
    lookup,
    optional_choice,
    require_list,
    require_mapping,
    require_match,
)
from .model import Alert, Candidate, Resource, Severity
from .sanitize import (
    ACCOUNT_ID,
    ASFF_CATEGORY,
    ASFF_NAMESPACES,
    ASFF_RESOURCE_TYPE,
    PRODUCT_ARN,
    REGION,
    SAFE_FINDING_ID,
    SECURITY_CONTROL_ID,
    TIMESTAMP,
    VULNERABILITY_ID,
    matches,
    opaque_key,
    resource_id,
    securityhub_console_url,
)

MAX_FINDINGS = 100  # BatchImportFindings accepts at most 100 findings per call
MAX_RESOURCES = 32
SEVERITY_LABELS = frozenset(s.name for s in Severity)
WORKFLOW_STATUSES = frozenset({"NEW", "NOTIFIED", "RESOLVED", "SUPPRESSED"})
RECORD_STATES = frozenset({"ACTIVE", "ARCHIVED"})
COMPLIANCE_STATUSES = frozenset({"PASSED", "WARNING", "FAILED", "NOT_AVAILABLE"})

# Products of company "aws" by the last segment of their ProductArn.
AWS_PRODUCTS = {
    "securityhub": "Security Hub",
    "guardduty": "GuardDuty",
    "inspector": "Inspector",
    "access-analyzer": "IAM Access Analyzer",
    "config": "Config",
    "macie": "Macie",
    "firewall-manager": "Firewall Manager",
    "health": "Health",
    "ssm-patch-manager": "Systems Manager Patch Manager",
    "detective": "Detective",
}
_GUARDDUTY_FINDING_ARN = re.compile(
    r"^arn:aws[a-z-]*:guardduty:(?P<region>[a-z0-9-]+):(?P<account>\d{12}):"
    r"detector/[0-9a-f]{32}/finding/(?P<id>[0-9a-f]{32})$"
)


def parse(event: Mapping[str, Any]) -> list[Candidate]:
    findings = require_list(event, "detail.findings", "", max_items=MAX_FINDINGS)
    event_region = lookup(event, "region")
    return [
        _parse_finding(finding, f"detail.findings.{index}", event_region)
        for index, finding in enumerate(findings)
    ]


def _parse_finding(raw: Any, where: str, event_region: Any) -> Candidate:
    finding = require_mapping(raw, "", where)
    finding_id = lookup(finding, "Id")
    if not isinstance(finding_id, str) or not 1 <= len(finding_id) <= 512:
        raise MalformedEventError(f"{where}.Id", "must be a string of 1-512 characters")
    product_arn = require_match(
        finding, "ProductArn", where, PRODUCT_ARN, "must be a Security Hub product ARN"
    )
    account = require_match(
        finding, "AwsAccountId", where, ACCOUNT_ID, "must be a 12-digit account id"
    )
    updated_at = require_match(
        finding, "UpdatedAt", where, TIMESTAMP, "must be an ISO 8601 timestamp"
    )
    severity = _severity(finding, where)
    region = _region(finding, where, event_region)
    resource = _resource(finding, where)
    product_match = PRODUCT_ARN.fullmatch(product_arn)
    assert product_match is not None  # checked by require_match
    partition, company, product = product_match[1], product_match[3], product_match[4]
    source = _source(company, product)

    safe_id = finding_id if SAFE_FINDING_ID.fullmatch(finding_id) else None
    alert = Alert(
        source=source,
        title=_title(finding, where),
        severity=severity,
        resource=resource,
        account=account,
        region=region,
        finding_id=safe_id or f"sha256:{opaque_key(finding_id)[:16]}",
        updated_at=updated_at,
        console_url=securityhub_console_url(partition, region, safe_id),
        dedup_key=_dedup_key(finding_id, company, product),
    )
    return Candidate(alert, _skip_reason(finding, where))


def _severity(finding: Mapping[str, Any], where: str) -> Severity:
    label = optional_choice(finding, "Severity.Label", where, SEVERITY_LABELS)
    if label is not None:
        return Severity.from_label(label)
    normalized = lookup(finding, "Severity.Normalized")
    if isinstance(normalized, int) and not isinstance(normalized, bool) and 0 <= normalized <= 100:
        return Severity.from_normalized(normalized)
    raise MalformedEventError(
        f"{where}.Severity",
        f"must have a Label (one of {sorted(SEVERITY_LABELS)}) or a Normalized score 0-100",
    )


def _region(finding: Mapping[str, Any], where: str, event_region: Any) -> str:
    for candidate in (
        lookup(finding, "Region"),
        lookup(finding, "Resources.0.Region"),
        event_region,
    ):
        if candidate is not None:
            if not matches(REGION, candidate):
                raise MalformedEventError(f"{where}.Region", "must be an AWS region name")
            return str(candidate)
    raise MalformedEventError(f"{where}.Region", "is required (or Resources[0].Region)")


def _resource(finding: Mapping[str, Any], where: str) -> Resource:
    resources = require_list(finding, "Resources", where, max_items=MAX_RESOURCES)
    first = require_mapping(resources[0], "", f"{where}.Resources.0")
    resource_type = require_match(
        first, "Type", f"{where}.Resources.0", ASFF_RESOURCE_TYPE, "must be an ASFF resource type"
    )
    if not isinstance(first.get("Id"), str):
        raise MalformedEventError(f"{where}.Resources.0.Id", "must be a string")
    return Resource(resource_type, resource_id(first["Id"]), others=len(resources) - 1)


def _source(company: str, product: str) -> str:
    if company == "aws":
        return AWS_PRODUCTS.get(product, f"AWS {product}")
    return f"{company}/{product}"


def _title(finding: Mapping[str, Any], where: str) -> str:
    """Built from controlled vocabularies only; the finding's own Title is free text."""
    control = lookup(finding, "Compliance.SecurityControlId")
    if control is None:
        control = lookup(finding, "ProductFields.ControlId")
    if matches(SECURITY_CONTROL_ID, control):
        status = optional_choice(finding, "Compliance.Status", where, COMPLIANCE_STATUSES)
        return f"control {control} {status or 'finding'}"
    vulnerability = lookup(finding, "Vulnerabilities.0.Id")
    if matches(VULNERABILITY_ID, vulnerability):
        return f"vulnerability {vulnerability}"
    types = lookup(finding, "Types")
    if isinstance(types, list) and types and isinstance(types[0], str):
        parts = types[0].split("/")
        if parts[0] in ASFF_NAMESPACES:
            category = parts[1] if len(parts) > 1 and ASFF_CATEGORY.fullmatch(parts[1]) else None
            return parts[0] + (f"/{category}" if category else "")
    return "finding"


def _skip_reason(finding: Mapping[str, Any], where: str) -> str | None:
    record_state = optional_choice(finding, "RecordState", where, RECORD_STATES)
    workflow = optional_choice(finding, "Workflow.Status", where, WORKFLOW_STATUSES)
    if record_state == "ARCHIVED":
        return "archived"
    if workflow in {"RESOLVED", "SUPPRESSED"}:
        return f"workflow status {workflow}"
    compliance = optional_choice(finding, "Compliance.Status", where, COMPLIANCE_STATUSES)
    if compliance == "PASSED":
        return "control passed"
    return None


def _dedup_key(finding_id: str, company: str, product: str) -> str:
    if company == "aws" and product == "guardduty":
        match = _GUARDDUTY_FINDING_ARN.fullmatch(finding_id)
        if match is not None:
            return guardduty.dedup_key(match["account"], match["region"], match["id"])
    return opaque_key("securityhub", finding_id)
