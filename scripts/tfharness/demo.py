"""``make demo``: the whole dev/us-east-1 stack on the embedded AWS, and its teardown.

The demo's emulator outlives ``make demo`` (so the stack can be looked at, re-planned and
torn down by ``make demo-destroy``): it runs detached, its pid and port recorded in
``.cache/demo/emulator.json``. Only a process recorded there, and still running the
emulator's server module, is ever stopped.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tfharness.emulator import Emulator, EmulatorError
from tfharness.live import Unit
from tfharness.paths import CACHE_DIR
from tfharness.stack_order import UnitResult

DEMO_DIR = CACHE_DIR / "demo"
STATE_FILE = DEMO_DIR / "emulator.json"
SERVER_MODULE = "tfharness.emulator_server"
START_TIMEOUT_S = 30.0


@dataclass(frozen=True)
class DetachedEmulator:
    """A moto server started by ``make demo`` that keeps running after it."""

    pid: int
    port: int
    log: str

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def emulator(self) -> Emulator:
        """An ``Emulator`` addressing this server (it does not own or stop the process)."""
        return Emulator(port=self.port, account_id="")

    def process_env(self, base: dict[str, str] | None = None) -> dict[str, str]:
        return self.emulator().process_env(base)

    def alive(self) -> bool:
        """Our server process is running and accepts connections on its port."""
        if not _is_our_server(self.pid):
            return False
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=10):
                return True
        except OSError:
            return False


def _is_our_server(pid: int) -> bool:
    """True when ``pid`` runs the emulator's server module (never another process)."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return SERVER_MODULE.encode() in cmdline


def recorded(state_file: Path = STATE_FILE) -> DetachedEmulator | None:
    if not state_file.is_file():
        return None
    data = json.loads(state_file.read_text())
    return DetachedEmulator(int(data["pid"]), int(data["port"]), str(data["log"]))


def start_detached(state_file: Path = STATE_FILE) -> DetachedEmulator:
    """Start a moto server in its own session, logging to a file, and record it."""
    state_file.parent.mkdir(parents=True, exist_ok=True)
    log_path = CACHE_DIR / "emulator" / "moto-demo.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    template = Emulator()
    with log_path.open("w") as log:
        process = subprocess.Popen(
            template.server_command(),
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=template.server_env(),
            start_new_session=True,
        )
    deadline = time.monotonic() + START_TIMEOUT_S
    port = 0
    while time.monotonic() < deadline and not port:
        if process.poll() is not None:
            raise EmulatorError(f"demo emulator exited at start; see {log_path}")
        for line in log_path.read_text().splitlines():
            if line.startswith("PORT "):
                port = int(line.split()[1])
        time.sleep(0.05)
    if not port:
        process.terminate()
        raise EmulatorError(f"demo emulator did not report its port; see {log_path}")
    detached = DetachedEmulator(process.pid, port, str(log_path))
    while time.monotonic() < deadline and not detached.alive():
        time.sleep(0.05)
    if not detached.alive():
        process.terminate()
        raise EmulatorError(f"demo emulator did not answer; see {log_path}")
    state_file.write_text(json.dumps({"pid": process.pid, "port": port, "log": str(log_path)}))
    return detached


def stop_recorded(state_file: Path = STATE_FILE) -> DetachedEmulator | None:
    """Stop the recorded demo emulator (if it is still ours) and forget it."""
    detached = recorded(state_file)
    if detached is not None and _is_our_server(detached.pid):
        os.kill(detached.pid, signal.SIGTERM)
        for _ in range(100):
            if not _is_our_server(detached.pid):
                break
            time.sleep(0.1)
    state_file.unlink(missing_ok=True)
    return detached


# -- reporting -----------------------------------------------------------------------------
def _shown(value: Any) -> str | None:
    """A value short enough for the demo table (policy documents and the like are left out)."""
    if value is None:
        return "null"
    if isinstance(value, str):
        text = value
    elif isinstance(value, list) and all(isinstance(v, str | int | float | bool) for v in value):
        text = ", ".join(str(v) for v in value)
    elif isinstance(value, bool | int | float):
        text = json.dumps(value)
    else:
        return None
    if "\n" in text or len(text) > 110:
        return None
    return text


def outputs_table(results: Mapping[Unit, UnitResult]) -> str:
    """Unit | output | value for the applied stack's key outputs."""
    rows: list[tuple[str, str, str]] = []
    for unit, result in results.items():
        for name in sorted(result.outputs):
            if name.endswith("_json"):
                continue
            text = _shown(result.outputs[name])
            if text is not None:
                rows.append((unit.rel, name, text))
    if not rows:
        return "(no outputs)"
    widths = [max(len(r[i]) for r in [*rows, ("unit", "output", "value")]) for i in range(3)]
    lines = [f"{'unit':<{widths[0]}}  {'output':<{widths[1]}}  value"]
    lines.append(f"{'-' * widths[0]}  {'-' * widths[1]}  {'-' * 5}")
    previous = ""
    for unit_rel, name, text in rows:
        shown = unit_rel if unit_rel != previous else ""
        previous = unit_rel
        lines.append(f"{shown:<{widths[0]}}  {name:<{widths[1]}}  {text}")
    return "\n".join(lines)


def failure_report(results: Mapping[Unit, UnitResult]) -> str:
    parts = []
    for unit, result in results.items():
        if result.status in ("failed", "refused"):
            parts.append(f"--- {unit} ({result.action} {result.status})\n{result.error[-4000:]}")
    return "\n".join(parts)
