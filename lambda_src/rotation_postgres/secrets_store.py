"""Secrets Manager adapter (boto3) for ``ports.SecretStore``."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import boto3
from botocore.config import Config as BotoConfig
from botocore.exceptions import ClientError

from .config import PasswordPolicy
from .errors import InvalidSecretError, SecretStoreError
from .model import decode_secret_string
from .ports import SecretDescription

_NOT_FOUND = "ResourceNotFoundException"


def make_client(endpoint_url: str | None) -> Any:
    """A Secrets Manager client; ``endpoint_url`` is the VPC endpoint set by Terraform."""
    return boto3.client(
        "secretsmanager",
        endpoint_url=endpoint_url,
        config=BotoConfig(
            connect_timeout=5, read_timeout=10, retries={"max_attempts": 3, "mode": "standard"}
        ),
    )


class SecretsManagerStore:
    def __init__(self, client: Any) -> None:
        self._client = client

    def describe(self, secret_id: str) -> SecretDescription:
        resp = self._call("DescribeSecret", secret_id, SecretId=secret_id)
        versions = resp.get("VersionIdsToStages") or {}
        return SecretDescription(
            arn=str(resp["ARN"]),
            rotation_enabled=bool(resp.get("RotationEnabled", False)),
            versions={str(k): frozenset(v) for k, v in versions.items()},
        )

    def get_value(
        self, secret_id: str, stage: str, version_id: str | None = None
    ) -> dict[str, Any] | None:
        kwargs: dict[str, str] = {"SecretId": secret_id, "VersionStage": stage}
        if version_id is not None:
            kwargs["VersionId"] = version_id
        try:
            resp = self._client.get_secret_value(**kwargs)
        except ClientError as exc:
            if _code(exc) == _NOT_FOUND:
                return None
            raise _store_error("GetSecretValue", secret_id, exc) from None
        source = f"secret {secret_id} {stage}"
        if "SecretString" not in resp:
            if "SecretBinary" in resp:
                raise InvalidSecretError(
                    source, "SecretString", "must be set (binary secrets are not supported)"
                )
            return None
        return decode_secret_string(str(resp["SecretString"]), source)

    def put_value(
        self, secret_id: str, token: str | None, value: Mapping[str, Any], stage: str
    ) -> None:
        kwargs: dict[str, Any] = {
            "SecretId": secret_id,
            "SecretString": json.dumps(value),
            "VersionStages": [stage],
        }
        if token is not None:
            kwargs["ClientRequestToken"] = token
        self._call("PutSecretValue", secret_id, **kwargs)

    def move_stage(self, secret_id: str, stage: str, to_version: str, from_version: str) -> None:
        self._call(
            "UpdateSecretVersionStage",
            secret_id,
            SecretId=secret_id,
            VersionStage=stage,
            MoveToVersionId=to_version,
            RemoveFromVersionId=from_version,
        )

    def remove_stage(self, secret_id: str, stage: str, version_id: str) -> None:
        self._call(
            "UpdateSecretVersionStage",
            secret_id,
            SecretId=secret_id,
            VersionStage=stage,
            RemoveFromVersionId=version_id,
        )

    def random_password(self, policy: PasswordPolicy) -> str:
        resp = self._call(
            "GetRandomPassword",
            "-",
            PasswordLength=policy.length,
            ExcludeCharacters=policy.exclude_characters,
            IncludeSpace=False,
            RequireEachIncludedType=True,
        )
        return str(resp["RandomPassword"])

    def _call(self, operation: str, secret_id: str, **kwargs: Any) -> dict[str, Any]:
        method = getattr(self._client, _snake(operation))
        try:
            resp: dict[str, Any] = method(**kwargs)
        except ClientError as exc:
            raise _store_error(operation, secret_id, exc) from None
        return resp


def _code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))


def _store_error(operation: str, secret_id: str, exc: ClientError) -> SecretStoreError:
    message = exc.response.get("Error", {}).get("Message", "")
    return SecretStoreError(f"{operation} on {secret_id} failed: {_code(exc)}: {message}")


def _snake(operation: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in operation).lstrip("_")
