"""CKV_PHI_6: GuardDuty protections for this platform's workloads are enabled.

S3 data events (PHI buckets), RDS login events (the database tier), Lambda network logs
(the workflow functions) and Runtime Monitoring with the ECS Fargate agent managed (the
application containers).
"""

from __future__ import annotations

from typing import Any

from phi_graph import of_type, scalar, siblings, unresolved

from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck

REQUIRED = ("S3_DATA_EVENTS", "RDS_LOGIN_EVENTS", "LAMBDA_NETWORK_LOGS", "RUNTIME_MONITORING")
FARGATE_AGENT = "ECS_FARGATE_AGENT_MANAGEMENT"


def _enabled(vertex: dict[str, Any]) -> bool:
    return scalar(vertex.get("status")) == "ENABLED"


def _fargate_agent_managed(vertex: dict[str, Any]) -> bool:
    blocks = vertex.get("additional_configuration") or []
    if isinstance(blocks, dict):
        blocks = [blocks]
    return any(
        isinstance(b, dict)
        and scalar(b.get("name")) == FARGATE_AGENT
        and scalar(b.get("status")) == "ENABLED"
        for b in blocks
    )


class GuardDutyProtectionsEnabled(BaseResourceCheck):
    def __init__(self) -> None:
        super().__init__(
            name="Ensure GuardDuty S3, RDS, Lambda and Fargate runtime protections are enabled",
            id="CKV_PHI_6",
            categories=[CheckCategories.LOGGING],
            supported_resources=["aws_guardduty_detector"],
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        scope = siblings(self.graph, conf, self.entity_path)
        if scope is None:
            return CheckResult.UNKNOWN
        features = of_type(scope, "aws_guardduty_detector_feature")
        if any(unresolved(v.get("name")) for v in features):
            return CheckResult.UNKNOWN
        enabled = {scalar(v.get("name")): v for v in features if _enabled(v)}
        missing = [name for name in REQUIRED if name not in enabled]
        runtime = enabled.get("RUNTIME_MONITORING")
        if runtime is not None and not _fargate_agent_managed(runtime):
            missing.append(f"RUNTIME_MONITORING {FARGATE_AGENT}")
        if missing:
            self.details.append("protections not enabled: " + ", ".join(missing))
            return CheckResult.FAILED
        return CheckResult.PASSED


check = GuardDutyProtectionsEnabled()
