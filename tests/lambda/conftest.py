"""Fixtures for Lambda tests: a throwaway PostgreSQL server and moto's Secrets Manager.

- ``pg`` (session): ``ThrowawayPostgres`` with ``log_statement=all``; an RDS-like master role
  (CREATEROLE, not superuser) and a database ``appdb``.
- ``aws`` (function): dummy credentials, ``mock_aws`` with the Docker-free Lambda backend whose
  ``invoke`` runs the real rotation handler in-process.
- ``rotation`` (function): a fresh application role + secrets, and helpers to drive a rotation
  through moto's ``rotate_secret`` or step by step.
"""

from __future__ import annotations

import io
import json
import secrets
import uuid
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import boto3.session
import pg8000.native
import pytest
from moto import mock_aws
from moto.awslambda_simple.models import LambdaSimpleBackend
from rotation_postgres.handler import handler as rotation_handler
from rotation_postgres.scram import scram_sha256_verifier
from tfharness.postgres import PostgresFixtureError, ThrowawayPostgres, write_tls_material

REGION = "us-east-1"
SM_ENDPOINT = f"https://secretsmanager.{REGION}.amazonaws.com"
MASTER_USER = "rds_master"
APP_DB = "appdb"
STEPS = ("createSecret", "setSecret", "testSecret", "finishSecret")


@dataclass
class PgCluster:
    server: ThrowawayPostgres
    master_password: str

    def superuser(self, database: str = APP_DB) -> pg8000.native.Connection:
        return self.server.connect(database=database)

    def login(self, username: str, password: str, database: str = APP_DB) -> bool:
        """True if the credentials log in over TLS; False if the server rejects them."""
        try:
            conn = self.server.connect(user=username, password=password, database=database)
        except pg8000.native.DatabaseError as exc:
            if exc.args and isinstance(exc.args[0], dict) and exc.args[0].get("C") == "28P01":
                return False
            raise
        conn.close()
        return True


@pytest.fixture(scope="session")
def pg() -> Iterator[PgCluster]:
    try:
        server = ThrowawayPostgres(log_statements=True)
        server.start()
    except PostgresFixtureError as exc:
        if "not found" in str(exc):
            pytest.skip(f"PostgreSQL server binaries unavailable: {exc}")
        raise
    try:
        master_password = secrets.token_urlsafe(24)
        conn = server.connect()
        verifier = scram_sha256_verifier(master_password)
        conn.run(
            f"CREATE ROLE {MASTER_USER} WITH LOGIN CREATEROLE CREATEDB "
            f"PASSWORD {pg8000.native.literal(verifier)}"
        )
        conn.run(f"CREATE DATABASE {APP_DB} OWNER {MASTER_USER}")
        conn.close()
        yield PgCluster(server=server, master_password=master_password)
    finally:
        server.close()


@pytest.fixture
def ca_bundle(tmp_path: Path) -> Path:
    """A CA file for tests that need configuration but no server."""
    tls = tmp_path / "tls"
    tls.mkdir()
    return write_tls_material(tls).ca_cert


@dataclass
class LambdaContext:
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    function_name: str = "phi-rotation-postgres"


@dataclass
class InvokeRecorder:
    """Replaces moto's Lambda invoke: run the handler in-process, or only record events."""

    run_handler: bool = True
    events: list[dict[str, Any]] = field(default_factory=list)

    def __call__(self, body: Any) -> bytes:
        event = json.loads(body)
        self.events.append(event)
        if self.run_handler:
            rotation_handler(event, LambdaContext())
        return b"null"


@dataclass
class AwsEnv:
    sm: Any
    invoker: InvokeRecorder
    function_arn: str


def _zip_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("rotation_postgres/__init__.py", "")
    return buf.getvalue()


