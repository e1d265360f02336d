"""Lambda entry point: ``rotation_postgres.handler.handler``.

Thin: parse the event, read configuration, build the adapters, run the core. Clients are
created per invocation (cheap next to the database round trips, and it keeps tests that
start moto after import honest).
"""

from __future__ import annotations

from typing import Any

from .config import load_config
from .errors import RotationError
from .logs import configure_logging, log_error
from .model import parse_event
from .pg import ConnectionFactory, Pg8000Database, make_ssl_context
from .secrets_store import SecretsManagerStore, make_client
from .steps import rotate


def handler(event: Any, context: Any) -> None:
    configure_logging()
    request_id = getattr(context, "aws_request_id", None)
    step = event.get("Step") if isinstance(event, dict) else None
    secret_id = event.get("SecretId") if isinstance(event, dict) else None
    try:
        parsed = parse_event(event)
        config = load_config()
        store = SecretsManagerStore(make_client(config.secrets_manager_endpoint))
        factory = ConnectionFactory(make_ssl_context(config.ca_bundle), config.connect_timeout)
        rotate(parsed, store, Pg8000Database(factory), config.settings)
    except RotationError as exc:
        # Our messages are written to be log-safe (fields, rules, users, hosts; no values).
        log_error(
            "rotation.failed",
            step=step,
            secret_id=secret_id,
            request_id=request_id,
            error_type=type(exc).__name__,
            error=str(exc),
        )
        raise
    except Exception as exc:
        log_error(
            "rotation.failed",
            step=step,
            secret_id=secret_id,
            request_id=request_id,
            error_type=type(exc).__name__,
        )
        raise
