"""Fixtures for the patient-workflow Lambdas: a real PostgreSQL server and moto's AWS.

- ``wf_pg`` (session): ``ThrowawayPostgres`` (TLS + SCRAM only) with an RDS-like master role
  (CREATEROLE, CREATEDB, not superuser).
- ``wf_db`` (module): a fresh database owned by the master, migrated by
  ``workflows_schema.migrate`` (what the deploy-time Lambda runs), and one login user per
  function role (``workflows_outreach``, ``workflows_redeem``, ``workflows_intake``): the
  handlers connect as those users, so the tests prove the grants are sufficient.
- ``wf`` (function): ``mock_aws`` with the queues, topic, SES identity/templates/configuration
  set, buckets and secrets the functions use, the environment they read, a controllable
  clock, and helpers that play the part of Lambda's event sources (SQS → handler with
  partial-batch failures, S3 → SQS → handler).
- ``no_phi_in_logs`` (autouse): after each test, everything the code wrote to stdout/stderr
  and to logging must be free of patient names, phone numbers, e-mail addresses and links.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import io
import json
import re
import secrets
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import boto3
import pg8000.native
import pytest
from botocore.client import BaseClient
from moto import mock_aws
from moto.core import DEFAULT_ACCOUNT_ID
from moto.ses.models import ses_backends
from moto.sns.models import sns_backends
from PIL import Image
from rotation_postgres.scram import scram_sha256_verifier
from tfharness.postgres import PostgresFixtureError, ThrowawayPostgres
from workflows_core import clock, runtime
from workflows_schema.migrate import migrate

REGION = "us-east-1"
MASTER_USER = "wf_master"
ROLES = ("workflows_outreach", "workflows_redeem", "workflows_intake")
LINK_BASE = "https://links.clinic.example"
BOOKING_URL = "https://booking.clinic.example/flu"
EMAIL_FROM = "outreach@clinic.example"

# What seeded PHI looks like (see seed_patients): these must never reach a log.
PHI_PATTERNS = (
    re.compile(r"Given[0-9]+"),
    re.compile(r"Family[0-9]+"),
    re.compile(r"\+1555[0-9]{7}"),
    re.compile(r"patient[0-9]+@mail\.example"),
    re.compile(r"/r/[A-Za-z0-9_-]{43}"),
    re.compile(r"Jane Roe|Dr\. Patient Secret"),
)


# -- PostgreSQL --------------------------------------------------------------------------


@dataclass
class PgCluster:
    server: ThrowawayPostgres
    master_password: str

    def master(self, database: str, timeout: float = 120.0) -> pg8000.native.Connection:
        return self.server.connect(
            user=MASTER_USER, password=self.master_password, database=database, timeout=timeout
        )


@pytest.fixture(scope="session")
def wf_pg() -> Iterator[PgCluster]:
    try:
        server = ThrowawayPostgres(log_statements=False)
        server.start()
    except PostgresFixtureError as exc:
        if "not found" in str(exc):
            pytest.skip(f"PostgreSQL server binaries unavailable: {exc}")
        raise
    try:
        # 16 MB (the fixture's default) makes 150,000-row campaigns thrash; RDS has far more.
        conn = server.connect()
        conn.run("ALTER SYSTEM SET shared_buffers = '256MB'")
        conn.run("ALTER SYSTEM SET work_mem = '32MB'")
        conn.close()
        server.stop()
        server.start()
        password = secrets.token_urlsafe(24)
        conn = server.connect()
        conn.run(
            f"CREATE ROLE {MASTER_USER} WITH LOGIN CREATEROLE CREATEDB "
            f"PASSWORD {pg8000.native.literal(scram_sha256_verifier(password))}"
        )
        conn.close()
        yield PgCluster(server=server, master_password=password)
    finally:
        server.close()


@dataclass
class WorkflowDb:
    cluster: PgCluster
    name: str
    users: dict[str, tuple[str, str]] = field(default_factory=dict)

    def master(self) -> pg8000.native.Connection:
        return self.cluster.master(self.name)

    def secret_value(self, role: str) -> dict[str, Any]:
        user, password = self.users[role]
        return {
            "engine": "postgres",
            "host": self.cluster.server.host,
            "port": self.cluster.server.port,
            "dbname": self.name,
            "username": user,
            "password": password,
            "ssl": True,
        }

    def master_secret_value(self) -> dict[str, Any]:
        return {
            "engine": "postgres",
            "host": self.cluster.server.host,
            "port": self.cluster.server.port,
            "dbname": self.name,
            "username": MASTER_USER,
            "password": self.cluster.master_password,
            "ssl": True,
        }

    def query(self, sql: str, **params: Any) -> list[list[Any]]:
        conn = self.master()
        try:
            return conn.run(sql, **params) or []
        finally:
            conn.close()


class _Pg8000Adapter:
    """``migrate`` takes anything with ``run(sql, **params)``; a bare pg8000 connection fits."""

    def __init__(self, conn: pg8000.native.Connection) -> None:
        self._conn = conn

    def run(self, sql: str, **params: Any) -> list[list[Any]]:
        return self._conn.run(sql, **params) or []


@pytest.fixture(scope="module")
def wf_db(wf_pg: PgCluster) -> Iterator[WorkflowDb]:
    name = f"wf_{uuid.uuid4().hex[:10]}"
    su = wf_pg.server.connect()
    su.run(f"CREATE DATABASE {name} OWNER {MASTER_USER}")
    su.close()
    db = WorkflowDb(cluster=wf_pg, name=name)
    conn = db.master()
    migrate(_Pg8000Adapter(conn))
    for role in ROLES:
        user = f"{role.removeprefix('workflows_')}_{uuid.uuid4().hex[:6]}"
        password = secrets.token_urlsafe(24)
        conn.run(
            f"CREATE ROLE {user} LOGIN PASSWORD "
            f"{pg8000.native.literal(scram_sha256_verifier(password))} IN ROLE {role}"
        )
        db.users[role] = (user, password)
    conn.close()
    yield db
    runtime.reset()
    su = wf_pg.server.connect()
    su.run(f"DROP DATABASE {name} WITH (FORCE)")
    for user, _ in db.users.values():
        su.run(f"DROP ROLE {user}")
    su.close()


# -- seeding -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Population:
    """Deterministic patients: who has which contact, condition and opt-out, by id rule."""

    first_id: int
    count: int
    eligible_every: int = 16  # every 16th patient lacks the condition
    no_phone_mod: tuple[int, int] = (10, 3)
    no_email_mod: tuple[int, int] = (7, 5)
    sms_opt_out_mod: tuple[int, int] = (50, 1)
    email_opt_out_mod: tuple[int, int] = (40, 2)

    def ids(self) -> range:
        return range(self.first_id, self.first_id + self.count)

    def eligible(self, pid: int) -> bool:
        return pid % self.eligible_every != 0

    def expected(self) -> dict[str, int]:
        sms = email = 0
        for pid in self.ids():
            if not self.eligible(pid):
                continue
            if pid % self.no_phone_mod[0] != self.no_phone_mod[1] and (
                pid % self.sms_opt_out_mod[0] != self.sms_opt_out_mod[1]
            ):
                sms += 1
            if pid % self.no_email_mod[0] != self.no_email_mod[1] and (
                pid % self.email_opt_out_mod[0] != self.email_opt_out_mod[1]
            ):
                email += 1
        return {"sms": sms, "email": email}


def seed_patients(db: WorkflowDb, count: int, condition: str = "J45") -> Population:
    """Insert ``count`` patients set-based; ids continue from what the table holds.

    Runs as the superuser with foreign-key triggers off (``session_replication_role``):
    the rows are consistent by construction and seeding 160,000 patients should not cost
    more than planning them.
    """
    conn = db.cluster.server.connect(database=db.name, timeout=600)
    try:
        start = int(
            conn.run(
                "SELECT coalesce(max(id), 0) + 1 FROM workflows.patients",
            )[0][0]
        )
        pop = Population(first_id=start, count=count)
        conn.run("START TRANSACTION")
        conn.run("SET LOCAL session_replication_role = replica")
        doctor = conn.run(
            "INSERT INTO workflows.doctors (display_name) VALUES ('Dr. Example') RETURNING id"
        )[0][0]
        conn.run(
            "INSERT INTO workflows.patients (given_name, family_name, phone_e164, email, doctor_id)"
            " SELECT 'Given' || g, 'Family' || g,"
            "  CASE WHEN g % :pm <> :pr THEN '+1555' || lpad(g::text, 7, '0') END,"
            "  CASE WHEN g % :em <> :er THEN 'patient' || g || '@mail.example' END,"
            "  :doctor"
            " FROM generate_series(CAST(:a AS bigint), CAST(:b AS bigint)) g ORDER BY g",
            pm=pop.no_phone_mod[0],
            pr=pop.no_phone_mod[1],
            em=pop.no_email_mod[0],
            er=pop.no_email_mod[1],
            doctor=doctor,
            a=start,
            b=start + count - 1,
        )
        ids = conn.run("SELECT min(id), max(id) FROM workflows.patients WHERE id >= :a", a=start)[0]
        assert ids == [start, start + count - 1], "patient ids must follow the seeding rule"
        conn.run(
            "INSERT INTO workflows.patient_conditions (condition_code, patient_id)"
            " SELECT CASE WHEN g % :every <> 0 THEN :code ELSE 'I10' END, g"
            " FROM generate_series(CAST(:a AS bigint), CAST(:b AS bigint)) g",
            every=pop.eligible_every,
            code=condition,
            a=start,
            b=start + count - 1,
        )
        conn.run(
            "INSERT INTO workflows.contact_opt_outs (patient_id, channel)"
            " SELECT g, CAST('sms' AS workflows.channel)"
            " FROM generate_series(CAST(:a AS bigint), CAST(:b AS bigint)) g WHERE g % :sm = :sr"
            " UNION ALL"
            " SELECT g, CAST('email' AS workflows.channel)"
            " FROM generate_series(CAST(:a AS bigint), CAST(:b AS bigint)) g WHERE g % :om = :or",
            a=start,
            b=start + count - 1,
            sm=pop.sms_opt_out_mod[0],
            sr=pop.sms_opt_out_mod[1],
            om=pop.email_opt_out_mod[0],
            **{"or": pop.email_opt_out_mod[1]},
        )
        conn.run("COMMIT")
        conn.run("ANALYZE workflows.patients")
        conn.run("ANALYZE workflows.patient_conditions")
    finally:
        conn.close()
    return pop


def create_campaign(
    db: WorkflowDb,
    *,
    name: str = "Seasonal flu vaccination",
    codes: tuple[str, ...] = ("J45",),
    channels: tuple[str, ...] = ("sms", "email"),
    max_reminders: int = 2,
    status: str = "active",
    link_ttl_days: int = 60,
) -> uuid.UUID:
    rows = db.query(
        "INSERT INTO workflows.campaigns (name, condition_codes, channels, booking_url,"
        " max_reminders, status, link_ttl) VALUES (:name, CAST(:codes AS text[]),"
        " CAST(:channels AS workflows.channel[]), :url, :maxr, :status,"
        " make_interval(days => :ttl)) RETURNING id::text",
        name=name,
        codes=list(codes),
        channels=list(channels),
        url=BOOKING_URL,
        maxr=max_reminders,
        status=status,
        ttl=link_ttl_days,
    )
    return uuid.UUID(rows[0][0])


@pytest.fixture
def seed() -> Callable[..., Population]:
    return seed_patients


@pytest.fixture
def campaign() -> Callable[..., uuid.UUID]:
    return create_campaign


# -- AWS ---------------------------------------------------------------------------------


@dataclass
class LambdaContext:
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    function_name: str = "phi-workflows-test"


@dataclass
class FakeClock:
    now: dt.datetime = field(
        default_factory=lambda: dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)  # a Monday
    )

    def advance(self, **kwargs: float) -> dt.datetime:
        self.now = self.now + dt.timedelta(**kwargs)
        return self.now


@dataclass
class Delivered:
    """What moto's SNS and SES recorded, per recipient."""

    sms: list[tuple[str, str]]
    emails: list[tuple[str, str, dict[str, str]]]  # (address, template, data)


