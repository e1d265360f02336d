"""The findings forwarder: real-shaped GuardDuty and Security Hub events in, PHI-free alerts out.

The events in ``events/`` follow the shapes EventBridge delivers (GuardDuty Finding;
Security Hub Findings - Imported with ASFF findings) and are seeded with PHI-like text in
every free-text place a real finding has one: titles, descriptions, tags, S3 object keys,
process command lines, user agents, third-party ids. Alerts must carry none of it.

Core tests use in-memory fakes; adapter and handler tests run on moto (DynamoDB, SNS, SQS).
"""

from __future__ import annotations

import copy
import json
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import boto3
import pytest
from findings_forwarder import guardduty
from findings_forwarder.adapters import DynamoDbDedupStore, SnsPublisher
from findings_forwarder.config import load_config
from findings_forwarder.core import Settings, forward
from findings_forwarder.errors import (
    ConfigurationError,
    DedupStoreError,
    DeliveryError,
    MalformedEventError,
)
from findings_forwarder.handler import handler
from findings_forwarder.model import Alert, Severity
from findings_forwarder.sanitize import WITHHELD, resource_id
from moto import mock_aws

EVENTS = Path(__file__).parent / "events"
ACCOUNT = "111122223333"
REGION = "us-east-1"
NOW = 1_715_680_000.0
DAY = 24 * 3600

# Text planted in the events' free-text fields. None of it may reach an alert, a log line or
# an error message. (Infrastructure names such as bucket or repository names may appear.)
PHI_MARKERS = (
    "Jane",
    "jane",
    "Doe",
    "John",
    "Smith",
    "smith",
    "00012345",
    "00067890",
    "1970-01-01",
    "MRN",
    "diabetes",
    "lab-results",
    "intake/2024",
    "records/",
    "HealthRecord",
    "/dev/tcp",
    "203.0.113.9",
    "198.51.100.23",
    "intake-worker-role",
    "care-team",
)


def load(name: str) -> dict[str, Any]:
    event: dict[str, Any] = json.loads((EVENTS / f"{name}.json").read_text())
    return event


def assert_phi_free(text: str) -> None:
    leaked = [marker for marker in PHI_MARKERS if marker in text]
    assert not leaked, f"PHI-like text leaked: {leaked}\n{text}"


# --- fakes for the core ---------------------------------------------------------------------


@dataclass
class FakeStore:
    """The same semantics as the DynamoDB conditional put in adapters.DynamoDbDedupStore."""

    items: dict[str, dict[str, Any]] = field(default_factory=dict)

    def claim(self, key: str, rank: int, now: int, expires_at: int, claim_id: str) -> bool:
        item = self.items.get(key)
        if item is not None and item["expires_at"] >= now and item["rank"] >= rank:
            return False
        self.items[key] = {"rank": rank, "expires_at": expires_at, "claim_id": claim_id}
        return True

    def release(self, key: str, claim_id: str) -> None:
        if self.items.get(key, {}).get("claim_id") == claim_id:
            del self.items[key]


@dataclass
class FakePublisher:
    alerts: list[Alert] = field(default_factory=list)
    fail_for: set[str] = field(default_factory=set)
    """Alert sources whose publish raises (to test failure semantics)."""

    def publish(self, alert: Alert) -> str:
        if alert.source in self.fail_for:
            raise ConnectionError("SNS unavailable")
        self.alerts.append(alert)
        return f"msg-{len(self.alerts)}"


@dataclass
class Harness:
    store: FakeStore = field(default_factory=FakeStore)
    publisher: FakePublisher = field(default_factory=FakePublisher)
    settings: Settings = field(default_factory=Settings)
    now: float = NOW

    def run(self, event: Any) -> Any:
        return forward(event, self.store, self.publisher, self.settings, lambda: self.now)


@pytest.fixture
def fwd() -> Harness:
    return Harness()


# --- GuardDuty ------------------------------------------------------------------------------


