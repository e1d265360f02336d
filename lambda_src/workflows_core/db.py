"""PostgreSQL over pg8000: verify-full TLS, credentials from Secrets Manager, small helpers.

pg8000 treats ``ssl_context=None`` as "ask for TLS, continue in plaintext if refused", so
this module never passes None: every connection gets a verifying ``ssl.SSLContext``.

The database secret has the shape RDS and the rotation Lambda use::

    {"engine": "postgres", "host": "...", "port": 5432, "dbname": "...",
     "username": "...", "password": "...", "ssl": true}

When the secret also names an RDS Proxy (``proxy_host``, optional ``proxy_port`` defaulting
to ``port``, as modules/secrets-rotation writes it), the function connects to the proxy: on
AWS the application security group reaches the database only through it. The proxy presents
an ACM certificate, so the CA bundle must then hold the Amazon roots (the runtime's default
bundle does); ``host`` stays the instance, for the rotation function alone.

A warm Lambda keeps one connection (``ConnectionCache``); a broken connection is dropped and
re-opened on the next call, and a rejected login re-reads the secret once (it may just have
been rotated).
"""

from __future__ import annotations

import socket
import ssl
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pg8000.native
from pg8000.exceptions import DatabaseError as PgDatabaseError
from pg8000.exceptions import InterfaceError as PgInterfaceError

from .errors import (
    ConfigurationError,
    DatabaseOperationError,
    DatabaseUnavailableError,
    SecretError,
    TlsError,
)
from .secrets import SecretReader

ENV_CA_BUNDLE = "PG_CA_BUNDLE"
_LOGIN_REJECTED = frozenset({"28P01", "28000"})
DEFAULT_SOCKET_TIMEOUT = 300.0
_TRANSIENT = frozenset({"57P01", "57P02", "57P03", "53300", "08006", "08003", "08000"})


def make_ssl_context(ca_bundle: Path) -> ssl.SSLContext:
    """verify-full: the chain must lead to ``ca_bundle`` and the name must match the host."""
    try:
        ctx = ssl.create_default_context(ssl.Purpose.SERVER_AUTH, cafile=str(ca_bundle))
    except (ssl.SSLError, OSError) as exc:
        raise ConfigurationError(
            ENV_CA_BUNDLE, f"must name a PEM file of CA certificates ({type(exc).__name__})"
        ) from None
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.check_hostname = True
    ctx.verify_mode = ssl.CERT_REQUIRED
    return ctx


@dataclass(frozen=True)
class DbSettings:
    host: str
    port: int
    dbname: str
    username: str
    password: str = field(repr=False)

    @classmethod
    def from_secret(cls, secret_id: str, value: dict[str, Any]) -> DbSettings:
        def text(name: str) -> str:
            raw = value.get(name)
            if not isinstance(raw, str) or not raw.strip():
                raise SecretError(f"secret {secret_id}: field {name!r} must be a non-empty string")
            return raw

        if value.get("ssl", True) is False:
            raise SecretError(
                f"secret {secret_id}: field 'ssl' must not be false (PHI databases need TLS)"
            )
        host_field, port_field = _endpoint_fields(secret_id, value)
        return cls(
            host=text(host_field),
            port=_port(secret_id, value, port_field),
            dbname=text("dbname"),
            username=text("username"),
            password=text("password"),
        )


def _endpoint_fields(secret_id: str, value: dict[str, Any]) -> tuple[str, str]:
    """The fields to connect to: the proxy's when the secret names one, else the instance's."""
    if "proxy_host" in value:
        return "proxy_host", "proxy_port" if "proxy_port" in value else "port"
    if "proxy_port" in value:
        raise SecretError(f"secret {secret_id}: field 'proxy_port' needs 'proxy_host'")
    return "host", "port"


def _port(secret_id: str, value: dict[str, Any], name: str) -> int:
    port = value.get(name, 5432)
    if isinstance(port, str) and port.isdigit():
        port = int(port)
    if not isinstance(port, int) or isinstance(port, bool) or not 1 <= port <= 65535:
        raise SecretError(f"secret {secret_id}: field {name!r} must be an integer 1-65535")
    return port


class Db:
    """One pg8000 connection with error mapping. Statements use named parameters (``:x``)."""

    def __init__(self, conn: pg8000.native.Connection) -> None:
        self._conn = conn
        self.broken = False

    def run(
        self, sql: str, *, stream: Iterable[bytes] | None = None, **params: Any
    ) -> list[list[Any]]:
        try:
            rows: list[list[Any]] | None = self._conn.run(sql, stream=stream, **params)
        except PgDatabaseError as exc:
            code, message = _server_error(exc)
            if code in _TRANSIENT:
                self.broken = True
                raise DatabaseUnavailableError(f"server unavailable: SQLSTATE {code}") from None
            head = " ".join(sql.split()[:3])
            raise DatabaseOperationError(
                f"{head} … failed: SQLSTATE {code}: {message}", code
            ) from None
        except (PgInterfaceError, OSError) as exc:
            self.broken = True
            raise DatabaseUnavailableError(f"connection lost: {type(exc).__name__}") from None
        return rows or []

    def one(self, sql: str, **params: Any) -> list[Any] | None:
        rows = self.run(sql, **params)
        return rows[0] if rows else None

    @contextmanager
    def transaction(self) -> Iterator[Db]:
        self.run("START TRANSACTION")
        try:
            yield self
        except BaseException:
            self.rollback_quietly()
            raise
        self.run("COMMIT")

    def rollback_quietly(self) -> None:
        if self.broken:
            return
        with suppress(PgDatabaseError, PgInterfaceError, OSError):
            self._conn.run("ROLLBACK")

    def fetch_batches(self, sql: str, batch_size: int, **params: Any) -> Iterator[list[list[Any]]]:
        """Stream a query's rows in batches through a server-side cursor.

        Must run inside ``transaction()`` (a cursor lives as long as its transaction), so
        the result set is never held in memory as a whole.
        """
        self.run(f"DECLARE wf_cursor NO SCROLL CURSOR FOR {sql}", **params)
        try:
            while True:
                rows = self.run(f"FETCH FORWARD {int(batch_size)} FROM wf_cursor")
                if not rows:
                    return
                yield rows
        finally:
            if not self.broken:
                with suppress(DatabaseOperationError):
                    self.run("CLOSE wf_cursor")

    def close(self) -> None:
        with suppress(PgDatabaseError, PgInterfaceError, OSError):
            self._conn.close()