@dataclass
class WorkflowAws:
    db: WorkflowDb
    monkeypatch: pytest.MonkeyPatch
    clock: FakeClock
    session: boto3.session.Session
    secret_arns: dict[str, str]
    queues: dict[str, str]
    buckets: dict[str, str]
    kms_key_arn: str
    doctor_topic_arn: str
    doctor_queue_url: str

    def client(self, service: str) -> Any:
        return self.session.client(service, region_name=REGION)

    # -- invoking handlers the way Lambda would ---------------------------------------
    def call(self, handler: Callable[..., Any], event: Any, role: str = "outreach") -> Any:
        self.monkeypatch.setenv("DB_SECRET_ARN", self.secret_arns[role])
        return handler(event, LambdaContext())

    def receive(self, queue: str, max_messages: int = 10) -> list[dict[str, Any]]:
        resp = self.client("sqs").receive_message(
            QueueUrl=self.queues[queue],
            MaxNumberOfMessages=max_messages,
            AttributeNames=["All"],
        )
        return list(resp.get("Messages", []))

    @staticmethod
    def records(messages: list[dict[str, Any]], arn: str = "arn:aws:sqs:x") -> dict[str, Any]:
        return {
            "Records": [
                {
                    "messageId": m["MessageId"],
                    "receiptHandle": m["ReceiptHandle"],
                    "body": m["Body"],
                    "attributes": m.get("Attributes", {}),
                    "messageAttributes": {},
                    "eventSource": "aws:sqs",
                    "eventSourceARN": arn,
                    "awsRegion": REGION,
                }
                for m in messages
            ]
        }

    def settle(self, queue: str, messages: list[dict[str, Any]], response: Any) -> list[str]:
        """Delete what the handler accepted; make reported failures visible again at once."""
        failed = {f["itemIdentifier"] for f in (response or {}).get("batchItemFailures", [])}
        sqs = self.client("sqs")
        for m in messages:
            if m["MessageId"] in failed:
                sqs.change_message_visibility(
                    QueueUrl=self.queues[queue],
                    ReceiptHandle=m["ReceiptHandle"],
                    VisibilityTimeout=0,
                )
            else:
                sqs.delete_message(QueueUrl=self.queues[queue], ReceiptHandle=m["ReceiptHandle"])
        return sorted(failed)

    def drain(
        self, queue: str, handler: Callable[..., Any], role: str, max_rounds: int = 10_000
    ) -> list[str]:
        """Feed the queue to the handler until empty; return ids that kept failing."""
        failures: list[str] = []
        for _ in range(max_rounds):
            messages = self.receive(queue)
            if not messages:
                return failures
            response = self.call(handler, self.records(messages), role)
            failed = self.settle(queue, messages, response)
            failures.extend(failed)
            if failed and len(failed) == len(messages):
                # Everything failed: stop instead of spinning (the test will look at it).
                return failures
        return failures

    @contextlib.contextmanager
    def consuming(self, queue: str) -> Iterator[list[str]]:
        """Receive and delete the queue's messages on a thread while the block runs.

        This is what the sender's event source mapping does in AWS, and it keeps moto's
        queue short: moto recomputes ApproximateNumberOfMessages over every stored message
        on each SendMessage, so filling one queue with 6,000 messages costs O(n^2).
        """
        bodies: list[str] = []
        done = threading.Event()
        errors: list[BaseException] = []
        sqs = self.client("sqs")
        url = self.queues[queue]

        def pump() -> None:
            try:
                while True:
                    got = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get(
                        "Messages", []
                    )
                    if not got:
                        if done.is_set():
                            return
                        time.sleep(0.01)
                        continue
                    bodies.extend(m["Body"] for m in got)
                    sqs.delete_message_batch(
                        QueueUrl=url,
                        Entries=[
                            {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]}
                            for i, m in enumerate(got)
                        ],
                    )
            except BaseException as exc:  # surfaced in the test thread below
                errors.append(exc)

        thread = threading.Thread(target=pump, name=f"consume-{queue}", daemon=True)
        thread.start()
        try:
            yield bodies
        finally:
            done.set()
            thread.join(timeout=600)
        if errors:
            raise errors[0]

    def queue_depth(self, queue: str) -> int:
        attrs = self.client("sqs").get_queue_attributes(
            QueueUrl=self.queues[queue],
            AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
        )["Attributes"]
        return int(attrs["ApproximateNumberOfMessages"]) + int(
            attrs["ApproximateNumberOfMessagesNotVisible"]
        )

    # -- what went out ------------------------------------------------------------------
    def delivered(self) -> Delivered:
        sns = sns_backends[DEFAULT_ACCOUNT_ID][REGION]
        ses = ses_backends[DEFAULT_ACCOUNT_ID][REGION]
        sms = [(phone, text) for phone, text in sns.sms_messages.values()]
        emails: list[tuple[str, str, dict[str, str]]] = []
        for message in ses.sent_messages:
            template = getattr(message, "template", None)
            for dest in getattr(message, "destinations", []) or []:
                if not isinstance(dest, dict) or "Destination" not in dest:
                    continue
                data = json.loads(dest.get("ReplacementTemplateData") or "{}")
                for address in dest["Destination"].get("ToAddresses", []):
                    emails.append((address, str(template), data))
        return Delivered(sms=sms, emails=emails)