def test_guardduty_finding_becomes_a_short_alert(fwd: Harness) -> None:
    summary = fwd.run(load("guardduty_credential_exfiltration"))
    assert summary.as_dict() == {
        "received": 1,
        "alerted": 1,
        "duplicates": 0,
        "skipped": 0,
        "failed": 0,
    }
    (alert,) = fwd.publisher.alerts
    assert alert.source == "GuardDuty"
    assert alert.title == "UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS"
    assert alert.severity is Severity.HIGH
    assert str(alert.resource) == "AccessKey ASIAQ3EGUKZ4QXN5J2BH"
    assert (alert.account, alert.region) == (ACCOUNT, REGION)
    assert alert.finding_id == "c2c7a3b2f0e94b1c8a1d4e5f6a7b8c9d"
    assert alert.console_url == (
        "https://us-east-1.console.aws.amazon.com/guardduty/home?region=us-east-1"
        "#/findings?macros=current&fId=c2c7a3b2f0e94b1c8a1d4e5f6a7b8c9d"
    )
    assert alert.subject == (
        "[HIGH] GuardDuty: UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS"
    )
    assert len(alert.subject) <= 100


def test_s3_malware_finding_names_the_bucket_never_the_object_key(fwd: Harness) -> None:
    fwd.run(load("guardduty_s3_malware"))
    (alert,) = fwd.publisher.alerts
    assert alert.title == "Object:S3/MaliciousFile"
    assert alert.resource.type == "S3Object"
    assert alert.resource.id == "arn:aws:s3:::phi-prod-uploads-111122223333"
    assert alert.region == "eu-west-2"
    assert alert.console_url is not None
    assert alert.console_url.startswith("https://eu-west-2.console.aws.amazon.com/guardduty/")
    assert_phi_free(alert.text() + alert.json() + alert.subject)


def test_fargate_runtime_finding_names_the_cluster_not_the_process(fwd: Harness) -> None:
    fwd.run(load("guardduty_runtime_fargate"))
    (alert,) = fwd.publisher.alerts
    assert alert.title == "Execution:Runtime/ReverseShell"
    assert str(alert.resource) == "ECSCluster arn:aws:ecs:us-east-1:111122223333:cluster/phi-prod"
    assert_phi_free(alert.text() + alert.json())


def test_findings_below_the_threshold_are_skipped(fwd: Harness) -> None:
    summary = fwd.run(load("guardduty_port_probe_low"))
    assert (summary.skipped, summary.alerted) == (1, 0)
    assert not fwd.publisher.alerts
    assert not fwd.store.items  # nothing claimed for skipped findings


def test_a_lower_threshold_lets_medium_findings_through() -> None:
    event = load("guardduty_port_probe_low")
    event["detail"]["severity"] = 5
    harness = Harness(settings=Settings(min_severity=Severity.MEDIUM))
    harness.run(event)
    assert [a.severity for a in harness.publisher.alerts] == [Severity.MEDIUM]


@pytest.mark.parametrize(
    ("score", "label"),
    [(10, "CRITICAL"), (9.0, "CRITICAL"), (8.9, "HIGH"), (7, "HIGH"), (6.9, "MEDIUM"), (1, "LOW")],
)
def test_guardduty_scores_map_to_guardduty_severity_levels(score: float, label: str) -> None:
    assert Severity.from_guardduty(score).name == label


def test_archived_guardduty_findings_are_skipped(fwd: Harness) -> None:
    event = load("guardduty_credential_exfiltration")
    event["detail"]["service"]["archived"] = True
    assert fwd.run(event).skipped == 1
    assert not fwd.publisher.alerts


def test_sample_findings_are_forwarded_and_marked(fwd: Harness) -> None:
    event = load("guardduty_credential_exfiltration")
    event["detail"]["service"]["additionalInfo"] = {"sample": True, "type": "default"}
    fwd.run(event)
    (alert,) = fwd.publisher.alerts
    assert alert.sample
    assert alert.subject.startswith("[SAMPLE] [HIGH] GuardDuty:")


def test_unrecognised_access_key_ids_are_withheld(fwd: Harness) -> None:
    event = load("guardduty_credential_exfiltration")
    event["detail"]["resource"]["accessKeyDetails"]["accessKeyId"] = "GeneratedFindingAccessKeyId"
    fwd.run(event)
    assert fwd.publisher.alerts[0].resource.id == WITHHELD


# --- Security Hub ---------------------------------------------------------------------------


