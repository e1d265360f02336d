"""Each function's login is a member of exactly its workflows_* group role.

The logins (``outreach``, ``redeem``, ``intake``, …) are created by the platform's secret
rotation (its first rotation creates a missing user; the alternating ``<login>_clone`` is
made a member of ``<login>``, so it inherits the same grants). The group roles and their
privileges come from the migrations (``0004_roles.sql``). This step joins the two: after the
migrations, the deploy Lambda grants each login its group role and revokes any other
workflows_* membership, so a login never holds two functions' privileges.

``LOGIN_ROLES`` (JSON) maps login → group role, e.g.
``{"outreach": "workflows_outreach", "redeem": "workflows_redeem"}``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Protocol

from workflows_core.errors import ConfigurationError, WorkflowError

ENV_LOGIN_ROLES = "LOGIN_ROLES"
GROUP_ROLES = ("workflows_outreach", "workflows_redeem", "workflows_intake")
# Lower-case unquoted PostgreSQL identifiers (what the rotation creates), at most 63 bytes;
# `_clone` must still fit, so 57.
_LOGIN = re.compile(r"^[a-z_][a-z0-9_]{0,56}$")


class LoginError(WorkflowError):
    """A login named in LOGIN_ROLES cannot be given its role."""


class Database(Protocol):
    def run(self, sql: str, **params: Any) -> list[list[Any]]: ...


@dataclass(frozen=True)
class Change:
    login: str
    granted: str | None
    revoked: tuple[str, ...]

    def describe(self) -> str:
        parts = [f"+{self.granted}"] if self.granted else []
        parts += [f"-{r}" for r in self.revoked]
        return f"{self.login}: {' '.join(parts)}"


def parse_login_roles(raw: str | None) -> dict[str, str]:
    """``LOGIN_ROLES`` → {login: role}; unset means no logins to manage."""
    if raw is None or not raw.strip():
        return {}
    try:
        value = json.loads(raw)
    except json.JSONDecodeError:
        raise ConfigurationError(ENV_LOGIN_ROLES, "must be a JSON object {login: role}") from None
    if not isinstance(value, dict):
        raise ConfigurationError(ENV_LOGIN_ROLES, "must be a JSON object {login: role}")
    for login, role in value.items():
        if not _LOGIN.match(login) or login in GROUP_ROLES:
            raise ConfigurationError(
                ENV_LOGIN_ROLES,
                f"login {login!r} must be a lower-case identifier of at most 57 characters"
                " and not a group role",
            )
        if role not in GROUP_ROLES:
            raise ConfigurationError(
                ENV_LOGIN_ROLES, f"role of {login!r} must be one of {list(GROUP_ROLES)}"
            )
    return dict(value)


def grant_logins(db: Database, login_roles: dict[str, str]) -> list[Change]:
    """Make each login a member of its role and of no other group role (one transaction)."""
    changes: list[Change] = []
    db.run("START TRANSACTION")
    try:
        for login, role in sorted(login_roles.items()):
            change = _grant_one(db, login, role)
            if change.granted or change.revoked:
                changes.append(change)
    except BaseException:
        db.run("ROLLBACK")
        raise
    db.run("COMMIT")
    return changes


def _grant_one(db: Database, login: str, role: str) -> Change:
    found = db.run(
        "SELECT rolcanlogin, rolsuper FROM pg_catalog.pg_roles WHERE rolname = :n", n=login
    )
    if not found:
        raise LoginError(
            f"login {login!r} does not exist: apply the secrets-rotation unit first"
            " (its first rotation creates the login)"
        )
    can_login, superuser = found[0]
    if superuser or not can_login:
        raise LoginError(f"refusing to grant {role!r} to {login!r}: not a plain login role")
    held = {
        str(row[0])
        for row in db.run(
            "SELECT g.rolname FROM pg_catalog.pg_auth_members m"
            " JOIN pg_catalog.pg_roles g ON g.oid = m.roleid"
            " JOIN pg_catalog.pg_roles u ON u.oid = m.member"
            " WHERE u.rolname = :n AND g.rolname = ANY(:groups)",
            n=login,
            groups=list(GROUP_ROLES),
        )
    }
    revoked = tuple(sorted(held - {role}))
    for other in revoked:
        db.run(f'REVOKE "{other}" FROM "{login}"')  # both validated identifiers
    granted = None if role in held else role
    if granted:
        db.run(f'GRANT "{role}" TO "{login}"')
    return Change(login, granted, revoked)
