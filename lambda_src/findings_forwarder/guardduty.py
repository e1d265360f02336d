"""GuardDuty findings delivered by EventBridge (detail-type "GuardDuty Finding")."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .errors import MalformedEventError
from .fields import lookup, require_mapping, require_match, require_number
from .model import Alert, Candidate, Resource, Severity
from .sanitize import (
    ACCESS_KEY_ID,
    ACCOUNT_ID,
    GUARDDUTY_FINDING_ID,
    GUARDDUTY_RESOURCE_TYPE,
    GUARDDUTY_TYPE,
    PARTITIONS,
    REGION,
    TIMESTAMP,
    WITHHELD,
    guardduty_console_url,
    matches,
    opaque_key,
    partition_for_region,
    resource_id,
)

SOURCE = "GuardDuty"
DETAIL = "detail"


def _first_arn(details: Any, key: str) -> str:
    if isinstance(details, list) and details and isinstance(details[0], Mapping):
        return resource_id(details[0].get(key))
    return WITHHELD


# resourceType -> how to find an identifier that is safe to show. Never tags, object keys,
# process details or user names: only ids and ARNs, sanitised by ``resource_id``.
_RESOURCE_IDS: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "Instance": lambda r: resource_id(lookup(r, "instanceDetails.instanceId")),
    "AccessKey": lambda r: (
        key
        if matches(ACCESS_KEY_ID, key := lookup(r, "accessKeyDetails.accessKeyId"))
        else WITHHELD
    ),
    "S3Bucket": lambda r: _first_arn(r.get("s3BucketDetails"), "arn"),
    "S3Object": lambda r: _first_arn(r.get("s3BucketDetails"), "arn"),
    "EKSCluster": lambda r: resource_id(lookup(r, "eksClusterDetails.arn")),
    "ECSCluster": lambda r: resource_id(lookup(r, "ecsClusterDetails.arn")),
    "Lambda": lambda r: resource_id(lookup(r, "lambdaDetails.functionArn")),
    "RDSDBInstance": lambda r: resource_id(lookup(r, "rdsDbInstanceDetails.dbInstanceArn")),
}


def parse(event: Mapping[str, Any]) -> list[Candidate]:
    detail = require_mapping(event, DETAIL, "")
    finding_id = require_match(
        detail, "id", DETAIL, GUARDDUTY_FINDING_ID, "must be a GuardDuty finding id (32 hex)"
    )
    finding_type = require_match(
        detail, "type", DETAIL, GUARDDUTY_TYPE, "must be a GuardDuty finding type"
    )
    score = require_number(detail, "severity", DETAIL, 0, 10)
    account = require_match(
        detail, "accountId", DETAIL, ACCOUNT_ID, "must be a 12-digit account id"
    )
    region = require_match(detail, "region", DETAIL, REGION, "must be an AWS region name")
    updated_at = require_match(
        detail, "updatedAt", DETAIL, TIMESTAMP, "must be an ISO 8601 timestamp"
    )
    partition = lookup(detail, "partition")
    if partition is None:
        partition = partition_for_region(region)
    elif partition not in PARTITIONS:
        raise MalformedEventError("detail.partition", f"must be one of {list(PARTITIONS)}")
    resource = require_mapping(detail, "resource", DETAIL)
    resource_type = require_match(
        resource,
        "resourceType",
        "detail.resource",
        GUARDDUTY_RESOURCE_TYPE,
        "must be a GuardDuty resource type",
    )
    id_of = _RESOURCE_IDS.get(resource_type)
    shown_id = id_of(resource) if id_of else WITHHELD

    alert = Alert(
        source=SOURCE,
        title=finding_type,
        severity=Severity.from_guardduty(score),
        resource=Resource(resource_type, shown_id),
        account=account,
        region=region,
        finding_id=finding_id,
        updated_at=updated_at,
        console_url=guardduty_console_url(partition, region, finding_id),
        dedup_key=dedup_key(account, region, finding_id),
        sample=lookup(detail, "service.additionalInfo.sample") is True,
    )
    skip = "archived in GuardDuty" if lookup(detail, "service.archived") is True else None
    return [Candidate(alert, skip)]


def dedup_key(account: str, region: str, finding_id: str) -> str:
    """Shared with Security Hub's copy of the same GuardDuty finding (one alert for both)."""
    return opaque_key("guardduty", account, region, finding_id)
