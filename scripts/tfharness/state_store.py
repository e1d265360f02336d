"""The units' remote state on the emulator: what ``terragrunt backend bootstrap`` does (the
state bucket, versioned, SSE-KMS under the state key, public access blocked, TLS-only,
access-logged) in the unit's account and region through the backend's assume-role, and
reading a dependency's outputs and resources back from that state, as Terragrunt does.
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Mapping
from typing import Any, Protocol

import boto3
from botocore.exceptions import ClientError

from tfharness.emulator import FAKE_ACCESS_KEY, FAKE_SECRET_KEY
from tfharness.terragrunt import TerragruntError


class EmulatorLike(Protocol):
    """What the runner needs from an emulator (a running ``Emulator`` or an attached one)."""

    @property
    def endpoint(self) -> str: ...

    def process_env(self, base: dict[str, str] | None = None) -> dict[str, str]: ...


def _alias_of(key_id: str) -> str | None:
    if key_id.startswith("alias/"):
        return key_id
    if ":alias/" in key_id:
        return "alias/" + key_id.split(":alias/", 1)[1]
    return None


class StateStore:
    """The units' S3 state on the emulator: bootstrap buckets, read outputs and resources."""

    def __init__(self, emulator: EmulatorLike) -> None:
        self.emulator = emulator
        self._lock = threading.Lock()
        self._credentials: dict[str, dict[str, str]] = {}
        self._ready: set[str] = set()
        self._bucket_locks: dict[str, threading.Lock] = {}

    def _assumed(self, role_arn: str | None) -> dict[str, str]:
        if not role_arn:
            return {"aws_access_key_id": FAKE_ACCESS_KEY, "aws_secret_access_key": FAKE_SECRET_KEY}
        with self._lock:
            if role_arn not in self._credentials:
                sts = boto3.client(
                    "sts",
                    endpoint_url=self.emulator.endpoint,
                    region_name="us-east-1",
                    aws_access_key_id=FAKE_ACCESS_KEY,
                    aws_secret_access_key=FAKE_SECRET_KEY,
                )
                creds = sts.assume_role(RoleArn=role_arn, RoleSessionName="tfharness-state")[
                    "Credentials"
                ]
                self._credentials[role_arn] = {
                    "aws_access_key_id": creds["AccessKeyId"],
                    "aws_secret_access_key": creds["SecretAccessKey"],
                    "aws_session_token": creds["SessionToken"],
                }
            return self._credentials[role_arn]

    def client(self, service: str, config: Mapping[str, Any]) -> Any:
        role = (config.get("assume_role") or {}).get("role_arn")
        return boto3.client(
            service,
            endpoint_url=self.emulator.endpoint,
            region_name=str(config["region"]),
            **self._assumed(role),
        )

    @staticmethod
    def _s3_config(remote_state: Mapping[str, Any] | None) -> dict[str, Any]:
        if not remote_state or remote_state.get("backend") != "s3":
            raise TerragruntError("the harness drives units with an s3 remote_state only")
        return dict(remote_state.get("config") or {})

    def bootstrap(self, remote_state: Mapping[str, Any] | None) -> None:
        """What ``terragrunt backend bootstrap`` does, on the emulator (idempotent)."""
        config = self._s3_config(remote_state)
        bucket = str(config["bucket"])
        with self._lock:
            if bucket in self._ready:
                return
            bucket_lock = self._bucket_locks.setdefault(bucket, threading.Lock())
        with bucket_lock:
            if bucket not in self._ready:
                self._bootstrap(config)
                with self._lock:
                    self._ready.add(bucket)

    def _bootstrap(self, config: Mapping[str, Any]) -> None:
        s3 = self.client("s3", config)
        bucket, region = str(config["bucket"]), str(config["region"])
        with contextlib.suppress(ClientError):
            s3.head_bucket(Bucket=bucket)
            return
        key_id = str(config.get("bucket_sse_kms_key_id") or config.get("kms_key_id") or "")
        if key_id:
            self._ensure_key(config, key_id)
        log_bucket = config.get("accesslogging_bucket_name")
        if log_bucket:
            self._create_bucket(s3, str(log_bucket), region)
            s3.put_bucket_encryption(
                Bucket=log_bucket,
                ServerSideEncryptionConfiguration={
                    "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]
                },
            )
            s3.put_bucket_policy(
                Bucket=log_bucket, Policy=json.dumps(self._log_bucket_policy(str(log_bucket)))
            )
        self._create_bucket(s3, bucket, region)
        s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
        rule: dict[str, Any] = {"SSEAlgorithm": str(config.get("bucket_sse_algorithm", "AES256"))}
        if key_id:
            rule = {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": key_id}
        s3.put_bucket_encryption(
            Bucket=bucket,
            ServerSideEncryptionConfiguration={
                "Rules": [{"ApplyServerSideEncryptionByDefault": rule, "BucketKeyEnabled": True}]
            },
        )
        # No TLS-only bucket policy here, unlike `terragrunt backend bootstrap` on AWS: the
        # emulator speaks plain http on loopback, and moto applies a conditional Deny to
        # object requests as if it had no condition, so it would deny the state itself.
        if log_bucket:
            s3.put_bucket_logging(
                Bucket=bucket,
                BucketLoggingStatus={
                    "LoggingEnabled": {"TargetBucket": log_bucket, "TargetPrefix": "TFStateLogs/"}
                },
            )
        tags = config.get("s3_bucket_tags") or {}
        if tags:
            s3.put_bucket_tagging(
                Bucket=bucket,
                Tagging={"TagSet": [{"Key": k, "Value": str(v)} for k, v in tags.items()]},
            )

    def _ensure_key(self, config: Mapping[str, Any], key_id: str) -> None:
        alias = _alias_of(key_id)
        if alias is None:
            return  # a key ARN: the key must exist already (as for terragrunt)
        kms = self.client("kms", config)
        try:
            kms.describe_key(KeyId=alias)
        except ClientError:
            key = kms.create_key(Description=f"Terraform state ({config['bucket']})")
            key_arn = key["KeyMetadata"]["KeyId"]
            kms.enable_key_rotation(KeyId=key_arn)
            kms.create_alias(AliasName=alias, TargetKeyId=key_arn)

    @staticmethod
    def _create_bucket(s3: Any, bucket: str, region: str) -> None:
        kwargs: dict[str, Any] = {"Bucket": bucket}
        if region != "us-east-1":
            kwargs["CreateBucketConfiguration"] = {"LocationConstraint": region}
        try:
            s3.create_bucket(**kwargs)
        except ClientError as error:
            if error.response["Error"]["Code"] not in (
                "BucketAlreadyOwnedByYou",
                "BucketAlreadyExists",
            ):
                raise
        s3.put_public_access_block(
            Bucket=bucket,
            PublicAccessBlockConfiguration={
                "BlockPublicAcls": True,
                "IgnorePublicAcls": True,
                "BlockPublicPolicy": True,
                "RestrictPublicBuckets": True,
            },
        )

    @staticmethod
    def _log_bucket_policy(bucket: str) -> dict[str, Any]:
        return {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "S3ServerAccessLogs",
                    "Effect": "Allow",
                    "Principal": {"Service": "logging.s3.amazonaws.com"},
                    "Action": "s3:PutObject",
                    "Resource": f"arn:aws:s3:::{bucket}/*",
                }
            ],
        }

    def state(self, remote_state: Mapping[str, Any] | None) -> dict[str, Any] | None:
        """The unit's state document, or None when it has never been applied."""
        config = self._s3_config(remote_state)
        s3 = self.client("s3", config)
        try:
            body = s3.get_object(Bucket=config["bucket"], Key=config["key"])["Body"].read()
        except ClientError as error:
            if error.response["Error"]["Code"] in ("NoSuchKey", "NoSuchBucket", "404"):
                return None
            raise
        data: dict[str, Any] = json.loads(body)
        return data

    def outputs(self, remote_state: Mapping[str, Any] | None) -> dict[str, Any]:
        state = self.state(remote_state)
        return {
            name: spec.get("value") for name, spec in ((state or {}).get("outputs") or {}).items()
        }

    def resources(self, remote_state: Mapping[str, Any] | None) -> list[str]:
        """Managed resources left in the unit's state."""
        state = self.state(remote_state) or {}
        found = []
        for resource in state.get("resources") or []:
            if resource.get("mode") == "managed" and resource.get("instances"):
                prefix = f"{resource['module']}." if resource.get("module") else ""
                found.append(f"{prefix}{resource['type']}.{resource['name']}")
        return found