def test_securityhub_control_finding_uses_the_control_id_not_the_title(fwd: Harness) -> None:
    fwd.run(load("securityhub_control_s3_critical"))
    (alert,) = fwd.publisher.alerts
    assert alert.source == "Security Hub"
    assert alert.title == "control S3.2 FAILED"
    assert alert.severity is Severity.CRITICAL
    assert str(alert.resource) == "AwsS3Bucket arn:aws:s3:::phi-prod-documents-111122223333"
    finding_id = (
        "arn:aws:securityhub:us-east-1:111122223333:security-control/S3.2/finding/"
        "5f6e7d8c-9b0a-4c1d-8e2f-3a4b5c6d7e8f"
    )
    assert alert.finding_id == finding_id
    assert alert.console_url == (
        "https://us-east-1.console.aws.amazon.com/securityhub/home?region=us-east-1#/findings"
        "?search=Id%3D%255Coperator%255C%253AEQUALS%255C%253Aarn%253Aaws%253Asecurityhub"
        "%253Aus-east-1%253A111122223333%253Asecurity-control%252FS3.2%252Ffinding%252F"
        "5f6e7d8c-9b0a-4c1d-8e2f-3a4b5c6d7e8f"
    )
    assert_phi_free(alert.text() + alert.json())


def test_inspector_finding_names_the_cve_and_the_repository(fwd: Harness) -> None:
    fwd.run(load("securityhub_inspector_cve"))
    (alert,) = fwd.publisher.alerts
    assert alert.source == "Inspector"
    assert alert.title == "vulnerability CVE-2023-44487"
    assert alert.severity is Severity.HIGH
    # The image digest is cut off; the repository identifies the resource.
    assert alert.resource.id == "arn:aws:ecr:us-east-1:111122223333:repository/patient-portal"


def test_third_party_free_text_never_reaches_the_alert(fwd: Harness) -> None:
    fwd.run(load("securityhub_third_party_phi"))
    (alert,) = fwd.publisher.alerts
    assert alert.source == "acme-corp/phi-scanner"
    assert alert.severity is Severity.CRITICAL  # from Normalized 95 (no Label)
    assert alert.title == "Sensitive Data Identifications/PII"
    assert alert.resource.id == "arn:aws:s3:::phi-prod-documents-111122223333"
    assert alert.resource.others == 1
    assert alert.finding_id.startswith("sha256:")  # the Id is free text: shown hashed
    assert alert.console_url == (
        "https://us-east-1.console.aws.amazon.com/securityhub/home?region=us-east-1#/findings"
    )
    assert_phi_free(alert.text() + alert.json() + alert.subject)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"RecordState": "ARCHIVED"}, "archived"),
        ({"Workflow": {"Status": "RESOLVED"}}, "workflow status RESOLVED"),
        ({"Workflow": {"Status": "SUPPRESSED"}}, "workflow status SUPPRESSED"),
        ({"Compliance": {"Status": "PASSED", "SecurityControlId": "S3.2"}}, "control passed"),
    ],
)
def test_closed_securityhub_findings_are_skipped(
    fwd: Harness, change: dict[str, Any], reason: str
) -> None:
    event = load("securityhub_control_s3_critical")
    event["detail"]["findings"][0].update(change)
    assert fwd.run(event).skipped == 1
    assert not fwd.publisher.alerts


def test_every_finding_of_a_batch_is_forwarded(fwd: Harness) -> None:
    event = load("securityhub_control_s3_critical")
    inspector = load("securityhub_inspector_cve")["detail"]["findings"][0]
    event["detail"]["findings"].append(inspector)
    summary = fwd.run(event)
    assert (summary.received, summary.alerted) == (2, 2)


# --- PHI-free by construction ---------------------------------------------------------------

ALL_EVENTS = sorted(p.stem for p in EVENTS.glob("*.json"))


