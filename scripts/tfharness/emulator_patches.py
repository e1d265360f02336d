"""Minimal additions to moto 5.2.5 that the embedded AWS needs (documented in docs/emulator.md).

Each patch adds an API moto lacks, as AWS documents it, and nothing else. They are tied to
the pinned moto version: on another version :func:`apply` refuses to run, so an upgrade
re-checks whether the gap still exists instead of silently patching a changed moto.

* Application Auto Scaling tagging (``ListTagsForResource``, ``TagResource``,
  ``UntagResource``, and the ``Tags`` of ``RegisterScalableTarget``): the aws provider lists
  a scalable target's tags on every read, so without them an ``aws_appautoscaling_target``
  is created and then stuck (refresh, re-plan and destroy all fail with HTTP 500).
* Security group rule descriptions for rules that reference another security group or a
  prefix list: moto stores the description with the referenced group (and drops it for a
  prefix list) and ``DescribeSecurityGroupRules`` returns only the description of CIDR
  rules, so every ``aws_vpc_security_group_*_rule`` with ``referenced_security_group_id``
  or ``prefix_list_id`` and a description re-plans forever.
* SQS queue depth counts (``ApproximateNumberOfMessages``, ``...NotVisible``, ``...Delayed``
  and the visible-message list): moto rebuilds every queue attribute on each message sent
  and counts with two clock reads per message in the queue, so sending grows with queue depth
  (quadratic in messages sent; a 519-message campaign spent about 7 CPU-seconds in moto). The
  patch counts with one clock read per count: same results, linear cost. Performance only.
* The default CA of a new RDS DB instance: moto answers ``CreateDBInstance`` without a
  ``CACertificateIdentifier`` with ``rds-ca-default``, a CA AWS does not have; AWS gives new
  instances the region's default, ``rds-ca-rsa2048-g1``. The provider never sends the CA on
  create: it compares the created instance's CA with ``ca_cert_identifier`` and, when they
  differ, modifies the instance and waits for it again (a fixed 80 s on the emulator, on
  every DB instance of every apply). An explicit CA in the request is kept as moto keeps it.
"""

from __future__ import annotations

import json
from typing import Any

import moto
from moto.applicationautoscaling.responses import ApplicationAutoScalingResponse
from moto.ec2.models.security_groups import SecurityGroupRule
from moto.rds.models import DBInstance
from moto.sqs import models as _sqs_models

PINNED_MOTO_VERSION = "5.2.5"
# What AWS gives a new DB instance created without CACertificateIdentifier (RDS User Guide,
# "Using SSL/TLS to encrypt a connection to a DB instance": the default CA since 2024).
RDS_DEFAULT_CA = "rds-ca-rsa2048-g1"
# The SQS module untyped: its clock is looked up at call time, so a test can count reads.
sqs_models: Any = _sqs_models
_TAGS_ATTRIBUTE = "_harness_resource_tags"


def _tags(response: ApplicationAutoScalingResponse) -> dict[str, dict[str, str]]:
    """Tags by resource ARN, kept on the account/region backend (so a moto reset clears them)."""
    backend: Any = response.applicationautoscaling_backend
    store: dict[str, dict[str, str]] = backend.__dict__.setdefault(_TAGS_ATTRIBUTE, {})
    return store