@pytest.fixture
def aws_env_vars(monkeypatch: pytest.MonkeyPatch, ca_bundle: Path) -> None:
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_DEFAULT_REGION": REGION,
        "AWS_REGION": REGION,
        "SECRETS_MANAGER_ENDPOINT": SM_ENDPOINT,
        "PG_CA_BUNDLE": str(ca_bundle),
    }.items():
        monkeypatch.setenv(name, value)
    for name in ("AWS_PROFILE", "PG_ALLOWED_HOSTS", "PASSWORD_LENGTH", "EXCLUDE_CHARACTERS"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def boto_session() -> boto3.session.Session:
    """One session for the test clients: it caches service models (IAM's costs ~0.1 s)."""
    return boto3.session.Session(
        aws_access_key_id="testing", aws_secret_access_key="testing", region_name=REGION
    )


@pytest.fixture
def aws(
    aws_env_vars: None, monkeypatch: pytest.MonkeyPatch, boto_session: boto3.session.Session
) -> Iterator[AwsEnv]:
    invoker = InvokeRecorder()

    def fake_invoke(self: Any, function_name: str, qualifier: Any, body: Any, **_: Any) -> bytes:
        return invoker(body)

    monkeypatch.setattr(LambdaSimpleBackend, "invoke", fake_invoke)
    with mock_aws(config={"lambda": {"use_docker": False}}):
        iam = boto_session.client("iam")
        role = iam.create_role(
            RoleName="rotation-lambda",
            AssumeRolePolicyDocument=json.dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Effect": "Allow",
                            "Principal": {"Service": "lambda.amazonaws.com"},
                            "Action": "sts:AssumeRole",
                        }
                    ],
                }
            ),
        )
        fn = boto_session.client("lambda").create_function(
            FunctionName="phi-rotation-postgres",
            Runtime="python3.12",
            Role=role["Role"]["Arn"],
            Handler="rotation_postgres.handler.handler",
            Code={"ZipFile": _zip_bytes()},
        )
        sm = boto_session.client("secretsmanager", endpoint_url=SM_ENDPOINT)
        yield AwsEnv(sm=sm, invoker=invoker, function_arn=fn["FunctionArn"])


@dataclass
class RotationEnv:
    """One application user, its secrets, and ways to rotate them (``pg`` None: secrets only)."""

    pg: PgCluster | None
    aws: AwsEnv
    app_user: str
    app_password: str
    secret_arn: str
    master_arn: str
    proxy_secret_arns: dict[str, str]

    @property
    def sm(self) -> Any:
        return self.aws.sm

    # -- driving ---------------------------------------------------------------------------
    def rotate(self) -> str:
        """A full rotation through moto's rotate_secret (which invokes the four steps)."""
        self.aws.invoker.run_handler = True
        resp = self.sm.rotate_secret(
            SecretId=self.secret_arn,
            RotationLambdaARN=self.aws.function_arn,
            RotationRules={"AutomaticallyAfterDays": 30},
        )
        return str(resp["VersionId"])

    def begin(self) -> str:
        """Start a rotation without running any step: AWSPENDING stub only."""
        self.aws.invoker.run_handler = False
        try:
            resp = self.sm.rotate_secret(
                SecretId=self.secret_arn,
                RotationLambdaARN=self.aws.function_arn,
                RotationRules={"AutomaticallyAfterDays": 30},
            )
        finally:
            self.aws.invoker.run_handler = True
        return str(resp["VersionId"])

    def event(self, step: str, token: str) -> dict[str, str]:
        return {"Step": step, "SecretId": self.secret_arn, "ClientRequestToken": token}

    def step(self, step: str, token: str) -> None:
        rotation_handler(self.event(step, token), LambdaContext())

    def run_steps(self, token: str, between: Callable[[str], None] | None = None) -> None:
        for name in STEPS:
            self.step(name, token)
            if between is not None:
                between(name)

    # -- observing -------------------------------------------------------------------------
    def stages(self) -> dict[str, set[str]]:
        desc = self.sm.describe_secret(SecretId=self.secret_arn)
        return {k: set(v) for k, v in desc["VersionIdsToStages"].items()}

    def value(self, stage: str = "AWSCURRENT", secret_id: str | None = None) -> dict[str, Any]:
        resp = self.sm.get_secret_value(SecretId=secret_id or self.secret_arn, VersionStage=stage)
        value: dict[str, Any] = json.loads(resp["SecretString"])
        return value

    def version_of(self, stage: str) -> str | None:
        for version, stages in self.stages().items():
            if stage in stages:
                return version
        return None

    def can_login(self, value: dict[str, Any]) -> bool:
        assert self.pg is not None
        return self.pg.login(value["username"], value["password"])


def _create_app_role(pg: PgCluster, username: str, password: str) -> None:
    """Create the application role the way the platform would: via the master user."""
    conn = pg.server.connect(user=MASTER_USER, password=pg.master_password, database=APP_DB)
    verifier = scram_sha256_verifier(password)
    ident = pg8000.native.identifier(username)
    conn.run(f"CREATE ROLE {ident} WITH LOGIN PASSWORD {pg8000.native.literal(verifier)}")
    conn.close()
    su = pg.superuser()
    su.run(f"CREATE SCHEMA {ident} AUTHORIZATION {ident}")
    su.close()
    app = pg.server.connect(user=username, password=password, database=APP_DB)
    app.run(f"CREATE TABLE {ident}.notes (id serial PRIMARY KEY, body text NOT NULL)")
    insert = f"INSERT INTO {ident}.notes (body) VALUES (:body)"  # noqa: S608 (quoted identifier)
    app.run(insert, body="created by the original user")
    app.close()


