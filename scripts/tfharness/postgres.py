"""A throwaway PostgreSQL server for tests: TLS-only, SCRAM-only, loopback-only.

``ThrowawayPostgres`` runs ``initdb`` into a fresh temporary directory, writes a private CA
and a server certificate for ``127.0.0.1``/``localhost``, and starts ``postgres`` on a free
loopback port. ``pg_hba.conf`` holds exactly one line::

    hostssl all all 127.0.0.1/32 scram-sha-256

Unix sockets are disabled (``unix_socket_directories = ''``), so there is no local-socket
line at all: the fixture bootstraps itself over TLS like every other client. Nothing can
log in without TLS, and the server log (``log_connections = on``, optionally
``log_statement = all``) is a plain file that tests read.

PostgreSQL refuses to run as root. When the caller is root the binaries run as the
``postgres`` OS user (override with ``PHI_PG_OS_USER``); otherwise as the caller. The
binaries are found through ``PHI_PG_BINDIR``, then ``pg_config --bindir``, then ``PATH``.

Usage::

    with ThrowawayPostgres(log_statements=True) as pg:
        conn = pg.connect()            # superuser, TLS verify-full against pg.ca_cert_path
        conn.run("SELECT 1")
        pg.stop(); pg.start()          # same host/port/data, e.g. for "database down" tests
        text = pg.read_log()
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import pwd
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import time
import weakref
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, Self

import pg8000.native
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

__all__ = [
    "PostgresBinaries",
    "PostgresFixtureError",
    "ThrowawayPostgres",
    "TlsMaterial",
    "find_binaries",
    "write_tls_material",
]

BINDIR_ENV = "PHI_PG_BINDIR"
OS_USER_ENV = "PHI_PG_OS_USER"
LOOPBACK = "127.0.0.1"
HBA_LINE = "hostssl all all 127.0.0.1/32 scram-sha-256"
_READY_STATUS = "ready"
_PID_FILE_STATUS_LINE = 7  # 0-based line of postmaster.pid holding the PM status (PG >= 10)


class PostgresFixtureError(RuntimeError):
    """The throwaway server could not be found, created, started or stopped."""


@dataclass(frozen=True)
class PostgresBinaries:
    bindir: Path

    @property
    def initdb(self) -> Path:
        return self.bindir / "initdb"

    @property
    def postgres(self) -> Path:
        return self.bindir / "postgres"


def find_binaries(env: Mapping[str, str] | None = None) -> PostgresBinaries:
    """Locate initdb/postgres: ``$PHI_PG_BINDIR``, ``pg_config --bindir``, then ``PATH``."""
    environ = os.environ if env is None else env
    candidates: list[tuple[str, Path]] = []
    override = environ.get(BINDIR_ENV, "").strip()
    if override:
        candidates.append((BINDIR_ENV, Path(override)))
    else:
        pg_config = shutil.which("pg_config")
        if pg_config:
            out = subprocess.run(
                [pg_config, "--bindir"], capture_output=True, text=True, check=False
            )
            if out.returncode == 0 and out.stdout.strip():
                candidates.append(("pg_config --bindir", Path(out.stdout.strip())))
        on_path = shutil.which("initdb")
        if on_path:
            candidates.append(("PATH", Path(on_path).resolve().parent))
    for _source, bindir in candidates:
        binaries = PostgresBinaries(bindir)
        if _is_executable(binaries.initdb) and _is_executable(binaries.postgres):
            return binaries
    tried = ", ".join(f"{src}={path}" for src, path in candidates) or "nothing found"
    raise PostgresFixtureError(
        "PostgreSQL server binaries (initdb, postgres) not found; tried "
        f"{tried}. Set {BINDIR_ENV} to the directory that holds them."
    )


def _is_executable(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)


@dataclass(frozen=True)
class _RunAs:
    """Which OS identity runs the PostgreSQL binaries (root is refused by PostgreSQL)."""

    uid: int | None
    gid: int | None

    @classmethod
    def detect(cls, env: Mapping[str, str]) -> _RunAs:
        if os.geteuid() != 0:
            return cls(uid=None, gid=None)
        name = env.get(OS_USER_ENV, "postgres")
        try:
            entry = pwd.getpwnam(name)
        except KeyError as exc:
            raise PostgresFixtureError(
                f"running as root, PostgreSQL must run as another OS user, but user {name!r} "
                f"does not exist; create it or set {OS_USER_ENV}"
            ) from exc
        return cls(uid=entry.pw_uid, gid=entry.pw_gid)

    def chown(self, path: Path) -> None:
        if self.uid is not None and self.gid is not None:
            os.chown(path, self.uid, self.gid)

    @property
    def extra_groups(self) -> list[int] | None:
        """Drop root's supplementary groups when switching user; otherwise leave them."""
        return None if self.uid is None else []


