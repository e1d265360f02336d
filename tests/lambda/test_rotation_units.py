"""Unit tests: SCRAM verifiers, log scrubbing, the TLS-only connection factory, role guards."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import socket
import ssl
import struct
import threading
from base64 import b64decode, b64encode
from dataclasses import dataclass, field

import pg8000.native
import pytest
from rotation_postgres import logs
from rotation_postgres.config import RotationSettings
from rotation_postgres.errors import (
    AuthenticationError,
    ConfigurationError,
    DatabaseUnavailableError,
    TlsError,
    UnsafeRotationError,
)
from rotation_postgres.model import Credentials, Endpoint, parse_app_secret
from rotation_postgres.pg import (
    ConnectionFactory,
    Pg8000AdminSession,
    Pg8000Database,
    make_ssl_context,
    require_verifying,
)
from rotation_postgres.ports import RoleInfo, SecretDescription
from rotation_postgres.scram import scram_sha256_verifier
from rotation_postgres.steps import (
    Clock,
    Context,
    _create_or_update_role,
    _wait_until_proxy_accepts,
)
from tfharness.postgres import write_tls_material

SSL_REQUEST = struct.pack("!ii", 8, 80877103)


# -- SCRAM ------------------------------------------------------------------------------------


def _reference_verifier(password: str, salt: bytes, iterations: int) -> str:
    """RFC 5802/7677 computed with hashlib only, independent of scramp."""
    salted = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, iterations)
    client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
    stored_key = hashlib.sha256(client_key).digest()
    server_key = hmac.new(salted, b"Server Key", hashlib.sha256).digest()
    parts = [b64encode(x).decode() for x in (salt, stored_key, server_key)]
    return f"SCRAM-SHA-256${iterations}:{parts[0]}${parts[1]}:{parts[2]}"


def test_verifier_matches_rfc_computation():
    salt = bytes(range(16))
    got = scram_sha256_verifier("correct horse", salt=salt)
    assert got == _reference_verifier("correct horse", salt, 4096)


def test_verifier_format_and_fresh_salt():
    a = scram_sha256_verifier("pw")
    b = scram_sha256_verifier("pw")
    assert a != b, "each verifier must use a fresh random salt"
    prefix, rest = a.split("$", 1)
    assert prefix == "SCRAM-SHA-256"
    iter_salt, keys = rest.split("$")
    iterations, salt = iter_salt.split(":")
    stored, server = keys.split(":")
    assert int(iterations) == 4096
    assert len(b64decode(salt)) >= 16
    assert len(b64decode(stored)) == 32 == len(b64decode(server))
    assert "pw" not in a.split("$", 1)[1].replace(salt, "")


# -- logging ---------------------------------------------------------------------------------


def test_json_log_lines_scrub_credential_fields(capsys):
    logs.configure_logging()
    logs.log_info("demo", username="app", password="hunter2", new_verifier="SCRAM-SHA-256$x")
    with logs.bound(step="setSecret"):
        logs.log_info("inner", secret_string='{"password":"hunter2"}')
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert lines[0]["event"] == "demo"
    assert lines[0]["username"] == "app"
    assert lines[0]["password"] == "[redacted]"
    assert lines[0]["new_verifier"] == "[redacted]"
    assert lines[1]["step"] == "setSecret"
    assert lines[1]["secret_string"] == "[redacted]"
    assert "hunter2" not in json.dumps(lines)


# -- TLS-only connection factory -------------------------------------------------------------


def test_factory_passes_a_verifying_context_to_pg8000(monkeypatch, ca_bundle):
    seen = {}

    def fake_connection(**kwargs):
        seen.update(kwargs)
        return object()

    monkeypatch.setattr(pg8000.native, "Connection", fake_connection)
    factory = ConnectionFactory(make_ssl_context(ca_bundle), timeout=3)
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        port = listener.getsockname()[1]
        factory.connect(Endpoint("127.0.0.1", port, "appdb"), Credentials("app", "pw"))
    sock = seen["sock"]
    assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
    sock.close()
    ctx = seen["ssl_context"]
    assert isinstance(ctx, ssl.SSLContext)
    assert ctx.verify_mode == ssl.CERT_REQUIRED
    assert ctx.check_hostname is True
    assert ctx.minimum_version >= ssl.TLSVersion.TLSv1_2
    assert seen["host"] == "127.0.0.1", "host drives SNI and the certificate name check"
    assert seen["timeout"] == 3


def test_ca_bundle_that_is_not_pem_is_a_configuration_error(tmp_path):
    bogus = tmp_path / "ca.pem"
    bogus.write_text("not a certificate")
    with pytest.raises(ConfigurationError) as info:
        make_ssl_context(bogus)
    assert info.value.field == "PG_CA_BUNDLE"


@pytest.mark.parametrize("bad", [None, True, False, "require"])
def test_factory_refuses_anything_but_an_ssl_context(bad):
    with pytest.raises(TlsError, match="plaintext connections are not allowed"):
        ConnectionFactory(bad)  # type: ignore[arg-type]


def test_factory_refuses_non_verifying_context():
    lax = ssl.create_default_context()
    lax.check_hostname = False
    with pytest.raises(TlsError, match="verify"):
        require_verifying(lax)
    lax.verify_mode = ssl.CERT_NONE
    with pytest.raises(TlsError, match="verify"):
        ConnectionFactory(lax)


@dataclass
class FakeServer:
    """Loopback listener that answers PostgreSQL's SSLRequest, then records what follows."""

    reply: bytes
    tls_context: ssl.SSLContext | None = None
    received: list[bytes] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(1)
        self.port = self.sock.getsockname()[1]
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        conn, _ = self.sock.accept()
        conn.settimeout(2)
        with contextlib.suppress(OSError):
            self.received.append(conn.recv(8))
            conn.sendall(self.reply)
            if self.tls_context is not None:
                conn = self.tls_context.wrap_socket(conn, server_side=True)
            while chunk := conn.recv(4096):
                self.received.append(chunk)
        conn.close()

    def close(self) -> None:
        self.thread.join(timeout=5)
        self.sock.close()