@pytest.mark.parametrize("name", ALL_EVENTS)
def test_no_alert_carries_phi(name: str) -> None:
    harness = Harness(settings=Settings(min_severity=Severity.LOW))
    harness.run(load(name))
    for alert in harness.publisher.alerts:
        assert_phi_free(alert.text() + alert.json() + alert.subject)


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("arn:aws:s3:::bucket-a/patients/jane-doe.pdf", "arn:aws:s3:::bucket-a"),
        ("arn:aws:lambda:us-east-1:111122223333:function:intake:live", None),
        (
            "arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/x:log-stream:2024/jane",
            "arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/x",
        ),
        ("arn:aws:dynamodb:us-east-1:111122223333:table/t/stream/2024", None),
        ("AWS::::Account:111122223333", "AWS::::Account:111122223333"),
        ("i-0a1b2c3d4e5f60718", "i-0a1b2c3d4e5f60718"),
        ("patient John Smith", WITHHELD),
        ("arn:aws:iam::111122223333:user/Jane Doe", WITHHELD),
        ({"Id": "x"}, WITHHELD),
    ],
)
def test_resource_ids_are_cut_to_type_and_name(raw: Any, shown: str | None) -> None:
    result = resource_id(raw)
    if shown is None:
        assert result.count(":") <= 6 and result.endswith(("function:intake", "table/t"))
    else:
        assert result == shown


# --- de-duplication -------------------------------------------------------------------------


def test_the_same_finding_twice_raises_one_alert(fwd: Harness) -> None:
    event = load("guardduty_credential_exfiltration")
    fwd.run(event)
    # GuardDuty re-publishes active findings every 15 minutes with a new updatedAt and count.
    again = copy.deepcopy(event)
    again["detail"]["updatedAt"] = "2024-05-14T09:46:02.117Z"
    again["detail"]["service"]["count"] = 9
    fwd.now += 900
    summary = fwd.run(again)
    assert (summary.alerted, summary.duplicates) == (0, 1)
    assert len(fwd.publisher.alerts) == 1


def test_guardduty_and_its_security_hub_copy_raise_one_alert(fwd: Harness) -> None:
    fwd.run(load("guardduty_credential_exfiltration"))
    summary = fwd.run(load("securityhub_guardduty_copy"))
    assert summary.duplicates == 1
    assert len(fwd.publisher.alerts) == 1


def test_an_escalated_finding_alerts_again(fwd: Harness) -> None:
    event = load("guardduty_credential_exfiltration")
    fwd.run(event)
    escalated = copy.deepcopy(event)
    escalated["detail"]["severity"] = 9.5
    assert fwd.run(escalated).alerted == 1
    assert [a.severity for a in fwd.publisher.alerts] == [Severity.HIGH, Severity.CRITICAL]
    # ... and going back down to HIGH is still a duplicate.
    assert fwd.run(event).duplicates == 1


def test_an_unresolved_finding_alerts_again_after_the_ttl(fwd: Harness) -> None:
    event = load("guardduty_credential_exfiltration")
    fwd.run(event)
    fwd.now += Settings().dedup_ttl_seconds + 1
    assert fwd.run(event).alerted == 1


def test_distinct_findings_are_not_merged(fwd: Harness) -> None:
    for name in ("guardduty_credential_exfiltration", "guardduty_s3_malware"):
        fwd.run(load(name))
    other_account = load("guardduty_credential_exfiltration")
    other_account["detail"]["accountId"] = "999988887777"
    fwd.run(other_account)
    assert len(fwd.publisher.alerts) == 3


def test_dedup_keys_are_opaque() -> None:
    key = guardduty.dedup_key(ACCOUNT, REGION, "c2c7a3b2f0e94b1c8a1d4e5f6a7b8c9d")
    assert len(key) == 64
    assert ACCOUNT not in key
    assert "c2c7a3b2" not in key


# --- failure semantics ----------------------------------------------------------------------


def test_a_failed_publish_releases_its_claim_and_fails_the_invocation() -> None:
    harness = Harness(publisher=FakePublisher(fail_for={"GuardDuty"}))
    event = load("securityhub_control_s3_critical")
    event["detail"]["findings"].append(load("securityhub_guardduty_copy")["detail"]["findings"][0])
    with pytest.raises(DeliveryError, match="1 of 2 alerts could not be published"):
        harness.run(event)
    # The Security Hub control alert went out; the GuardDuty one is not marked as sent.
    assert [a.source for a in harness.publisher.alerts] == ["Security Hub"]
    assert len(harness.store.items) == 1
    # The retry (EventBridge's asynchronous invocation) sends only what is missing.
    harness.publisher.fail_for.clear()
    summary = harness.run(event)
    assert (summary.alerted, summary.duplicates) == (1, 1)
    assert [a.source for a in harness.publisher.alerts] == ["Security Hub", "GuardDuty"]


