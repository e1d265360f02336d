"""Applications behind an RDS Proxy keep working through every step of a rotation.

There is no RDS Proxy locally, so ``SimulatedProxy`` models the parts of it that rotation
can break (docs/rotation.md, "How the proxy follows"):

- client authentication: the proxy accepts ``user/password`` only if one of its registered
  secrets (AWSCURRENT) names that user with that password;
- backend connections: the proxy logs in to the database with the *registered secret's*
  credentials and keeps those connections in a pool that outlives client sessions.

The test then checks the invariant the strategy promises: between any two steps, a freshly
started application (reads AWSCURRENT, opens a new connection through the proxy and
directly), a long-lived direct connection and a long-lived proxied session all work.
"""

from __future__ import annotations

import json
import socket
from dataclasses import dataclass, field
from typing import Any

import pg8000.native
import pytest
from rotation_postgres.errors import DatabaseUnavailableError

pytestmark = pytest.mark.postgres

STEPS = ("createSecret", "setSecret", "testSecret", "finishSecret")


class ProxyAuthError(Exception):
    pass


@dataclass
class ProxySession:
    user: str
    backend: pg8000.native.Connection

    def query(self, sql: str) -> Any:
        return self.backend.run(sql)


@dataclass
class SimulatedProxy:
    sm: Any
    registered_arns: list[str]
    pg: Any
    pool: dict[str, pg8000.native.Connection] = field(default_factory=dict)
    backend_logins: int = 0

    def _registered(self) -> dict[str, str]:
        users = {}
        for arn in self.registered_arns:
            value = json.loads(
                self.sm.get_secret_value(SecretId=arn, VersionStage="AWSCURRENT")["SecretString"]
            )
            users[value["username"]] = value["password"]
        return users

    def connect(self, user: str, password: str) -> ProxySession:
        registered = self._registered()
        if registered.get(user) != password:
            raise ProxyAuthError(f"proxy has no registered secret matching user {user!r}")
        if user not in self.pool:
            self.pool[user] = self.pg.server.connect(
                user=user, password=registered[user], database="appdb"
            )
            self.backend_logins += 1
        return ProxySession(user=user, backend=self.pool[user])

    def close(self) -> None:
        for conn in self.pool.values():
            conn.close()


@pytest.fixture
def proxy(proxied_rotation):
    p = SimulatedProxy(
        sm=proxied_rotation.sm,
        registered_arns=list(proxied_rotation.proxy_secret_arns.values()),
        pg=proxied_rotation.pg,
    )
    yield p
    p.close()


def _fresh_application(rotation, proxy, table):
    """What a newly started task does: read AWSCURRENT, connect via the proxy and directly."""
    current = rotation.value("AWSCURRENT")
    session = proxy.connect(current["username"], current["password"])
    assert session.query(f"SELECT count(*) FROM {table}")[0][0] >= 1  # noqa: S608
    direct = rotation.pg.server.connect(
        user=current["username"], password=current["password"], database="appdb"
    )
    direct.run(f"INSERT INTO {table} (body) VALUES ('fresh app')")  # noqa: S608
    direct.close()
    return current["username"]


def test_applications_keep_working_through_two_rotations_behind_the_proxy(proxied_rotation, proxy):
    rotation = proxied_rotation
    table = f"{pg8000.native.identifier(rotation.app_user)}.notes"
    long_lived_direct = rotation.pg.server.connect(
        user=rotation.app_user, password=rotation.app_password, database="appdb"
    )
    long_lived_proxied = proxy.connect(rotation.app_user, rotation.app_password)
    users_seen = []

    def between(step):
        users_seen.append((step, _fresh_application(rotation, proxy, table)))
        long_lived_direct.run(f"INSERT INTO {table} (body) VALUES ('long-lived')")  # noqa: S608
        assert long_lived_proxied.query("SELECT 1") == [[1]]

    try:
        for _ in range(2):
            between("before")
            rotation.run_steps(rotation.begin(), between=between)
    finally:
        long_lived_direct.close()

    clone = f"{rotation.app_user}_clone"
    assert [u for s, u in users_seen if s == "finishSecret"] == [clone, rotation.app_user]
    assert [u for s, u in users_seen if s == "testSecret"] == [rotation.app_user, clone]


