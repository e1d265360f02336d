"""Deploy-time Lambda: ``workflows_schema.handler.handler`` applies pending migrations.

Invoked by Terraform (``aws_lambda_invocation``) when the migrations change, or by hand.
Connects with the migration secret (the schema owner), never with a function's secret.
Environment: ``DB_SECRET_ARN``, ``PG_CA_BUNDLE``, optional ``SECRETS_MANAGER_ENDPOINT``.
"""

from __future__ import annotations

from typing import Any

from workflows_core import aws, config
from workflows_core.db import ENV_CA_BUNDLE, ConnectionCache, make_ssl_context
from workflows_core.errors import WorkflowError
from workflows_core.logs import bound, configure_logging, log_error, log_info
from workflows_core.secrets import SecretReader

from .migrate import load_migrations, migrate


def handler(event: Any, context: Any) -> dict[str, Any]:
    configure_logging()
    request_id = getattr(context, "aws_request_id", None)
    with bound(function="schema_migrate", request_id=request_id):
        try:
            env = config.environ()
            secret_arn = config.arn(env, "DB_SECRET_ARN", "secretsmanager")
            ca = config.readable_file(env, ENV_CA_BUNDLE)
            secrets = SecretReader(
                aws.client("secretsmanager", config.endpoint_url(env, "SECRETS_MANAGER_ENDPOINT"))
            )
            cache = ConnectionCache(secrets, secret_arn, make_ssl_context(ca))
            with cache.session() as db:
                report = migrate(db, load_migrations())
            cache.discard()
        except WorkflowError as exc:
            log_error("migrate.failed", error_type=type(exc).__name__, error=str(exc))
            raise
        log_info("migrate.done", applied=report.applied, version=report.current_version)
        return {"applied": report.applied, "version": report.current_version}
