"""The throwaway PostgreSQL fixture itself: TLS-only, SCRAM-only, restartable, cleaned up."""

from __future__ import annotations

import os
import pwd
import ssl

import pg8000.native
import pytest
from tfharness.postgres import (
    BINDIR_ENV,
    HBA_LINE,
    PostgresFixtureError,
    ThrowawayPostgres,
    find_binaries,
)

pytestmark = pytest.mark.postgres


def test_exposes_connection_facts_and_start_time(pg):
    server = pg.server
    assert server.host == "127.0.0.1"
    assert 1024 <= server.port <= 65535
    assert server.ca_cert_path.read_text().startswith("-----BEGIN CERTIFICATE-----")
    assert server.log_path.is_file()
    assert 0 < server.startup_seconds < 30
    print(f"throwaway PostgreSQL start-up: {server.startup_seconds:.2f}s")


def test_server_settings_enforce_tls_and_scram(pg):
    conn = pg.superuser("postgres")
    try:
        settings = dict(
            conn.run(
                "SELECT name, setting FROM pg_settings WHERE name = ANY(:names)",
                names=[
                    "ssl",
                    "password_encryption",
                    "listen_addresses",
                    "unix_socket_directories",
                    "log_connections",
                    "log_statement",
                ],
            )
        )
        rules = conn.run("SELECT type, address, auth_method FROM pg_hba_file_rules")
    finally:
        conn.close()
    assert settings == {
        "ssl": "on",
        "password_encryption": "scram-sha-256",
        "listen_addresses": "127.0.0.1",
        "unix_socket_directories": "",
        "log_connections": "on",
        "log_statement": "all",
    }
    assert rules == [["hostssl", "127.0.0.1", "scram-sha-256"]]
    assert HBA_LINE in pg.server.hba_path.read_text()


def test_plaintext_login_is_refused(pg):
    with pytest.raises(pg8000.native.DatabaseError) as info:
        pg8000.native.Connection(
            user=pg.server.superuser,
            password=pg.server.superuser_password,
            host=pg.server.host,
            port=pg.server.port,
            ssl_context=False,
            timeout=5,
        )
    assert "no encryption" in str(info.value)


def test_certificate_verifies_for_ip_and_localhost(pg):
    for host in ("127.0.0.1", "localhost"):
        conn = pg8000.native.Connection(
            user=pg.server.superuser,
            password=pg.server.superuser_password,
            host=host,
            port=pg.server.port,
            database="postgres",
            ssl_context=pg.server.ssl_context(),
            timeout=5,
        )
        assert conn.run("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()") == [[True]]
        conn.close()


def test_client_trusting_another_ca_is_refused(pg, ca_bundle):
    ctx = ssl.create_default_context(cafile=str(ca_bundle))
    with pytest.raises(ssl.SSLCertVerificationError):
        pg8000.native.Connection(
            user=pg.server.superuser,
            password=pg.server.superuser_password,
            host=pg.server.host,
            port=pg.server.port,
            ssl_context=ctx,
            timeout=5,
        )


def test_stop_and_start_keep_host_port_and_data(pg):
    server = pg.server
    port = server.port
    conn = server.connect()
    conn.run("CREATE TABLE IF NOT EXISTS fixture_restart (x int)")
    conn.close()
    server.stop()
    assert not server.running
    with pytest.raises(pg8000.native.InterfaceError):
        server.connect(timeout=2)
    server.start()
    assert server.running and server.port == port
    conn = server.connect()
    assert conn.run("SELECT count(*) FROM fixture_restart") == [[0]]
    conn.close()
    assert server.last_start_seconds < 10


@pytest.mark.skipif(os.geteuid() != 0, reason="only meaningful when the tests run as root")
def test_runs_as_postgres_user_when_root(pg):
    owner = pg.server.data_dir.stat().st_uid
    assert owner == pwd.getpwnam(os.environ.get("PHI_PG_OS_USER", "postgres")).pw_uid


def test_statement_logging_is_optional_and_everything_is_removed(pg):
    with ThrowawayPostgres(log_statements=False) as server:
        conn = server.connect()
        conn.run("SELECT 'marker-not-logged'")
        conn.close()
        log = server.read_log()
        base, pid = server.base_dir, server.pid
        assert pid is not None
        assert "connection authorized" in log
        assert "marker-not-logged" not in log
    assert not base.exists()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_binaries_override_is_honoured_and_errors_name_it(pg, tmp_path):
    with pytest.raises(PostgresFixtureError, match=BINDIR_ENV):
        find_binaries({BINDIR_ENV: str(tmp_path)})
    real = find_binaries({})
    assert find_binaries({BINDIR_ENV: str(real.bindir)}).bindir == real.bindir