def _create_queue(sqs: Any, name: str) -> str:
    dlq = sqs.create_queue(QueueName=f"{name}-dlq")["QueueUrl"]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    return str(
        sqs.create_queue(
            QueueName=name,
            Attributes={
                "VisibilityTimeout": "60",
                "RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": 5}),
            },
        )["QueueUrl"]
    )


@pytest.fixture
def wf(
    wf_db: WorkflowDb, monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[WorkflowAws]:
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_DEFAULT_REGION": REGION,
        "AWS_REGION": REGION,
    }.items():
        monkeypatch.setenv(name, value)
    for name in ("AWS_PROFILE", "AWS_ENDPOINT_URL"):
        monkeypatch.delenv(name, raising=False)
    fake_clock = FakeClock()
    monkeypatch.setattr(clock, "utcnow", lambda: fake_clock.now)
    runtime.reset()
    with mock_aws():
        session = boto3.session.Session(region_name=REGION)
        sm = session.client("secretsmanager")
        arns = {
            role.removeprefix("workflows_"): sm.create_secret(
                Name=f"db/{role}", SecretString=json.dumps(wf_db.secret_value(role))
            )["ARN"]
            for role in ROLES
        }
        arns["master"] = sm.create_secret(
            Name="db/master", SecretString=json.dumps(wf_db.master_secret_value())
        )["ARN"]
        token_secret = sm.create_secret(
            Name="outreach/token-keys",
            SecretString=json.dumps(
                {
                    "current": "k1",
                    "keys": {"k1": base64.b64encode(secrets.token_bytes(32)).decode()},
                }
            ),
        )["ARN"]
        kms_key = session.client("kms").create_key(Description="workflows test")["KeyMetadata"][
            "Arn"
        ]
        sqs = session.client("sqs")
        queues = {
            "send": _create_queue(sqs, "outreach-send"),
            "intake": _create_queue(sqs, "intake"),
        }
        sns = session.client("sns")
        topic = sns.create_topic(Name="doctor-notifications")["TopicArn"]
        doctor_queue = sqs.create_queue(QueueName="doctor-inbox")["QueueUrl"]
        doctor_queue_arn = sqs.get_queue_attributes(
            QueueUrl=doctor_queue, AttributeNames=["QueueArn"]
        )["Attributes"]["QueueArn"]
        sns.subscribe(
            TopicArn=topic,
            Protocol="sqs",
            Endpoint=doctor_queue_arn,
            Attributes={"RawMessageDelivery": "true"},
        )
        ses = session.client("ses")
        ses.verify_email_identity(EmailAddress=EMAIL_FROM)
        ses.create_configuration_set(ConfigurationSet={"Name": "outreach-tls"})
        for template in ("invitation", "reminder"):
            ses.create_template(
                Template={
                    "TemplateName": f"outreach-{template}",
                    "SubjectPart": "{{campaign}}",
                    "TextPart": "Book here: {{link}}",
                    "HtmlPart": "<p><a href='{{link}}'>Book</a></p>",
                }
            )
        s3 = session.client("s3")
        buckets = {"phi": "phi-documents", "reports": "phi-reports"}
        for bucket in buckets.values():
            s3.create_bucket(Bucket=bucket)
        ca = wf_db.cluster.server.ca_cert_path
        env = {
            "PG_CA_BUNDLE": str(ca),
            "TOKEN_KEY_SECRET_ARN": token_secret,
            "SEND_QUEUE_URL": queues["send"],
            "LINK_BASE_URL": LINK_BASE,
            "EMAIL_FROM": EMAIL_FROM,
            "SES_CONFIGURATION_SET": "outreach-tls",
            "SES_TEMPLATE_INVITATION": "outreach-invitation",
            "SES_TEMPLATE_REMINDER": "outreach-reminder",
            "REPORT_BUCKET": buckets["reports"],
            "REPORT_KMS_KEY_ARN": kms_key,
            "PHI_BUCKET": buckets["phi"],
            "PHI_KMS_KEY_ARN": kms_key,
            "DOCTOR_TOPIC_ARN": topic,
            "STAFF_GROUP": "outreach-staff",
        }
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        yield WorkflowAws(
            db=wf_db,
            monkeypatch=monkeypatch,
            clock=fake_clock,
            session=session,
            secret_arns=arns,
            queues=queues,
            buckets=buckets,
            kms_key_arn=kms_key,
            doctor_topic_arn=topic,
            doctor_queue_url=doctor_queue,
        )
    runtime.reset()