def _factory(ca_path) -> ConnectionFactory:
    return ConnectionFactory(make_ssl_context(ca_path), timeout=2)


def test_server_refusing_tls_gets_no_plaintext_startup(ca_bundle):
    server = FakeServer(reply=b"N")
    try:
        with pytest.raises(TlsError, match="refused TLS; plaintext is never attempted"):
            _factory(ca_bundle).connect(
                Endpoint("127.0.0.1", server.port, "appdb"), Credentials("app", "pw")
            )
    finally:
        server.close()
    assert server.received[0] == SSL_REQUEST
    assert b"".join(server.received[1:]) == b"", "nothing may follow a refused SSLRequest"


def _tls_server_context(tmp_path, names):
    material = write_tls_material(tmp_path, server_names=names)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(material.server_cert, material.server_key)
    return ctx, material.ca_cert


def test_certificate_for_another_host_is_rejected(tmp_path):
    ctx, ca = _tls_server_context(tmp_path, ("db.other.internal",))
    server = FakeServer(reply=b"S", tls_context=ctx)
    try:
        with pytest.raises(TlsError, match=r"TLS with 127\.0\.0\.1"):
            _factory(ca).connect(
                Endpoint("127.0.0.1", server.port, "appdb"), Credentials("app", "pw")
            )
    finally:
        server.close()
    assert b"app" not in b"".join(server.received), "no startup packet before verification"


def test_certificate_from_unknown_ca_is_rejected(tmp_path, ca_bundle):
    ctx, _their_ca = _tls_server_context(tmp_path, ("127.0.0.1",))
    server = FakeServer(reply=b"S", tls_context=ctx)
    try:
        with pytest.raises(TlsError, match="certificate verify failed"):
            _factory(ca_bundle).connect(
                Endpoint("127.0.0.1", server.port, "appdb"), Credentials("app", "pw")
            )
    finally:
        server.close()


def test_closed_port_is_unavailable_not_bad_password(ca_bundle):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    db = Pg8000Database(_factory(ca_bundle))
    with pytest.raises(DatabaseUnavailableError, match=f"127.0.0.1:{port}"):
        db.can_login(Endpoint("127.0.0.1", port, "appdb"), Credentials("app", "pw"))


# -- the last guard before DDL ---------------------------------------------------------------


class _RecordingConn:
    def __init__(self) -> None:
        self.sql: list[str] = []

    def run(self, sql: str, **params):
        self.sql.append(sql)
        return []


def test_admin_session_refuses_plaintext_password():
    conn = _RecordingConn()
    session = Pg8000AdminSession(conn)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="not a SCRAM-SHA-256 verifier"):
        session.set_password("app", "plaintext-password")
    with pytest.raises(ValueError, match="not a SCRAM-SHA-256 verifier"):
        session.create_login_role("app_clone", "plaintext-password", member_of="app")
    assert conn.sql == []


