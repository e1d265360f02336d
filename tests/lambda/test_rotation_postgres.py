"""The rotation function against a real PostgreSQL server and moto's Secrets Manager."""

from __future__ import annotations

import json
import re
import secrets

import pg8000.native
import pytest
from rotation_postgres.errors import (
    AuthenticationError,
    DatabaseUnavailableError,
    InvalidSecretError,
    TlsError,
    UnsafeRotationError,
)
from rotation_postgres.scram import scram_sha256_verifier
from tfharness.postgres import HBA_LINE

pytestmark = pytest.mark.postgres

STEPS = ("createSecret", "setSecret", "testSecret", "finishSecret")


def _rolpassword(rotation, user):
    conn = rotation.pg.superuser()
    try:
        rows = conn.run("SELECT rolpassword FROM pg_catalog.pg_authid WHERE rolname = :u", u=user)
    finally:
        conn.close()
    return rows[0][0] if rows else None


def _no_pending_left(stages):
    return all("AWSPENDING" not in labels for labels in stages.values())


def test_full_rotation_switches_to_clone_and_moves_labels(rotation):
    original_version = rotation.version_of("AWSCURRENT")
    token = rotation.rotate()
    stages = rotation.stages()
    assert stages[token] == {"AWSCURRENT"}
    assert stages[original_version] == {"AWSPREVIOUS"}
    assert _no_pending_left(stages)
    current = rotation.value("AWSCURRENT")
    assert current["username"] == f"{rotation.app_user}_clone"
    assert current["password"] != rotation.app_password
    assert rotation.value("AWSPREVIOUS")["username"] == rotation.app_user
    assert [e["Step"] for e in rotation.aws.invoker.events] == list(STEPS)


def test_old_and_new_credentials_both_log_in(rotation):
    rotation.rotate()
    assert rotation.can_login(rotation.value("AWSCURRENT"))
    assert rotation.can_login(rotation.value("AWSPREVIOUS"))
    assert rotation.pg.login(rotation.app_user, rotation.app_password)
    assert not rotation.pg.login(f"{rotation.app_user}_clone", rotation.app_password)


def test_clone_has_the_same_privileges(rotation):
    rotation.rotate()
    current = rotation.value("AWSCURRENT")
    conn = rotation.pg.server.connect(
        user=current["username"], password=current["password"], database="appdb"
    )
    try:
        table = f"{pg8000.native.identifier(rotation.app_user)}.notes"
        conn.run(f"INSERT INTO {table} (body) VALUES ('written by the clone')")  # noqa: S608
        rows = conn.run(f"SELECT body FROM {table} ORDER BY id")  # noqa: S608
    finally:
        conn.close()
    assert [r[0] for r in rows] == ["created by the original user", "written by the clone"]


def test_new_password_is_stored_as_scram_verifier(rotation):
    rotation.rotate()
    stored = _rolpassword(rotation, f"{rotation.app_user}_clone")
    assert stored.startswith("SCRAM-SHA-256$4096:")


def test_second_rotation_flips_back_to_original_user(rotation):
    first = rotation.rotate()
    clone_value = rotation.value("AWSCURRENT")
    second = rotation.rotate()
    stages = rotation.stages()
    assert stages[second] == {"AWSCURRENT"}
    assert stages[first] == {"AWSPREVIOUS"}
    assert _no_pending_left(stages)
    current = rotation.value("AWSCURRENT")
    assert current["username"] == rotation.app_user
    assert current["password"] not in (rotation.app_password, clone_value["password"])
    assert rotation.value("AWSPREVIOUS") == clone_value
    assert rotation.can_login(current)
    assert rotation.can_login(clone_value)
    assert not rotation.pg.login(rotation.app_user, rotation.app_password)
    third = rotation.rotate()
    assert rotation.stages()[third] == {"AWSCURRENT"}
    assert rotation.value("AWSCURRENT")["username"] == f"{rotation.app_user}_clone"
    assert rotation.can_login(rotation.value("AWSCURRENT"))
    assert rotation.can_login(rotation.value("AWSPREVIOUS"))