def _malformed(name: str, mutate: Callable[[dict[str, Any]], Any]) -> dict[str, Any]:
    event = load(name)
    mutate(event)
    return event


GD = "guardduty_credential_exfiltration"
SH = "securityhub_control_s3_critical"
MALFORMED: list[tuple[str, Any, str]] = [
    ("not-an-object", ["GuardDuty Finding"], "'event' must be a JSON object"),
    ("no-source", _malformed(GD, lambda e: e.pop("source")), "'source/detail-type'"),
    (
        "other-event",
        {
            "source": "aws.s3",
            "detail-type": "Object Created",
            "detail": {"object": {"key": "intake/2024/jane-doe-mrn-00012345.pdf"}},
        },
        "must be one of: aws.guardduty/GuardDuty Finding",
    ),
    ("gd-no-detail", _malformed(GD, lambda e: e.pop("detail")), "'detail' must be an object"),
    ("gd-no-id", _malformed(GD, lambda e: e["detail"].pop("id")), "'detail.id'"),
    (
        "gd-bad-id",
        _malformed(GD, lambda e: e["detail"].update(id="Jane Doe 00012345")),
        "'detail.id' must be a GuardDuty finding id",
    ),
    (
        "gd-severity-text",
        _malformed(GD, lambda e: e["detail"].update(severity="HIGH")),
        "'detail.severity' must be a number between 0 and 10",
    ),
    (
        "gd-severity-range",
        _malformed(GD, lambda e: e["detail"].update(severity=80)),
        "'detail.severity' must be a number between 0 and 10",
    ),
    (
        "gd-bad-account",
        _malformed(GD, lambda e: e["detail"].update(accountId="1111-2222-3333")),
        "'detail.accountId' must be a 12-digit account id",
    ),
    (
        "gd-bad-type",
        _malformed(GD, lambda e: e["detail"].update(type="Patient Jane Doe exfiltrated")),
        "'detail.type' must be a GuardDuty finding type",
    ),
    (
        "gd-no-resource-type",
        _malformed(GD, lambda e: e["detail"]["resource"].pop("resourceType")),
        "'detail.resource.resourceType'",
    ),
    (
        "gd-bad-partition",
        _malformed(GD, lambda e: e["detail"].update(partition="jane")),
        "'detail.partition' must be one of",
    ),
    (
        "sh-no-findings",
        _malformed(SH, lambda e: e["detail"].update(findings=[])),
        "'detail.findings' must be a non-empty list",
    ),
    (
        "sh-finding-not-object",
        _malformed(SH, lambda e: e["detail"].update(findings=["Jane Doe"])),
        "'detail.findings.0' must be an object",
    ),
    (
        "sh-no-resources",
        _malformed(SH, lambda e: e["detail"]["findings"][0].pop("Resources")),
        "'detail.findings.0.Resources' must be a non-empty list",
    ),
    (
        "sh-bad-severity",
        _malformed(SH, lambda e: e["detail"]["findings"][0].update(Severity={"Label": "URGENT"})),
        "'detail.findings.0.Severity.Label' must be one of",
    ),
    (
        "sh-bad-product",
        _malformed(SH, lambda e: e["detail"]["findings"][0].update(ProductArn="Jane Doe")),
        "'detail.findings.0.ProductArn' must be a Security Hub product ARN",
    ),
    (
        "sh-bad-region",
        _malformed(SH, lambda e: e["detail"]["findings"][0].update(Region="Jane's region")),
        "'detail.findings.0.Region' must be an AWS region name",
    ),
    (
        "sh-second-finding-bad",
        _malformed(
            SH,
            lambda e: e["detail"]["findings"].append({"Id": "x", "ProductArn": "y"}),
        ),
        "'detail.findings.1.ProductArn'",
    ),
]