def test_admin_session_quotes_identifiers():
    conn = _RecordingConn()
    session = Pg8000AdminSession(conn)  # type: ignore[arg-type]
    verifier = scram_sha256_verifier("pw")
    session.create_login_role('we"ird', verifier, member_of="a b")
    assert conn.sql[1] == f'CREATE ROLE "we""ird" WITH LOGIN PASSWORD \'{verifier}\''
    assert conn.sql[2] == 'GRANT "a b" TO "we""ird"'
    assert conn.sql[0] == "START TRANSACTION" and conn.sql[-1] == "COMMIT"


@dataclass
class FakeSession:
    roles: dict[str, RoleInfo]
    members: set[tuple[str, str]]
    changed: list[str] = field(default_factory=list)

    def role(self, name):
        return self.roles.get(name)

    def is_member(self, member, group):
        return (member, group) in self.members

    def create_login_role(self, name, verifier, member_of):
        self.changed.append(name)

    def set_password(self, name, verifier):
        self.changed.append(name)


def _pair(current_user: str, pending_user: str):
    base = {
        "engine": "postgres",
        "host": "h",
        "port": 5432,
        "dbname": "d",
        "password": "p",
        "masterarn": "arn:aws:secretsmanager:us-east-1:1:secret:m",
        "ssl": True,
    }
    return (
        parse_app_secret({**base, "username": current_user}, "current"),
        parse_app_secret({**base, "username": pending_user}, "pending"),
    )


def test_role_guard_refuses_superuser_target():
    current, pending = _pair("app_clone", "app")
    session = FakeSession(
        roles={"app": RoleInfo("app", superuser=True, can_login=True)},
        members={("app_clone", "app")},
    )
    with pytest.raises(UnsafeRotationError, match="superuser"):
        _create_or_update_role(session, current, pending, "SCRAM-SHA-256$v")
    assert session.changed == []


def test_role_guard_requires_the_pair_membership():
    current, pending = _pair("app", "app_clone")
    session = FakeSession(
        roles={"app_clone": RoleInfo("app_clone", superuser=False, can_login=True)}, members=set()
    )
    with pytest.raises(UnsafeRotationError, match="not a member"):
        _create_or_update_role(session, current, pending, "SCRAM-SHA-256$v")
    assert session.changed == []
    session.members.add(("app_clone", "app"))
    _create_or_update_role(session, current, pending, "SCRAM-SHA-256$v")
    assert session.changed == ["app_clone"]


# -- waiting for the proxy to accept the pending credentials ---------------------------------


@dataclass
class FakeClock:
    t: float = 0.0
    sleeps: list[float] = field(default_factory=list)

    def now(self) -> float:
        return self.t

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.t += seconds


@dataclass
class ScriptedDb:
    answers: list[bool]
    probed: list[Endpoint] = field(default_factory=list)

    def can_login(self, endpoint, credentials):
        self.probed.append(endpoint)
        return self.answers.pop(0) if self.answers else False

    def admin_session(self, endpoint, credentials):
        raise AssertionError("not used")


def _proxied_pending():
    arn = "arn:aws:secretsmanager:us-east-1:1:secret:"
    _, pending = _pair("app", "app_clone")
    fields = {
        **pending.fields,
        "proxy_host": "phi.proxy-abc.us-east-1.rds.amazonaws.com",
        "proxy_secrets": {"app": arn + "p-app", "app_clone": arn + "p-clone"},
    }
    return parse_app_secret(fields, "pending")


def _wait_ctx(db, clock, wait):
    return Context(
        store=None,  # type: ignore[arg-type]
        db=db,
        settings=RotationSettings(proxy_wait_seconds=wait),
        arn="arn",
        token="tok",
        description=SecretDescription("arn", True, {}),
        clock=Clock(now=clock.now, sleep=clock.sleep),
    )


def test_test_secret_waits_for_the_proxy_to_pick_up_the_secret():
    pending = _proxied_pending()
    db, clock = ScriptedDb([False, False, True]), FakeClock()
    _wait_until_proxy_accepts(_wait_ctx(db, clock, 30), pending, pending.proxy_endpoint)
    assert db.probed == [pending.proxy_endpoint] * 3
    assert clock.sleeps == [2.0, 2.0]


def test_test_secret_gives_up_on_the_proxy_after_the_deadline():
    pending = _proxied_pending()
    db, clock = ScriptedDb([]), FakeClock()
    with pytest.raises(AuthenticationError, match=r"still rejects .* after 5s .* unchanged"):
        _wait_until_proxy_accepts(_wait_ctx(db, clock, 5), pending, pending.proxy_endpoint)
    assert clock.t == pytest.approx(5.0)
    assert len(db.probed) == 4  # t = 0, 2, 4, 5