def make_rotation_env(
    pg: PgCluster, aws: AwsEnv, *, with_proxy: bool = False, extra: dict[str, Any] | None = None
) -> RotationEnv:
    app_user = f"app_{uuid.uuid4().hex[:8]}"
    app_password = secrets.token_urlsafe(24)
    _create_app_role(pg, app_user, app_password)
    master = aws.sm.create_secret(
        Name=f"rds!db-{uuid.uuid4()}",
        SecretString=json.dumps({"username": MASTER_USER, "password": pg.master_password}),
    )
    proxy_arns: dict[str, str] = {}
    if with_proxy:
        for user, password in ((app_user, app_password), (f"{app_user}_clone", None)):
            resp = aws.sm.create_secret(
                Name=f"proxy/{user}",
                SecretString=json.dumps(
                    {"username": user, "password": password or secrets.token_urlsafe(24)}
                ),
            )
            proxy_arns[user] = resp["ARN"]
    value: dict[str, Any] = {
        "engine": "postgres",
        "host": pg.server.host,
        "port": pg.server.port,
        "dbname": APP_DB,
        "username": app_user,
        "password": app_password,
        "masterarn": master["ARN"],
        "ssl": True,
    }
    if with_proxy:
        # No RDS Proxy locally: the probe in testSecret goes to the database itself, and the
        # proxy's auth semantics are modelled in-process (test_rotation_proxy.SimulatedProxy).
        value["proxy_host"] = pg.server.host
        value["proxy_port"] = pg.server.port
        value["proxy_secrets"] = proxy_arns
    value.update(extra or {})
    app = aws.sm.create_secret(Name=f"app/{app_user}", SecretString=json.dumps(value))
    return RotationEnv(
        pg=pg,
        aws=aws,
        app_user=app_user,
        app_password=app_password,
        secret_arn=app["ARN"],
        master_arn=master["ARN"],
        proxy_secret_arns=proxy_arns,
    )


def make_secret_only_env(
    aws: AwsEnv, overrides: dict[str, Any] | None = None, drop: tuple[str, ...] = ()
) -> RotationEnv:
    """Secrets without a database: for input checks that fail before any connection."""
    master = aws.sm.create_secret(
        Name=f"rds!db-{uuid.uuid4()}",
        SecretString=json.dumps({"username": MASTER_USER, "password": "unused-master-pw"}),
    )
    value: dict[str, Any] = {
        "engine": "postgres",
        "host": "db.example.internal",
        "port": 5432,
        "dbname": APP_DB,
        "username": "app",
        "password": "unused-app-pw",
        "masterarn": master["ARN"],
        "ssl": True,
    }
    value.update(overrides or {})
    for name in drop:
        value.pop(name)
    app = aws.sm.create_secret(Name=f"app/{uuid.uuid4()}", SecretString=json.dumps(value))
    return RotationEnv(
        pg=None,
        aws=aws,
        app_user=str(value.get("username")),
        app_password=str(value.get("password")),
        secret_arn=app["ARN"],
        master_arn=master["ARN"],
        proxy_secret_arns={},
    )


@pytest.fixture
def secret_only(aws: AwsEnv) -> Callable[..., RotationEnv]:
    def factory(overrides: dict[str, Any] | None = None, drop: tuple[str, ...] = ()) -> RotationEnv:
        return make_secret_only_env(aws, overrides, drop)

    return factory


@pytest.fixture
def pg_env(monkeypatch: pytest.MonkeyPatch, pg: PgCluster, aws_env_vars: None) -> None:
    """Point the rotation function at the throwaway server's CA."""
    monkeypatch.setenv("PG_CA_BUNDLE", str(pg.server.ca_cert_path))


@pytest.fixture
def rotation(pg: PgCluster, pg_env: None, aws: AwsEnv) -> RotationEnv:
    return make_rotation_env(pg, aws)


@pytest.fixture
def proxied_rotation(pg: PgCluster, pg_env: None, aws: AwsEnv) -> RotationEnv:
    return make_rotation_env(pg, aws, with_proxy=True)