@pytest.mark.parametrize(
    ("event", "message"), [(e, m) for _, e, m in MALFORMED], ids=[i for i, _, _ in MALFORMED]
)
def test_malformed_events_fail_loudly_before_anything_is_sent(
    fwd: Harness, event: Any, message: str
) -> None:
    with pytest.raises(MalformedEventError) as raised:
        fwd.run(event)
    assert message in str(raised.value)
    assert_phi_free(str(raised.value))
    assert not fwd.publisher.alerts
    assert not fwd.store.items


# --- adapters and the handler on moto -------------------------------------------------------


@dataclass
class AwsEnv:
    table: str
    topic_arn: str
    queue_url: str
    sqs: Any
    dynamodb: Any

    def delivered(self) -> list[dict[str, Any]]:
        """Messages the topic delivered to its (raw) SQS subscriber: the machine format."""
        out = []
        while True:
            batch = self.sqs.receive_message(
                QueueUrl=self.queue_url, MaxNumberOfMessages=10, MessageAttributeNames=["All"]
            ).get("Messages", [])
            if not batch:
                return out
            for message in batch:
                out.append(message)
                self.sqs.delete_message(
                    QueueUrl=self.queue_url, ReceiptHandle=message["ReceiptHandle"]
                )


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[AwsEnv]:
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_DEFAULT_REGION": REGION,
        "AWS_REGION": REGION,
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    with mock_aws():
        session = boto3.session.Session(region_name=REGION)
        dynamodb = session.client("dynamodb")
        table = f"findings-dedup-{uuid.uuid4().hex[:8]}"
        dynamodb.create_table(
            TableName=table,
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            BillingMode="PAY_PER_REQUEST",
        )
        dynamodb.update_time_to_live(
            TableName=table,
            TimeToLiveSpecification={"Enabled": True, "AttributeName": "expires_at"},
        )
        sns = session.client("sns")
        topic_arn = sns.create_topic(Name="security-alerts")["TopicArn"]
        sqs = session.client("sqs")
        queue_url = sqs.create_queue(QueueName="alerts-subscriber")["QueueUrl"]
        queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])[
            "Attributes"
        ]["QueueArn"]
        sns.subscribe(
            TopicArn=topic_arn,
            Protocol="sqs",
            Endpoint=queue_arn,
            Attributes={"RawMessageDelivery": "true"},
        )
        monkeypatch.setenv("ALERT_TOPIC_ARN", topic_arn)
        monkeypatch.setenv("DEDUP_TABLE_NAME", table)
        for name in ("DEDUP_TTL_HOURS", "MIN_SEVERITY"):
            monkeypatch.delenv(name, raising=False)
        yield AwsEnv(table, topic_arn, queue_url, sqs, dynamodb)


@dataclass
class Context:
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))


def test_handler_publishes_one_phi_free_alert_per_finding(
    aws: AwsEnv, capsys: pytest.CaptureFixture[str]
) -> None:
    result = handler(load("guardduty_s3_malware"), Context())
    assert result == {"received": 1, "alerted": 1, "duplicates": 0, "skipped": 0, "failed": 0}
    (message,) = aws.delivered()
    body = json.loads(message["Body"])  # the SQS protocol gets the machine-readable alert
    assert body["title"] == "Object:S3/MaliciousFile"
    assert body["severity"] == "HIGH"
    assert body["resource"] == {
        "type": "S3Object",
        "id": "arn:aws:s3:::phi-prod-uploads-111122223333",
    }
    assert message["MessageAttributes"]["severity"]["StringValue"] == "HIGH"
    assert_phi_free(message["Body"])
    assert_phi_free(capsys.readouterr().out)  # the function's own log lines


def test_handler_deduplicates_through_dynamodb(aws: AwsEnv) -> None:
    handler(load("guardduty_credential_exfiltration"), Context())
    result = handler(load("securityhub_guardduty_copy"), Context())
    assert result["duplicates"] == 1
    assert len(aws.delivered()) == 1
    (item,) = aws.dynamodb.scan(TableName=aws.table)["Items"]
    assert set(item) == {"pk", "severity_rank", "claimed_at", "expires_at", "claim_id"}
    assert int(item["expires_at"]["N"]) - int(item["claimed_at"]["N"]) == 168 * 3600
    assert_phi_free(json.dumps(item))