def _free_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        port: int = sock.getsockname()[1]
        return port


def _port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((LOOPBACK, port))
        except OSError:
            return False
        return True


@dataclass(frozen=True)
class TlsMaterial:
    ca_cert: Path
    server_cert: Path
    server_key: Path


DEFAULT_SERVER_NAMES = ("localhost", LOOPBACK)


def write_tls_material(
    directory: Path, server_names: tuple[str, ...] = DEFAULT_SERVER_NAMES
) -> TlsMaterial:
    """Write a throwaway CA and a server certificate/key for ``server_names`` (DNS or IP)."""
    ca, cert, key = _write_tls_material(directory, _RunAs(uid=None, gid=None), server_names)
    return TlsMaterial(ca_cert=ca, server_cert=cert, server_key=key)


def _san_entry(name: str) -> x509.GeneralName:
    try:
        return x509.IPAddress(ipaddress.ip_address(name))
    except ValueError:
        return x509.DNSName(name)


def _write_tls_material(
    tls_dir: Path, run_as: _RunAs, server_names: tuple[str, ...] = DEFAULT_SERVER_NAMES
) -> tuple[Path, Path, Path]:
    now = dt.datetime.now(dt.UTC)
    validity = dt.timedelta(days=2)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "phi throwaway test CA")])
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + validity)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), False)
        .sign(ca_key, hashes.SHA256())
    )
    server_key = ec.generate_private_key(ec.SECP256R1())
    server_cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, server_names[0])]))
        .issuer_name(ca_name)
        .public_key(server_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + validity)
        .add_extension(
            x509.SubjectAlternativeName([_san_entry(name) for name in server_names]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False
        )
        .sign(ca_key, hashes.SHA256())
    )
    ca_path = tls_dir / "ca.crt"
    cert_path = tls_dir / "server.crt"
    key_path = tls_dir / "server.key"
    ca_path.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    cert_path.write_bytes(server_cert.public_bytes(serialization.Encoding.PEM))
    key_bytes = server_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(key_bytes)
    for path in (tls_dir, ca_path, cert_path, key_path):
        run_as.chown(path)
    return ca_path, cert_path, key_path


def _server_config(
    port: int, cert: Path, key: Path, hba: Path, log_statements: bool
) -> dict[str, str]:
    return {
        "listen_addresses": LOOPBACK,
        "port": str(port),
        "unix_socket_directories": "",
        "hba_file": str(hba),
        "ssl": "on",
        "ssl_cert_file": str(cert),
        "ssl_key_file": str(key),
        "ssl_min_protocol_version": "TLSv1.2",
        "password_encryption": "scram-sha-256",
        "log_destination": "stderr",
        "logging_collector": "off",
        "log_connections": "on",
        "log_statement": "all" if log_statements else "none",
        "log_line_prefix": "%m [%p] %q%u@%d ",
        "lc_messages": "C",
        "max_connections": "40",
        "shared_buffers": "16MB",
        # Throwaway data: durability buys nothing and costs start-up and DDL time.
        "fsync": "off",
        "synchronous_commit": "off",
        "full_page_writes": "off",
    }


def _render_config(settings: Mapping[str, str]) -> str:
    lines = ["# Written by tfharness.postgres for a throwaway test server."]
    for name, value in settings.items():
        quoted = value.replace("'", "''")
        lines.append(f"{name} = '{quoted}'")
    return "\n".join(lines) + "\n"


def _close_quietly(stream: IO[bytes] | None) -> None:
    if stream is not None and not stream.closed:
        stream.close()