def test_proxy_secrets_track_both_users(proxied_rotation):
    rotation = proxied_rotation
    clone = f"{rotation.app_user}_clone"
    for expected_current in (clone, rotation.app_user, clone):
        rotation.rotate()
        for stage in ("AWSCURRENT", "AWSPREVIOUS"):
            app_value = rotation.value(stage)
            proxy_value = rotation.value(
                "AWSCURRENT", secret_id=rotation.proxy_secret_arns[app_value["username"]]
            )
            assert proxy_value == {
                "username": app_value["username"],
                "password": app_value["password"],
            }
        assert rotation.value("AWSCURRENT")["username"] == expected_current


def test_proxy_secret_is_written_before_the_user_becomes_current(proxied_rotation, proxy):
    rotation = proxied_rotation
    token = rotation.begin()
    rotation.step("createSecret", token)
    pending = rotation.value("AWSPENDING")
    with pytest.raises(ProxyAuthError):
        proxy.connect(pending["username"], pending["password"])
    rotation.step("setSecret", token)
    # Still AWSPENDING, and the proxy already accepts it: finishSecret can flip safely.
    assert rotation.stages()[token] == {"AWSPENDING"}
    assert proxy.connect(pending["username"], pending["password"]).query("SELECT 1") == [[1]]


def test_application_with_cached_previous_credentials_still_connects(proxied_rotation, proxy):
    """An application that cached the secret before the rotation is not locked out."""
    rotation = proxied_rotation
    cached = rotation.value("AWSCURRENT")
    rotation.rotate()
    assert rotation.value("AWSPREVIOUS") == cached
    session = proxy.connect(cached["username"], cached["password"])
    assert session.query("SELECT current_user")[0][0] == rotation.app_user


def test_test_secret_fails_if_the_proxy_secret_is_stale(proxied_rotation):
    rotation = proxied_rotation
    token = rotation.begin()
    rotation.step("createSecret", token)
    rotation.step("setSecret", token)
    clone = f"{rotation.app_user}_clone"
    rotation.sm.put_secret_value(
        SecretId=rotation.proxy_secret_arns[clone],
        SecretString=json.dumps({"username": clone, "password": "stale"}),
    )
    with pytest.raises(Exception, match="does not hold the AWSPENDING password"):
        rotation.step("testSecret", token)
    rotation.step("setSecret", token)  # re-running setSecret repairs it
    rotation.step("testSecret", token)
    rotation.step("finishSecret", token)
    assert rotation.value("AWSCURRENT")["username"] == clone


def test_proxy_secret_for_another_user_is_refused(proxied_rotation):
    rotation = proxied_rotation
    clone = f"{rotation.app_user}_clone"
    rotation.sm.put_secret_value(
        SecretId=rotation.proxy_secret_arns[clone],
        SecretString=json.dumps({"username": "someone_else", "password": "x"}),
    )
    token = rotation.begin()
    rotation.step("createSecret", token)
    with pytest.raises(Exception, match="belongs to user 'someone_else'"):
        rotation.step("setSecret", token)


def test_test_secret_probes_the_proxy_endpoint(proxied_rotation, capsys):
    rotation = proxied_rotation
    rotation.rotate()
    out = capsys.readouterr().out
    probes = [json.loads(line) for line in out.splitlines() if "proxy_accepts" in line]
    assert len(probes) == 1
    assert probes[0]["username"] == f"{rotation.app_user}_clone"


def test_unreachable_proxy_stops_the_rotation_before_finish(proxied_rotation, monkeypatch):
    rotation = proxied_rotation
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    value = rotation.value("AWSCURRENT")
    rotation.sm.put_secret_value(
        SecretId=rotation.secret_arn, SecretString=json.dumps({**value, "proxy_port": closed_port})
    )
    before = rotation.version_of("AWSCURRENT")
    token = rotation.begin()
    for step in STEPS[:2]:
        rotation.step(step, token)
    with pytest.raises(DatabaseUnavailableError, match=f"127.0.0.1:{closed_port}"):
        rotation.step("testSecret", token)
    assert rotation.version_of("AWSCURRENT") == before
    assert rotation.stages()[token] == {"AWSPENDING"}
