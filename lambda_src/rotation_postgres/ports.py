"""The two small interfaces the rotation core depends on.

``SecretStore`` is what we need from Secrets Manager; ``Database`` / ``AdminSession`` is what
we need from PostgreSQL. The adapters are ``secrets_store.SecretsManagerStore`` and
``pg.Pg8000Database``; tests can substitute fakes.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Protocol

from .config import PasswordPolicy
from .model import Credentials, Endpoint


@dataclass(frozen=True)
class SecretDescription:
    arn: str
    rotation_enabled: bool
    versions: Mapping[str, frozenset[str]]
    """VersionId -> staging labels."""

    def version_with(self, stage: str) -> str | None:
        for version_id, stages in self.versions.items():
            if stage in stages:
                return version_id
        return None


class SecretStore(Protocol):
    def describe(self, secret_id: str) -> SecretDescription: ...

    def get_value(
        self, secret_id: str, stage: str, version_id: str | None = None
    ) -> dict[str, Any] | None:
        """The JSON object stored in that version, or None if it has no value (yet)."""
        ...

    def put_value(
        self, secret_id: str, token: str | None, value: Mapping[str, Any], stage: str
    ) -> None:
        """Store a new version; ``token`` None lets the SDK pick the ClientRequestToken."""
        ...

    def move_stage(
        self, secret_id: str, stage: str, to_version: str, from_version: str
    ) -> None: ...

    def remove_stage(self, secret_id: str, stage: str, version_id: str) -> None: ...

    def random_password(self, policy: PasswordPolicy) -> str: ...


@dataclass(frozen=True)
class RoleInfo:
    name: str
    superuser: bool
    can_login: bool


class AdminSession(Protocol):
    """A session as the master user. Passwords arrive here only as SCRAM verifiers."""

    def role(self, name: str) -> RoleInfo | None: ...

    def is_member(self, member: str, group: str) -> bool:
        """True if ``member`` is a direct member of ``group``."""
        ...

    def create_login_role(self, name: str, verifier: str, member_of: str) -> None:
        """CREATE ROLE name LOGIN PASSWORD verifier; GRANT member_of TO name (one transaction)."""
        ...

    def set_password(self, name: str, verifier: str) -> None: ...


class Database(Protocol):
    def can_login(self, endpoint: Endpoint, credentials: Credentials) -> bool:
        """True if the credentials log in; False if the server rejects them.

        Raises ``DatabaseUnavailableError`` / ``TlsError`` when the question cannot be
        answered, so "server down" is never mistaken for "wrong password".
        """
        ...

    def admin_session(
        self, endpoint: Endpoint, credentials: Credentials
    ) -> AbstractContextManager[AdminSession]: ...
