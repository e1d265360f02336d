"""Allow-listed shapes for everything that leaves the forwarder.

An alert is assembled only from values that match a strict pattern here. Free text from a
finding (titles, descriptions, tags, S3 object keys, process command lines, user agents) is
never copied: anything that does not match is replaced by ``WITHHELD``. Identifiers are cut
down to what identifies the resource: an S3 ARN to its bucket (object keys can name
patients), other ARNs to their resource type and name (deeper path segments such as log
streams or image digests are dropped).
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import quote

WITHHELD = "(withheld)"

ACCOUNT_ID = re.compile(r"^\d{12}$")
REGION = re.compile(r"^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$")
PARTITIONS = ("aws", "aws-us-gov", "aws-cn", "aws-iso", "aws-iso-b")
TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$")

# GuardDuty finding ids are 32 lowercase hex characters (sample findings too).
GUARDDUTY_FINDING_ID = re.compile(r"^[0-9a-f]{32}$")
# ThreatPurpose:ResourceTypeAffected/ThreatFamilyName.DetectionMechanism!Artifact
GUARDDUTY_TYPE = re.compile(r"^[A-Za-z0-9]+:[A-Za-z0-9]+/[A-Za-z0-9._!-]{1,120}$")
GUARDDUTY_RESOURCE_TYPE = re.compile(r"^[A-Za-z0-9]{1,64}$")

ASFF_RESOURCE_TYPE = re.compile(r"^[A-Za-z0-9]{1,64}$")
SECURITY_CONTROL_ID = re.compile(r"^[A-Za-z0-9]{1,32}\.\d{1,4}$")
VULNERABILITY_ID = re.compile(
    r"^(CVE-\d{4}-\d{4,7}|GHSA(-[23456789cfghjmpqrvwx]{4}){3}|ALAS\d?-\d{4}-\d{1,6})$"
)
PRODUCT_ARN = re.compile(
    r"^arn:(aws[a-z-]*):securityhub:[a-z0-9-]+:(\d{12})?:"
    r"product/([A-Za-z0-9._-]{1,64})/([A-Za-z0-9._-]{1,64})$"
)
# The ASFF type taxonomy: namespace/category/classifier. Only namespace and category are used;
# both come from fixed AWS vocabularies, the classifier can be product-specific text.
ASFF_NAMESPACES = frozenset(
    {
        "Software and Configuration Checks",
        "TTPs",
        "Effects",
        "Unusual Behaviors",
        "Sensitive Data Identifications",
    }
)
ASFF_CATEGORY = re.compile(r"^[A-Za-z0-9 &.-]{1,64}$")
SAFE_FINDING_ID = re.compile(r"^[A-Za-z0-9:/._-]{1,512}$")

_ARN = re.compile(
    r"^arn:(?P<partition>aws[a-z-]*):(?P<service>[a-z0-9-]{1,64}):(?P<region>[a-z0-9-]*):"
    r"(?P<account>\d{12}|aws)?:(?P<resource>.+)$"
)
_RESOURCE_HEAD = re.compile(r"^[^/:]+(:[^:]+|/[^/:]+)")
_RESOURCE_CHARS = re.compile(r"^[A-Za-z0-9_.+=,@:/-]{1,256}$")
_ACCOUNT_RESOURCE = re.compile(r"^AWS::::Account:\d{12}$")
_EC2_ID = re.compile(
    r"^(i|sg|vpc|subnet|eni|vol|snap|ami|igw|nat|rtb|acl|eipalloc|vpce|tgw)-[0-9a-f]{8,17}$"
)
ACCESS_KEY_ID = re.compile(r"^(AKIA|ASIA)[A-Z0-9]{16}$")


def matches(pattern: re.Pattern[str], value: object) -> bool:
    return isinstance(value, str) and pattern.fullmatch(value) is not None


def partition_for_region(region: str) -> str:
    if region.startswith("cn-"):
        return "aws-cn"
    if region.startswith("us-gov-"):
        return "aws-us-gov"
    if region.startswith("us-isob-"):
        return "aws-iso-b"
    if region.startswith("us-iso-"):
        return "aws-iso"
    return "aws"


def console_base(partition: str, region: str) -> str | None:
    """The AWS console origin for ``region``; None where there is no public console."""
    if partition == "aws":
        return f"https://{region}.console.aws.amazon.com"
    if partition == "aws-us-gov":
        return "https://console.amazonaws-us-gov.com"
    if partition == "aws-cn":
        return "https://console.amazonaws.cn"
    return None


def guardduty_console_url(partition: str, region: str, finding_id: str) -> str | None:
    base = console_base(partition, region)
    if base is None:
        return None
    return f"{base}/guardduty/home?region={region}#/findings?macros=current&fId={quote(finding_id)}"


def securityhub_console_url(partition: str, region: str, finding_id: str | None) -> str | None:
    """A link to the finding (filtered by Id), or to the findings list if the Id is unsafe."""
    base = console_base(partition, region)
    if base is None:
        return None
    url = f"{base}/securityhub/home?region={region}#/findings"
    if finding_id is None:
        return url
    # The console expects the filter "Id=\operator\:EQUALS\:<id>", URL-encoded twice.
    inner = quote("\\operator\\:EQUALS\\:" + finding_id, safe="")
    return f"{url}?search={quote('Id=' + inner, safe='')}"


def resource_id(raw: object) -> str:
    """An identifier safe to show: an ARN cut to type and name, an account, an EC2 id."""
    if not isinstance(raw, str):
        return WITHHELD
    if _ACCOUNT_RESOURCE.fullmatch(raw) or _EC2_ID.fullmatch(raw):
        return raw
    match = _ARN.fullmatch(raw)
    if match is None:
        return WITHHELD
    resource = match["resource"]
    if match["service"] == "s3":
        # arn:aws:s3:::bucket/key -> the bucket only; object keys can name a patient.
        resource = resource.split("/", 1)[0]
    else:
        head = _RESOURCE_HEAD.match(resource)
        if head is not None:
            resource = head.group(0)
    if not _RESOURCE_CHARS.fullmatch(resource):
        return WITHHELD
    prefix = raw[: match.start("resource")]
    return prefix + resource


def opaque_key(*parts: str) -> str:
    """A fixed-length, non-reversible key for the de-duplication store."""
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def ascii_line(text: str, limit: int) -> str:
    """One printable ASCII line of at most ``limit`` characters (SNS subjects require it)."""
    cleaned = "".join(c if " " <= c <= "~" else "?" for c in text)
    return cleaned if len(cleaned) <= limit else cleaned[: limit - 3] + "..."