def _snapshot(rotation, token):
    stages = rotation.stages()
    pending = None
    if "AWSPENDING" in stages.get(token, set()):
        try:
            resp = rotation.sm.get_secret_value(
                SecretId=rotation.secret_arn, VersionId=token, VersionStage="AWSPENDING"
            )
            pending = resp.get("SecretString")
        except rotation.sm.exceptions.ResourceNotFoundException:
            pending = None
    return (
        stages,
        rotation.value("AWSCURRENT"),
        pending,
        _rolpassword(rotation, rotation.app_user),
        _rolpassword(rotation, f"{rotation.app_user}_clone"),
    )


def test_every_step_rerun_is_a_no_op(rotation):
    token = rotation.begin()
    for step in STEPS:
        rotation.step(step, token)
        after_first = _snapshot(rotation, token)
        rotation.step(step, token)
        assert _snapshot(rotation, token) == after_first, f"re-running {step} changed state"
    final = _snapshot(rotation, token)
    for step in STEPS:  # after the rotation every step is a guarded no-op
        rotation.step(step, token)
    assert _snapshot(rotation, token) == final
    assert final[1]["username"] == f"{rotation.app_user}_clone"
    assert rotation.can_login(final[1])


def test_database_down_during_set_secret_then_retry(rotation):
    before_version = rotation.version_of("AWSCURRENT")
    before_value = rotation.value("AWSCURRENT")
    token = rotation.begin()
    rotation.step("createSecret", token)
    rotation.pg.server.stop()
    try:
        with pytest.raises(DatabaseUnavailableError, match="cannot reach PostgreSQL"):
            rotation.step("setSecret", token)
    finally:
        rotation.pg.server.start()
    assert rotation.version_of("AWSCURRENT") == before_version
    assert rotation.value("AWSCURRENT") == before_value
    assert rotation.stages()[token] == {"AWSPENDING"}
    assert rotation.can_login(before_value), "AWSCURRENT must still work after the failure"
    for step in STEPS[1:]:
        rotation.step(step, token)
    assert rotation.stages()[token] == {"AWSCURRENT"}
    assert _no_pending_left(rotation.stages())
    assert rotation.can_login(rotation.value("AWSCURRENT"))
    assert rotation.can_login(before_value)


def test_set_secret_before_create_is_a_clear_error(rotation):
    token = rotation.begin()
    with pytest.raises(Exception, match="run createSecret first"):
        rotation.step("setSecret", token)


def test_recovers_through_previous_when_current_is_rejected(rotation, capsys):
    rotation.rotate()  # current: clone, previous: original user
    clone = f"{rotation.app_user}_clone"
    conn = rotation.pg.superuser()
    verifier = scram_sha256_verifier(secrets.token_urlsafe(24))
    conn.run(
        f"ALTER ROLE {pg8000.native.identifier(clone)} PASSWORD {pg8000.native.literal(verifier)}"
    )
    conn.close()
    assert not rotation.can_login(rotation.value("AWSCURRENT"))
    rotation.rotate()
    assert "set_secret.proved_with_previous" in capsys.readouterr().out
    current = rotation.value("AWSCURRENT")
    assert current["username"] == rotation.app_user
    assert rotation.can_login(current)


def test_refuses_when_neither_current_nor_previous_log_in(rotation):
    conn = rotation.pg.superuser()
    verifier = scram_sha256_verifier(secrets.token_urlsafe(24))
    ident = pg8000.native.identifier(rotation.app_user)
    conn.run(f"ALTER ROLE {ident} PASSWORD {pg8000.native.literal(verifier)}")
    conn.close()
    token = rotation.begin()
    rotation.step("createSecret", token)
    with pytest.raises(AuthenticationError, match="no AWSPREVIOUS version"):
        rotation.step("setSecret", token)
    assert _rolpassword(rotation, f"{rotation.app_user}_clone") is None, "no role was created"


def test_refuses_to_take_over_an_unrelated_existing_role(rotation):
    clone = f"{rotation.app_user}_clone"
    conn = rotation.pg.superuser()
    verifier = scram_sha256_verifier(secrets.token_urlsafe(24))
    conn.run(
        f"CREATE ROLE {pg8000.native.identifier(clone)} LOGIN "
        f"PASSWORD {pg8000.native.literal(verifier)}"
    )
    conn.close()
    token = rotation.begin()
    rotation.step("createSecret", token)
    with pytest.raises(UnsafeRotationError, match="not a member"):
        rotation.step("setSecret", token)
    assert _rolpassword(rotation, clone) == verifier


