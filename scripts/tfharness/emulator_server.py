"""Entry point of the embedded AWS: moto's server, bound race-free to a free loopback port.

Run as ``python -m tfharness.emulator_server [--port N]``. The first line on stdout is
``PORT <n>`` once the socket is bound, so the parent never guesses a port that another
process could take in the meantime. Settings that moto reads from its own environment
(managed IAM policies, instant ACM validation) are set by :mod:`tfharness.emulator`; the
few APIs moto lacks and the modules need are added by :mod:`tfharness.emulator_patches`.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from types import FrameType

from moto.moto_server.werkzeug_app import (
    DomainDispatcherApplication,
    MotoRequestHandler,
    create_backend_app,
)
from werkzeug.serving import make_server

from tfharness import emulator_patches


def _stop(_signum: int, _frame: FrameType | None) -> None:
    sys.exit(0)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tfharness.emulator_server")
    parser.add_argument("--host", default="127.0.0.1", help="loopback address to bind")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    args = parser.parse_args(argv)

    emulator_patches.apply()
    app = DomainDispatcherApplication(create_backend_app)
    server = make_server(
        args.host, args.port, app, threaded=True, request_handler=MotoRequestHandler
    )
    # moto builds some URLs (e.g. SQS queue URLs) from MOTO_PORT.
    os.environ["MOTO_PORT"] = str(server.port)
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    print(f"PORT {server.port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