# -- logs --------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def no_phi_in_logs(
    capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> Iterator[None]:
    caplog.set_level("INFO")
    yield
    out, err = capsys.readouterr()
    captured = "\n".join([out, err, caplog.text])
    leaks = sorted({m.group(0) for p in PHI_PATTERNS for m in p.finditer(captured)})
    assert not leaks, f"PHI or links in captured logs: {leaks[:10]}"


# -- test data ---------------------------------------------------------------------------

_codes = iter(f"Q{n // 10}{n % 10}" for n in range(100))


@pytest.fixture
def condition_code() -> str:
    """A condition code no other test in the module uses (campaigns select by code)."""
    return next(_codes)


def build_pdf(lines: list[str], *, pages: int = 1) -> bytes:
    """A minimal PDF with a real text layer (Helvetica), written by hand with a valid xref."""

    def esc(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    content = "BT /F1 14 Tf 72 720 Td " + " ".join(f"({esc(x)}) Tj 0 -20 Td" for x in lines) + " ET"
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(pages))
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>",
    ]
    font_obj = 3 + 2 * pages
    for i in range(pages):
        objects.append(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 {font_obj} 0 R >> >> /Contents {4 + 2 * i} 0 R >>"
        )
        objects.append(f"<< /Length {len(content)} >>\nstream\n{content}\nendstream")
    objects.append("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    ).encode()
    return bytes(out)


def build_image(fmt: str = "PNG", size: tuple[int, int] = (64, 48)) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    for x in range(size[0]):
        image.putpixel((x, x % size[1]), (0, 0, 255))
    buffer = io.BytesIO()
    image.save(buffer, format=fmt)
    return buffer.getvalue()


@pytest.fixture
def make_pdf() -> Callable[..., bytes]:
    return build_pdf


@pytest.fixture
def make_image() -> Callable[..., bytes]:
    return build_image


@pytest.fixture
def api_calls(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Every AWS API call made through botocore, as ``"<service>.<Operation>"`` counts.

    Calls of a ``consuming`` thread are left out: it stands in for the event source mapping
    (AWS's poller, not the handler), so its ReceiveMessage/DeleteMessageBatch are not the
    handler's API calls.
    """
    calls: Counter[str] = Counter()
    original = BaseClient._make_api_call

    def counting(self: BaseClient, operation_name: str, api_params: Any) -> Any:
        if not threading.current_thread().name.startswith("consume-"):
            calls[f"{self.meta.service_model.service_name}.{operation_name}"] += 1
        return original(self, operation_name, api_params)

    monkeypatch.setattr(BaseClient, "_make_api_call", counting)
    return calls