def _terminate(proc: subprocess.Popen[bytes] | None, timeout: float = 15.0) -> None:
    """Fast shutdown (SIGINT), then immediate (SIGQUIT), then SIGKILL."""
    if proc is None or proc.poll() is not None:
        return
    for sig in (signal.SIGINT, signal.SIGQUIT, signal.SIGKILL):
        try:
            proc.send_signal(sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            continue
        return


def _finalize(state: _ServerState) -> None:
    _terminate(state.proc)
    _close_quietly(state.log_stream)
    if state.base_dir is not None:
        shutil.rmtree(state.base_dir, ignore_errors=True)


@dataclass
class _ServerState:
    """Everything cleanup needs; kept apart from the fixture so a finalizer can own it."""

    base_dir: Path | None = None
    proc: subprocess.Popen[bytes] | None = None
    log_stream: IO[bytes] | None = None


class ThrowawayPostgres:
    """A TLS-only PostgreSQL cluster in a temporary directory; removed on exit."""

    def __init__(
        self,
        *,
        log_statements: bool = True,
        superuser: str = "phi_superuser",
        startup_timeout: float = 30.0,
        env: Mapping[str, str] | None = None,
    ) -> None:
        self._env: Mapping[str, str] = dict(os.environ if env is None else env)
        self.log_statements = log_statements
        self.superuser = superuser
        self.superuser_password = secrets.token_urlsafe(24)
        self.startup_timeout = startup_timeout
        self.host = LOOPBACK
        self.port = 0
        self.startup_seconds = 0.0
        """Wall time of the first ``start()``: initdb, certificates and server start."""
        self.last_start_seconds = 0.0
        """Wall time of the most recent server start (without initdb)."""
        self._binaries: PostgresBinaries | None = None
        self._run_as: _RunAs | None = None
        self._state = _ServerState()
        self._finalizer = weakref.finalize(self, _finalize, self._state)
        self._initialised = False

    # -- paths -----------------------------------------------------------------------------
    @property
    def base_dir(self) -> Path:
        if self._state.base_dir is None:
            raise PostgresFixtureError("the server has not been created yet; call start()")
        return self._state.base_dir

    @property
    def data_dir(self) -> Path:
        return self.base_dir / "data"

    @property
    def ca_cert_path(self) -> Path:
        """PEM file of the throwaway CA that signed the server certificate."""
        return self.base_dir / "tls" / "ca.crt"

    @property
    def log_path(self) -> Path:
        """The server's log (stderr), appended across restarts."""
        return self.base_dir / "postgres.log"

    @property
    def hba_path(self) -> Path:
        return self.base_dir / "pg_hba.conf"

    # -- lifecycle -------------------------------------------------------------------------
    def __enter__(self) -> Self:
        try:
            self.start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def pid(self) -> int | None:
        """PID of the postmaster while it runs."""
        proc = self._state.proc
        return proc.pid if proc is not None and proc.poll() is None else None

    @property
    def running(self) -> bool:
        proc = self._state.proc
        return proc is not None and proc.poll() is None

    def start(self) -> None:
        """Create the cluster on first call, then (re)start the server on the same port."""
        if self.running:
            return
        began = time.perf_counter()
        if not self._initialised:
            self._create_cluster()
        elif not _port_is_free(self.port):
            raise PostgresFixtureError(
                f"cannot restart: port {self.port} on {LOOPBACK} was taken while the server "
                "was stopped"
            )
        self._launch()
        self.last_start_seconds = time.perf_counter() - began
        if self.startup_seconds == 0.0:
            self.startup_seconds = self.last_start_seconds

    def stop(self) -> None:
        """Fast shutdown; data and port are kept so ``start()`` brings the same server back."""
        _terminate(self._state.proc)
        self._state.proc = None
        _close_quietly(self._state.log_stream)
        self._state.log_stream = None

    def close(self) -> None:
        """Stop the server and delete every file the fixture created."""
        self._finalizer()

    # -- clients ---------------------------------------------------------------------------
    def ssl_context(self) -> ssl.SSLContext:
        """A verify-full client context that trusts only this server's CA."""
        ctx = ssl.create_default_context(cafile=str(self.ca_cert_path))
        ctx.minimum_version = ssl.TLSVersion.TLSv1_2
        return ctx

    def connect(
        self,
        user: str | None = None,
        password: str | None = None,
        database: str = "postgres",
        timeout: float = 10.0,
    ) -> pg8000.native.Connection:
        """Open a TLS (verify-full) connection; defaults to the superuser.

        The socket gets TCP_NODELAY: otherwise each login stalls ~40 ms on Nagle + delayed
        ACK, which dominates test time.
        """
        try:
            sock = socket.create_connection((self.host, self.port), timeout)
        except OSError as exc:
            raise pg8000.native.InterfaceError(
                f"cannot connect to {self.host}:{self.port}: {exc}"
            ) from exc
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            return pg8000.native.Connection(
                user=user or self.superuser,
                password=self.superuser_password if password is None else password,
                host=self.host,
                port=self.port,
                database=database,
                sock=sock,
                ssl_context=self.ssl_context(),
                timeout=timeout,
            )
        except BaseException:
            sock.close()
            raise

    def read_log(self) -> str:
        if not self.log_path.exists():
            return ""
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    # -- internals -------------------------------------------------------------------------
    def _create_cluster(self) -> None:
        self._binaries = find_binaries(self._env)
        self._run_as = _RunAs.detect(self._env)
        base = Path(tempfile.mkdtemp(prefix="phi-pg-"))
        self._state.base_dir = base
        base.chmod(0o700)
        self._run_as.chown(base)
        tls_dir = base / "tls"
        tls_dir.mkdir(mode=0o700)
        _ca, cert, key = _write_tls_material(tls_dir, self._run_as)
        self._initdb()
        self.port = _free_loopback_port()
        self.hba_path.write_text(
            "# Written by tfharness.postgres: TLS + SCRAM on loopback, nothing else.\n"
            f"{HBA_LINE}\n",
            encoding="utf-8",
        )
        self._run_as.chown(self.hba_path)
        config = _server_config(self.port, cert, key, self.hba_path, self.log_statements)
        conf_path = self.data_dir / "postgresql.conf"
        conf_path.write_text(_render_config(config), encoding="utf-8")
        self._run_as.chown(conf_path)
        self._initialised = True

    def _initdb(self) -> None:
        assert self._binaries is not None and self._run_as is not None
        pwfile = self.base_dir / "pwfile"
        fd = os.open(pwfile, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(self.superuser_password + "\n")
        self._run_as.chown(pwfile)
        try:
            result = subprocess.run(
                [
                    str(self._binaries.initdb),
                    "--pgdata",
                    str(self.data_dir),
                    "--username",
                    self.superuser,
                    "--pwfile",
                    str(pwfile),
                    "--auth",
                    "scram-sha-256",
                    "--encoding",
                    "UTF8",
                    "--locale",
                    "C",
                    "--no-sync",
                    "--no-instructions",
                ],
                capture_output=True,
                text=True,
                check=False,
                cwd=self.base_dir,
                env=self._child_env(),
                user=self._run_as.uid,
                group=self._run_as.gid,
                extra_groups=self._run_as.extra_groups,
            )
        finally:
            pwfile.unlink(missing_ok=True)
        if result.returncode != 0:
            raise PostgresFixtureError(
                f"initdb failed (exit {result.returncode}): {result.stderr.strip()[-2000:]}"
            )

    def _child_env(self) -> dict[str, str]:
        env = {"LC_ALL": "C", "LANG": "C", "PATH": self._env.get("PATH", os.defpath)}
        if self._run_as is not None and self._run_as.uid is not None:
            env["HOME"] = str(self.base_dir)
        elif "HOME" in self._env:
            env["HOME"] = self._env["HOME"]
        return env

    def _launch(self) -> None:
        assert self._binaries is not None and self._run_as is not None
        log_stream = self.log_path.open("ab")
        self._state.log_stream = log_stream
        proc = subprocess.Popen(
            [str(self._binaries.postgres), "-D", str(self.data_dir)],
            stdin=subprocess.DEVNULL,
            stdout=log_stream,
            stderr=subprocess.STDOUT,
            cwd=self.base_dir,
            env=self._child_env(),
            start_new_session=True,
            user=self._run_as.uid,
            group=self._run_as.gid,
            extra_groups=self._run_as.extra_groups,
        )
        self._state.proc = proc
        self._wait_ready(proc)

    def _wait_ready(self, proc: subprocess.Popen[bytes]) -> None:
        pid_file = self.data_dir / "postmaster.pid"
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                self.stop()
                raise PostgresFixtureError(
                    f"postgres exited with {proc.returncode} during start-up; log tail:\n"
                    f"{self.read_log()[-2000:]}"
                )
            if _pid_file_status(pid_file) == _READY_STATUS:
                return
            time.sleep(0.02)
        self.stop()
        raise PostgresFixtureError(
            f"postgres not ready after {self.startup_timeout:.0f}s; log tail:\n"
            f"{self.read_log()[-2000:]}"
        )


def _pid_file_status(pid_file: Path) -> str | None:
    try:
        lines = pid_file.read_text(encoding="ascii", errors="replace").splitlines()
    except FileNotFoundError:
        return None
    if len(lines) <= _PID_FILE_STATUS_LINE:
        return None
    return lines[_PID_FILE_STATUS_LINE].strip()