def _patch_application_autoscaling_tagging() -> None:
    register = ApplicationAutoScalingResponse.register_scalable_target
    deregister = ApplicationAutoScalingResponse.deregister_scalable_target

    def register_scalable_target(self: ApplicationAutoScalingResponse) -> str:
        body = register(self)
        arn = json.loads(body)["ScalableTargetARN"]
        _tags(self).setdefault(arn, {}).update(self._get_param("Tags") or {})
        return body

    def deregister_scalable_target(self: ApplicationAutoScalingResponse) -> str:
        backend = self.applicationautoscaling_backend
        dimension = self._get_param("ScalableDimension")
        target = backend.targets.get(dimension, {}).get(self._get_param("ResourceId"))
        body = deregister(self)
        if target is not None:
            _tags(self).pop(target.arn, None)
        return body

    def list_tags_for_resource(self: ApplicationAutoScalingResponse) -> str:
        return json.dumps({"Tags": _tags(self).get(self._get_param("ResourceARN"), {})})

    def tag_resource(self: ApplicationAutoScalingResponse) -> str:
        _tags(self).setdefault(self._get_param("ResourceARN"), {}).update(
            self._get_param("Tags") or {}
        )
        return "{}"

    def untag_resource(self: ApplicationAutoScalingResponse) -> str:
        tags = _tags(self).get(self._get_param("ResourceARN"), {})
        for key in self._get_param("TagKeys") or []:
            tags.pop(key, None)
        return "{}"

    patched: dict[str, Any] = {
        "register_scalable_target": register_scalable_target,
        "deregister_scalable_target": deregister_scalable_target,
        "list_tags_for_resource": list_tags_for_resource,
        "tag_resource": tag_resource,
        "untag_resource": untag_resource,
    }
    for name, function in patched.items():
        setattr(ApplicationAutoScalingResponse, name, function)


_PREFIX_LIST_DESCRIPTION = "_harness_prefix_list_description"


def _patch_referenced_rule_descriptions() -> None:
    init = SecurityGroupRule.__init__

    def __init__(self: SecurityGroupRule, *args: Any, **kwargs: Any) -> None:
        init(self, *args, **kwargs)
        prefix_list = kwargs.get("prefix_list_id", args[7] if len(args) > 7 else None)
        setattr(self, _PREFIX_LIST_DESCRIPTION, (prefix_list or {}).get("Description"))

    def description(self: SecurityGroupRule) -> str | None:
        found = (
            self.ip_range.get("Description")
            or (self.source_group or {}).get("Description")
            or getattr(self, _PREFIX_LIST_DESCRIPTION, None)
        )
        return str(found) if found is not None else None

    setattr(SecurityGroupRule, "__init__", __init__)  # noqa: B010
    setattr(SecurityGroupRule, "description", property(description))  # noqa: B010


def _patch_sqs_queue_counts() -> None:
    queue_class: Any = sqs_models.Queue

    def messages(self: Any) -> list[Any]:
        now = sqs_models.unix_time_millis()
        return [m for m in self._messages if now > m.visible_at and not now < m.delayed_until]

    def delayed(self: Any) -> int:
        now = sqs_models.unix_time_millis()
        return sum(1 for m in self._messages if now < m.delayed_until)

    def not_visible(self: Any) -> int:
        now = sqs_models.unix_time_millis()
        return sum(1 for m in self._messages if not now > m.visible_at)

    def visible(self: Any) -> int:
        return len(messages(self))

    queue_class.messages = property(messages)
    queue_class.approximate_number_of_messages_delayed = property(delayed)
    queue_class.approximate_number_of_messages_not_visible = property(not_visible)
    queue_class.approximate_number_of_messages = property(visible)


def _patch_rds_default_ca() -> None:
    init = DBInstance.__init__

    def __init__(self: DBInstance, *args: Any, **kwargs: Any) -> None:
        if not kwargs.get("ca_certificate_identifier"):
            kwargs["ca_certificate_identifier"] = RDS_DEFAULT_CA
        init(self, *args, **kwargs)

    DBInstance.__init__ = __init__  # type: ignore[method-assign]


def apply() -> None:
    """Install every patch; refuse on a moto version the patches were not written for."""
    if moto.__version__ != PINNED_MOTO_VERSION:
        raise RuntimeError(
            f"tfharness.emulator_patches targets moto {PINNED_MOTO_VERSION}, found "
            f"{moto.__version__}: check whether moto now implements the patched APIs "
            "(docs/emulator.md) and update or drop the patches"
        )
    _patch_application_autoscaling_tagging()
    _patch_referenced_rule_descriptions()
    _patch_sqs_queue_counts()
    _patch_rds_default_ca()
