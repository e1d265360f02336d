"""Schema migrations: applied once, recorded, drift refused, least-privilege roles work.

The deploy-time Lambda (``workflows_schema.handler``) is exercised here against a fresh
database with the master user's secret, exactly as Terraform would invoke it.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pg8000.native
import pytest
from workflows_core import runtime
from workflows_core.errors import ConfigurationError, InvalidInputError, SecretError
from workflows_schema.handler import handler as migrate_handler
from workflows_schema.logins import LoginError, parse_login_roles
from workflows_schema.migrate import (
    Migration,
    MigrationDriftError,
    MigrationError,
    load_migrations,
    migrate,
    split_statements,
)

pytestmark = pytest.mark.postgres


class _Conn:
    def __init__(self, conn: pg8000.native.Connection) -> None:
        self.conn = conn

    def run(self, sql: str, **params: Any) -> list[list[Any]]:
        return self.conn.run(sql, **params) or []


@pytest.fixture
def empty_db(wf: Any) -> Iterator[tuple[str, str]]:
    """A fresh, empty database owned by the master user and a secret pointing at it."""
    name = f"mig_{uuid.uuid4().hex[:8]}"
    su = wf.db.cluster.server.connect()
    su.run(f"CREATE DATABASE {name} OWNER wf_master")
    su.close()
    value = {**wf.db.master_secret_value(), "dbname": name}
    arn = wf.client("secretsmanager").create_secret(
        Name=f"db/{name}", SecretString=json.dumps(value)
    )["ARN"]
    yield name, arn
    runtime.reset()
    su = wf.db.cluster.server.connect()
    su.run(f"DROP DATABASE {name} WITH (FORCE)")
    su.close()


def test_the_deploy_lambda_migrates_a_fresh_database_once(wf: Any, empty_db: Any) -> None:
    name, arn = empty_db
    wf.monkeypatch.setenv("DB_SECRET_ARN", arn)
    first = migrate_handler({}, None)
    assert first["applied"] == [f"{m.version:04d}_{m.name}" for m in load_migrations()]
    again = migrate_handler({}, None)
    assert again == {"applied": [], "version": len(load_migrations()), "logins": []}
    conn = wf.db.cluster.master(name)
    recorded = conn.run("SELECT version, checksum FROM public.workflows_schema_migrations")
    conn.close()
    assert {v: c for v, c in recorded} == {m.version: m.checksum for m in load_migrations()}


def test_an_edited_migration_is_refused(wf: Any, empty_db: Any) -> None:
    name, _ = empty_db
    conn = wf.db.cluster.master(name)
    try:
        migrate(_Conn(conn))
        edited = [*load_migrations()]
        edited[0] = Migration(edited[0].version, edited[0].name, edited[0].sql + "\n-- edit")
        with pytest.raises(MigrationDriftError, match="0001_core"):
            migrate(_Conn(conn), edited)
    finally:
        conn.close()


def test_a_failing_migration_leaves_nothing_behind(wf: Any, empty_db: Any) -> None:
    name, _ = empty_db
    conn = wf.db.cluster.master(name)
    try:
        bad = [Migration(1, "broken", "CREATE TABLE half_done (id int); SELECT 1/0;")]
        with pytest.raises(pg8000.native.DatabaseError):
            migrate(_Conn(conn), bad)
        tables = conn.run("SELECT count(*) FROM pg_tables WHERE tablename = 'half_done'")
        versions = conn.run("SELECT count(*) FROM public.workflows_schema_migrations")
    finally:
        conn.close()
    assert tables == [[0]] and versions == [[0]]


def test_the_migration_lambda_names_missing_settings(wf: Any) -> None:
    wf.monkeypatch.delenv("DB_SECRET_ARN", raising=False)
    with pytest.raises(InvalidInputError, match="DB_SECRET_ARN"):
        migrate_handler({}, None)
    wf.monkeypatch.setenv(
        "DB_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:123456789012:secret:nope"
    )
    with pytest.raises(SecretError, match="ResourceNotFoundException"):
        migrate_handler({}, None)


@pytest.mark.parametrize(
    ("role", "statement"),
    [
        ("workflows_redeem", "SELECT phone_e164 FROM workflows.patients"),
        ("workflows_redeem", "SELECT token_nonce FROM workflows.invitations"),
        ("workflows_intake", "SELECT email FROM workflows.patients"),
        ("workflows_intake", "SELECT * FROM workflows.invitations"),
        ("workflows_outreach", "SELECT * FROM workflows.documents"),
        ("workflows_outreach", "DELETE FROM workflows.sends"),
        ("workflows_outreach", "UPDATE workflows.patients SET email = NULL"),
        ("workflows_redeem", "SELECT workflows.refresh_outreach_statistics()"),
        ("workflows_intake", "SELECT workflows.refresh_outreach_statistics()"),
        ("workflows_redeem", "SELECT nextval('workflows.invitations_id_seq')"),
    ],
)
def test_function_roles_cannot_reach_what_they_do_not_need(
    wf_db: Any, role: str, statement: str
) -> None:
    user, password = wf_db.users[role]
    conn = wf_db.cluster.server.connect(user=user, password=password, database=wf_db.name)
    try:
        with pytest.raises(pg8000.native.DatabaseError) as failure:
            conn.run(statement)
    finally:
        conn.close()
    assert failure.value.args[0]["C"] == "42501"  # insufficient_privilege


@pytest.fixture
def logins(wf: Any) -> Iterator[Callable[..., str]]:
    """``logins(prefix, *member_of)``: a new login role (cluster-wide, dropped afterwards)."""
    made: list[str] = []
    su = wf.db.cluster.server.connect()

    def make(prefix: str, *member_of: str) -> str:
        name = f"{prefix}_{uuid.uuid4().hex[:6]}"
        su.run(f"CREATE ROLE {name} LOGIN PASSWORD '{uuid.uuid4().hex}'")
        for group in member_of:
            su.run(f"GRANT {group} TO {name}")
        made.append(name)
        return name

    yield make
    for name in reversed(made):
        su.run(f"DROP ROLE IF EXISTS {name}")
    su.close()


def _member(wf: Any, login: str, role: str, mode: str = "MEMBER") -> bool:
    su = wf.db.cluster.server.connect()
    try:
        return bool(su.run("SELECT pg_has_role(:l, :r, :m)", l=login, r=role, m=mode)[0][0])
    finally:
        su.close()


def test_the_deploy_lambda_gives_each_login_its_role_and_no_other(
    wf: Any, empty_db: Any, logins: Callable[..., str]
) -> None:
    _, arn = empty_db
    wf.monkeypatch.setenv("DB_SECRET_ARN", arn)
    migrate_handler({}, None)  # the group roles exist from here on
    outreach = logins("outreach")
    intake = logins("intake", "workflows_redeem")  # a stray membership to take away
    clone = logins(f"{outreach}_clone", outreach)  # as the rotation makes the clone
    wf.monkeypatch.setenv(
        "LOGIN_ROLES", json.dumps({outreach: "workflows_outreach", intake: "workflows_intake"})
    )
    result = migrate_handler({}, None)
    assert result["logins"] == [
        f"{intake}: +workflows_intake -workflows_redeem",
        f"{outreach}: +workflows_outreach",
    ]
    assert _member(wf, outreach, "workflows_outreach") and _member(wf, intake, "workflows_intake")
    assert not _member(wf, intake, "workflows_redeem")
    assert _member(wf, clone, "workflows_outreach", "USAGE")  # inherited through the login
    assert migrate_handler({}, None)["logins"] == []  # idempotent


def test_a_missing_login_fails_the_deploy_and_grants_nothing(
    wf: Any, empty_db: Any, logins: Callable[..., str]
) -> None:
    _, arn = empty_db
    wf.monkeypatch.setenv("DB_SECRET_ARN", arn)
    migrate_handler({}, None)
    present = logins("aa_redeem")
    missing = f"zz_outreach_{uuid.uuid4().hex[:6]}"
    wf.monkeypatch.setenv(
        "LOGIN_ROLES", json.dumps({present: "workflows_redeem", missing: "workflows_outreach"})
    )
    with pytest.raises(LoginError, match=f"login '{missing}' does not exist"):
        migrate_handler({}, None)
    assert not _member(wf, present, "workflows_redeem")  # one transaction: all or nothing


@pytest.mark.parametrize(
    ("raw", "rule"),
    [
        ("outreach=workflows_outreach", "must be a JSON object"),
        ('["outreach"]', "must be a JSON object"),
        ('{"outreach": "workflows_admin"}', "must be one of"),
        ('{"Outreach": "workflows_outreach"}', "lower-case identifier"),
        ('{"workflows_intake": "workflows_intake"}', "not a group role"),
        ('{"a; DROP ROLE x": "workflows_intake"}', "lower-case identifier"),
    ],
)
def test_bad_login_roles_name_the_variable_and_the_rule(raw: str, rule: str) -> None:
    with pytest.raises(ConfigurationError) as failure:
        parse_login_roles(raw)
    assert "LOGIN_ROLES" in str(failure.value) and rule in str(failure.value)


# -- the statement splitter (no database) ------------------------------------------------


def test_split_statements_respects_quotes_comments_and_dollar_quotes() -> None:
    sql = """
    -- a comment; with a semicolon
    CREATE TABLE a (t text DEFAULT 'x;y');
    /* block; comment */
    DO $$ BEGIN PERFORM 1; END $$;
    DO $body$ BEGIN RAISE NOTICE 'it''s; fine'; END $body$;
    SELECT 1
    """
    assert [s.split()[0] for s in split_statements(sql)] == ["CREATE", "DO", "DO", "SELECT"]
    assert "'x;y'" in split_statements(sql)[0]


def test_migration_files_are_numbered_without_gaps() -> None:
    versions = [m.version for m in load_migrations()]
    assert versions == list(range(1, len(versions) + 1))
    assert all(
        m.checksum == Migration(m.version, m.name, m.sql).checksum for m in load_migrations()
    )
    assert issubclass(MigrationDriftError, MigrationError)
