"""Deploy-time Lambda: ``workflows_schema.handler.handler`` applies pending migrations.

Invoked by Terraform (``aws_lambda_invocation``) when the migrations change, or by hand.
Connects with the migration secret (the schema owner), never with a function's secret.
After the migrations it gives each function's login its group role (``logins.py``).
Environment: ``DB_SECRET_ARN``, ``PG_CA_BUNDLE``, optional ``SECRETS_MANAGER_ENDPOINT`` and
``LOGIN_ROLES`` (JSON {login: role}).
"""

from __future__ import annotations

from typing import Any

from workflows_core import aws, config
from workflows_core.db import ENV_CA_BUNDLE, ConnectionCache, make_ssl_context
from workflows_core.errors import WorkflowError
from workflows_core.logs import bound, configure_logging, log_error, log_info
from workflows_core.secrets import SecretReader

from .logins import ENV_LOGIN_ROLES, grant_logins, parse_login_roles
from .migrate import load_migrations, migrate


def handler(event: Any, context: Any) -> dict[str, Any]:
    configure_logging()
    request_id = getattr(context, "aws_request_id", None)
    with bound(function="schema_migrate", request_id=request_id):
        try:
            env = config.environ()
            secret_arn = config.arn(env, "DB_SECRET_ARN", "secretsmanager")
            login_roles = parse_login_roles(config.optional(env, ENV_LOGIN_ROLES))
            ca = config.readable_file(env, ENV_CA_BUNDLE)
            secrets = SecretReader(
                aws.client("secretsmanager", config.endpoint_url(env, "SECRETS_MANAGER_ENDPOINT"))
            )
            cache = ConnectionCache(secrets, secret_arn, make_ssl_context(ca))
            with cache.session() as db:
                report = migrate(db, load_migrations())
                changes = grant_logins(db, login_roles)
            cache.discard()
        except WorkflowError as exc:
            log_error("migrate.failed", error_type=type(exc).__name__, error=str(exc))
            raise
        logins = [c.describe() for c in changes]
        log_info(
            "migrate.done", applied=report.applied, version=report.current_version, logins=logins
        )
        return {"applied": report.applied, "version": report.current_version, "logins": logins}
