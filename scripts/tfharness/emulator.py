"""The embedded AWS: start moto's server on a free loopback port, hand out its environment, stop it.

Terraform's aws provider and boto3 both honour ``AWS_ENDPOINT_URL``, so pointing that at
the emulator (with fake keys) makes the *unchanged* provider configuration of every
example plan and apply against it. Settings that matter, and why:

* ``MOTO_IAM_LOAD_MANAGED_POLICIES=true`` — attachments of ``arn:aws:iam::aws:policy/...``
  fail without it (moto 5 does not load AWS-managed policies by default).
* ``MOTO_ACM_VALIDATION_WAIT=0`` — certificates validate at once instead of after 60 s.
* ``AWS_MAX_ATTEMPTS=2`` — APIs moto lacks answer HTTP 500/404; the provider's default of
  25 retries turns each into minutes of waiting.
* STS points at the emulator too, so the provider reads the account id from it (with
  ``skip_requesting_account_id`` left false, ARNs carry the account and security-group rule
  references re-plan clean).
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

import boto3

from tfharness.paths import CACHE_DIR, REPO_ROOT

DEFAULT_REGION = "us-east-1"
FAKE_ACCESS_KEY = "test"
FAKE_SECRET_KEY = "test"  # noqa: S105
START_TIMEOUT_S = 30.0

# Variables that would make a process talk to a real account or another emulator.
_SCRUBBED = (
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_SESSION_TOKEN",
    "AWS_SECURITY_TOKEN",
    "AWS_ROLE_ARN",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_SHARED_CREDENTIALS_FILE",
    "AWS_CONFIG_FILE",
)


class EmulatorError(RuntimeError):
    """The emulator could not be started or reached."""


def _http(url: str, method: str = "GET", timeout: float = 10) -> bytes:
    """A request to the emulator's own loopback endpoint (http only, never file: or others)."""
    if not url.startswith("http://127.0.0.1:"):
        raise EmulatorError(f"refusing to call {url!r}: not the loopback emulator")
    request = urllib.request.Request(url, method=method)  # noqa: S310 - scheme checked above
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
        body: bytes = response.read()
    return body


@dataclass
class Emulator:
    """A moto server process owned by this object. Use as a context manager."""

    region: str = DEFAULT_REGION
    log_dir: Path = field(default_factory=lambda: CACHE_DIR / "emulator")
    port: int = 0
    account_id: str = ""
    _process: subprocess.Popen[str] | None = None
    _log_path: Path | None = None

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log_path(self) -> Path | None:
        return self._log_path

    def env(self) -> dict[str, str]:
        """Environment for Terraform and boto3 to use this emulator with fake credentials."""
        return {
            "AWS_ENDPOINT_URL": self.endpoint,
            "AWS_ACCESS_KEY_ID": FAKE_ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": FAKE_SECRET_KEY,
            "AWS_REGION": self.region,
            "AWS_DEFAULT_REGION": self.region,
            "AWS_MAX_ATTEMPTS": "2",
            "AWS_RETRY_MODE": "standard",
            "AWS_EC2_METADATA_DISABLED": "true",
            "AWS_S3_USE_PATH_STYLE": "true",
        }

    def process_env(self, base: dict[str, str] | None = None) -> dict[str, str]:
        """``base`` (default: os.environ) without real-AWS settings, plus the emulator's."""
        env = dict(os.environ if base is None else base)
        for name in _SCRUBBED:
            env.pop(name, None)
        env.update(self.env())
        return env

    def server_command(self) -> list[str]:
        return [sys.executable, "-m", "tfharness.emulator_server", "--port", str(self.port)]

    @staticmethod
    def server_env() -> dict[str, str]:
        """The moto server's own environment (settings moto reads at start)."""
        server_env = dict(os.environ)
        server_env.update(
            {
                "MOTO_IAM_LOAD_MANAGED_POLICIES": "true",
                "MOTO_ACM_VALIDATION_WAIT": "0",
                "PYTHONPATH": os.pathsep.join(
                    [str(REPO_ROOT / "scripts"), server_env.get("PYTHONPATH", "")]
                ).rstrip(os.pathsep),
            }
        )
        return server_env

    def start(self) -> Emulator:
        if self._process is not None:
            raise EmulatorError("emulator already started")
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self._process = subprocess.Popen(
            self.server_command(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=self.server_env(),
        )
        self.port = self._read_port()
        self._log_path = self.log_dir / f"moto-{self.port}.log"
        self._drain_to_log()
        self._wait_ready()
        self.account_id = self._caller_account()
        return self

    def _read_port(self) -> int:
        assert self._process is not None and self._process.stdout is not None
        line = self._process.stdout.readline()
        if not line.startswith("PORT "):
            rest = self._process.stdout.read() if self._process.poll() is not None else ""
            self.stop()
            raise EmulatorError(f"emulator failed to start: {line}{rest}".strip())
        return int(line.split()[1])

    def _drain_to_log(self) -> None:
        """Copy the server's output to its log file on a daemon thread (never blocks the pipe)."""
        assert self._process is not None and self._process.stdout is not None
        stream, path = self._process.stdout, self._log_path
        assert path is not None

        def pump() -> None:
            with path.open("w") as log:
                for line in stream:
                    log.write(line)
                    log.flush()

        threading.Thread(target=pump, name=f"moto-log-{self.port}", daemon=True).start()

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self._process is not None and self._process.poll() is not None:
                raise EmulatorError(f"emulator exited early; see {self._log_path}")
            with contextlib.suppress(urllib.error.URLError, ConnectionError, TimeoutError):
                _http(f"{self.endpoint}/moto-api/data.json", timeout=2)
                return
            time.sleep(0.05)
        self.stop()
        raise EmulatorError(f"emulator did not answer within {START_TIMEOUT_S:.0f}s")

    def client(self, service: str) -> Any:
        """A boto3 client of ``service`` on this emulator, in its region, with the fake keys."""
        return boto3.client(
            service,
            endpoint_url=self.endpoint,
            region_name=self.region,
            aws_access_key_id=FAKE_ACCESS_KEY,
            aws_secret_access_key=FAKE_SECRET_KEY,
        )

    def _caller_account(self) -> str:
        """The account id the emulator assigns to our fake credentials (read, not assumed)."""
        return str(self.client("sts").get_caller_identity()["Account"])

    def reset(self) -> None:
        """Forget every resource (moto's documented reset endpoint)."""
        _http(f"{self.endpoint}/moto-api/reset", method="POST")

    def snapshot_counts(self) -> dict[str, int]:
        """How many resources of each moto backend exist (used to prove destroy left nothing)."""
        data = json.loads(_http(f"{self.endpoint}/moto-api/data.json"))
        counts: dict[str, int] = {}
        for service, models in data.items():
            for model, items in models.items():
                if items:
                    counts[f"{service}.{model}"] = len(items)
        return counts

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    @property
    def pid(self) -> int | None:
        """PID of the emulator's server process while it runs."""
        return self._process.pid if self.running and self._process is not None else None

    def __enter__(self) -> Emulator:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


@contextlib.contextmanager
def running_emulator(region: str = DEFAULT_REGION) -> Iterator[Emulator]:
    """``with running_emulator() as aws:`` — a fresh emulator for the block."""
    with Emulator(region=region) as emulator:
        yield emulator