def _server_error(exc: PgDatabaseError) -> tuple[str, str]:
    details: Any = exc.args[0] if exc.args else {}
    if not isinstance(details, dict):
        return "?????", type(exc).__name__
    # The primary message only: DETAIL lines can quote row values (e.g. a duplicate key).
    return str(details.get("C", "?????")), str(details.get("M", ""))


def connect(
    settings: DbSettings,
    ssl_context: ssl.SSLContext,
    *,
    connect_timeout: float = 10.0,
    timeout: float = DEFAULT_SOCKET_TIMEOUT,
) -> Db:
    """``connect_timeout`` bounds reaching the server; ``timeout`` bounds every later read
    (a statement that streams 300,000 rows legitimately takes seconds)."""
    if ssl_context.verify_mode != ssl.CERT_REQUIRED or not ssl_context.check_hostname:
        raise TlsError("the SSLContext must verify the certificate chain and the host name")
    where = f"{settings.host}:{settings.port}"
    try:
        sock = socket.create_connection((settings.host, settings.port), connect_timeout)
    except OSError as exc:
        raise DatabaseUnavailableError(f"cannot reach PostgreSQL at {where}: {exc}") from None
    # Without TCP_NODELAY every small TLS/SCRAM message meets Nagle + delayed ACK (~40 ms).
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
    try:
        conn = pg8000.native.Connection(
            user=settings.username,
            password=settings.password,
            host=settings.host,
            port=settings.port,
            database=settings.dbname,
            sock=sock,
            ssl_context=ssl_context,
            timeout=timeout,
            application_name="phi-workflows",
        )
    except ssl.SSLError as exc:
        sock.close()
        raise TlsError(f"TLS with {where} failed: {exc.reason}") from None
    except PgDatabaseError as exc:
        sock.close()
        code, message = _server_error(exc)
        if code in _LOGIN_REJECTED:
            raise LoginRejectedError(
                f"login as {settings.username!r} to {where} rejected"
            ) from None
        raise DatabaseUnavailableError(f"connect to {where}: SQLSTATE {code}: {message}") from None
    except (PgInterfaceError, OSError) as exc:
        sock.close()
        if "refuses SSL" in str(exc):
            raise TlsError(f"{where} refused TLS; plaintext is never attempted") from None
        raise DatabaseUnavailableError(f"cannot reach PostgreSQL at {where}") from None
    # pg8000 does not apply ``timeout`` to a socket it is given, and wraps ours in TLS (the
    # wrapper copies the timeout at that moment): set the statement-phase timeout on the
    # socket it actually reads from.
    tls_socket = getattr(conn, "_usock", None)
    if isinstance(tls_socket, socket.socket):
        tls_socket.settimeout(timeout)
    return Db(conn)


class LoginRejectedError(DatabaseUnavailableError):
    """The server rejected the credentials (they may just have been rotated)."""


class ConnectionCache:
    """The warm-Lambda connection: opened on first use, re-opened after a failure."""

    def __init__(self, secrets: SecretReader, secret_id: str, ssl_context: ssl.SSLContext) -> None:
        self._secrets = secrets
        self._secret_id = secret_id
        self._ssl_context = ssl_context
        self._db: Db | None = None

    def get(self) -> Db:
        if self._db is not None and not self._db.broken:
            return self._db
        self.discard()
        settings = DbSettings.from_secret(self._secret_id, self._secrets.get(self._secret_id))
        try:
            self._db = connect(settings, self._ssl_context)
        except LoginRejectedError:
            fresh = self._secrets.get(self._secret_id, refresh=True)
            self._db = connect(DbSettings.from_secret(self._secret_id, fresh), self._ssl_context)
        return self._db

    def open(self) -> Db:
        """Another connection with the same login, not cached: the caller closes it."""
        settings = DbSettings.from_secret(self._secret_id, self._secrets.get(self._secret_id))
        return connect(settings, self._ssl_context)

    def discard(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    @contextmanager
    def session(self) -> Iterator[Db]:
        """The connection for one invocation; dropped if it broke during the block."""
        db = self.get()
        try:
            yield db
        finally:
            if db.broken:
                self.discard()