def test_dynamodb_store_claims_atomically_and_releases_only_its_own_claim(aws: AwsEnv) -> None:
    store = DynamoDbDedupStore(aws.dynamodb, aws.table)
    assert store.claim("k", 3, 100, 200, "first")
    assert not store.claim("k", 3, 150, 250, "second")  # duplicate
    assert store.claim("k", 4, 150, 250, "escalated")  # higher severity wins
    store.release("k", "first")  # stale claim id: must not delete the newer claim
    assert not store.claim("k", 4, 160, 260, "again")
    assert store.claim("k", 4, 251, 400, "expired")  # past expires_at, not yet TTL-deleted
    store.release("k", "expired")
    assert aws.dynamodb.scan(TableName=aws.table)["Items"] == []


def test_dynamodb_store_failures_are_errors_not_duplicates(aws: AwsEnv) -> None:
    store = DynamoDbDedupStore(aws.dynamodb, "no-such-table")
    with pytest.raises(DedupStoreError, match="ResourceNotFoundException"):
        store.claim("k", 3, 100, 200, "c")


def test_sns_publisher_sends_text_to_people_and_json_to_machines(aws: AwsEnv) -> None:
    sns = boto3.client("sns", region_name=REGION)
    harness = Harness()
    harness.run(load("securityhub_control_s3_critical"))
    (alert,) = harness.publisher.alerts
    SnsPublisher(sns, aws.topic_arn).publish(alert)
    (message,) = aws.delivered()
    assert json.loads(message["Body"]) == alert.as_dict()
    assert "Title:    control S3.2 FAILED" in alert.text()
    assert message["MessageAttributes"]["source"]["StringValue"] == "Security Hub"


def test_handler_fails_loudly_on_malformed_events(
    aws: AwsEnv, capsys: pytest.CaptureFixture[str]
) -> None:
    event = load("guardduty_credential_exfiltration")
    event["detail"]["severity"] = "Jane Doe"
    with pytest.raises(MalformedEventError, match=r"'detail\.severity' must be a number"):
        handler(event, Context())
    log = capsys.readouterr().out
    assert '"event": "forward.failed"' in log
    assert "MalformedEventError" in log
    assert_phi_free(log)
    assert aws.delivered() == []


def test_handler_fails_when_the_topic_is_gone(aws: AwsEnv) -> None:
    boto3.client("sns", region_name=REGION).delete_topic(TopicArn=aws.topic_arn)
    with pytest.raises(DeliveryError):
        handler(load("guardduty_credential_exfiltration"), Context())
    assert aws.dynamodb.scan(TableName=aws.table)["Items"] == []  # claim released


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"ALERT_TOPIC_ARN": ""}, "ALERT_TOPIC_ARN must be the ARN of a standard"),
        (
            {"ALERT_TOPIC_ARN": "arn:aws:sns:us-east-1:111122223333:alerts.fifo"},
            "ALERT_TOPIC_ARN must be the ARN of a standard",
        ),
        ({"DEDUP_TABLE_NAME": "x"}, "DEDUP_TABLE_NAME must be a DynamoDB table name"),
        ({"DEDUP_TTL_HOURS": "0"}, "DEDUP_TTL_HOURS must be a whole number of hours, 1-8760"),
        ({"DEDUP_TTL_HOURS": "1.5"}, "DEDUP_TTL_HOURS must be a whole number of hours"),
        ({"MIN_SEVERITY": "LOW"}, "MIN_SEVERITY must be one of ['MEDIUM', 'HIGH', 'CRITICAL']"),
    ],
)
def test_bad_configuration_is_a_named_error(env: dict[str, str], message: str) -> None:
    base = {
        "ALERT_TOPIC_ARN": "arn:aws:sns:us-east-1:111122223333:security-alerts",
        "DEDUP_TABLE_NAME": "findings-dedup",
    }
    with pytest.raises(ConfigurationError, match=message.replace("[", r"\[").replace(".", r"\.")):
        load_config({**base, **env})


def test_configuration_defaults() -> None:
    config = load_config(
        {
            "ALERT_TOPIC_ARN": "arn:aws:sns:us-gov-west-1:111122223333:security-alerts",
            "DEDUP_TABLE_NAME": "findings-dedup",
        }
    )
    assert config.settings == Settings(min_severity=Severity.HIGH, dedup_ttl_seconds=7 * DAY)