def test_master_secret_for_another_host_is_refused(rotation):
    rotation.sm.put_secret_value(
        SecretId=rotation.master_arn,
        SecretString=json.dumps(
            {
                "username": "rds_master",
                "password": rotation.pg.master_password,
                "host": "attacker.example.com",
            }
        ),
    )
    token = rotation.begin()
    rotation.step("createSecret", token)
    with pytest.raises(InvalidSecretError) as info:
        rotation.step("setSecret", token)
    assert info.value.field == "host"


def test_wrong_ca_bundle_fails_closed(rotation, monkeypatch, ca_bundle):
    token = rotation.begin()
    rotation.step("createSecret", token)
    monkeypatch.setenv("PG_CA_BUNDLE", str(ca_bundle))  # a CA that did not sign the server
    with pytest.raises(TlsError, match="certificate verify failed"):
        rotation.step("setSecret", token)
    assert rotation.stages()[token] == {"AWSPENDING"}


# -- evidence from the server log -----------------------------------------------------------


def test_only_tls_connections_reach_the_server(rotation):
    log_start = len(rotation.pg.server.read_log())
    rotation.rotate()
    rotation.rotate()
    lines = rotation.pg.server.read_log()[log_start:].splitlines()
    received = [line for line in lines if "connection received" in line]
    authorized = [line for line in lines if "connection authorized" in line]
    rejected = [line for line in lines if "password authentication failed" in line]
    # Per rotation: current + master + pending (testSecret) log in; pending is first probed
    # and rejected in setSecret. Rejections happen after the hostssl line matched, i.e.
    # inside TLS; a plaintext attempt would instead log "no pg_hba.conf entry ... no
    # encryption".
    assert len(authorized) >= 6, "positive control: the rotation's logins are logged"
    assert len(rejected) >= 2
    assert len(received) == len(authorized) + len(rejected), "every attempt is accounted for"
    assert all("SSL enabled" in line for line in authorized)
    assert not any("no encryption" in line or "no pg_hba.conf entry" in line for line in lines)
    hba = [
        line.strip()
        for line in rotation.pg.server.hba_path.read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert hba == [HBA_LINE]


def test_server_log_never_sees_a_plaintext_password(rotation):
    log_start = len(rotation.pg.server.read_log())
    rotation.rotate()
    first = rotation.value("AWSCURRENT")["password"]
    rotation.rotate()
    second = rotation.value("AWSCURRENT")["password"]
    log = rotation.pg.server.read_log()[log_start:]
    ddl = [line for line in log.splitlines() if re.search(r"(CREATE|ALTER) ROLE", line)]
    assert len(ddl) == 2, "positive control: log_statement=all records the DDL"
    assert all("PASSWORD 'SCRAM-SHA-256$4096:" in line for line in ddl)
    for password in (rotation.app_password, first, second, rotation.pg.master_password):
        assert password not in log


def test_function_logs_carry_no_secret_values(rotation, capsys, caplog):
    caplog.set_level("DEBUG")
    rotation.rotate()
    rotation.rotate()
    output = capsys.readouterr()
    captured = output.out + output.err + caplog.text
    events = [json.loads(line)["event"] for line in output.out.splitlines()]
    assert "set_secret.role_created" in events and "set_secret.password_set" in events
    values = [
        rotation.value("AWSCURRENT")["password"],
        rotation.value("AWSPREVIOUS")["password"],
        rotation.app_password,
        rotation.pg.master_password,
    ]
    for value in values:
        assert value not in captured
    assert "SCRAM-SHA-256$" not in captured


def test_failure_logs_carry_no_secret_values(rotation, capsys):
    token = rotation.begin()
    rotation.step("createSecret", token)
    pending = rotation.value("AWSPENDING")
    rotation.pg.server.stop()
    try:
        with pytest.raises(DatabaseUnavailableError):
            rotation.step("setSecret", token)
    finally:
        rotation.pg.server.start()
    out = capsys.readouterr().out
    failure = [json.loads(line) for line in out.splitlines() if "rotation.failed" in line]
    assert failure and failure[0]["error_type"] == "DatabaseUnavailableError"
    for value in (pending["password"], rotation.app_password, rotation.pg.master_password):
        assert value not in out
