"""CKV_PHI_2: Inspector v2 scans ECR images and Lambda functions."""

from __future__ import annotations

from typing import Any

from phi_graph import flat_strings, of_type, siblings, unresolved

from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck

REQUIRED = ("ECR", "LAMBDA")
ENABLER = "aws_inspector2_enabler"


def _covers(resource_types: Any) -> bool | None:
    """True if the list names ECR and LAMBDA; None if checkov could not resolve it."""
    if unresolved(resource_types):
        return None
    names = set(flat_strings(resource_types))
    return all(r in names for r in REQUIRED)


class InspectorScansEcrAndLambda(BaseResourceCheck):
    def __init__(self) -> None:
        super().__init__(
            name="Ensure Inspector v2 is enabled for ECR and Lambda",
            id="CKV_PHI_2",
            categories=[CheckCategories.GENERAL_SECURITY],
            supported_resources=[ENABLER, "aws_guardduty_detector", "aws_securityhub_account"],
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        if self.entity_type == ENABLER:
            covered = _covers(conf.get("resource_types"))
            if covered is None:
                return CheckResult.UNKNOWN
            if not covered:
                self.details.append("resource_types must include " + " and ".join(REQUIRED))
            return CheckResult.PASSED if covered else CheckResult.FAILED
        scope = siblings(self.graph, conf, self.entity_path)
        if scope is None:
            return CheckResult.UNKNOWN
        results = [_covers(v.get("resource_types")) for v in of_type(scope, ENABLER)]
        if any(results):
            return CheckResult.PASSED
        if None in results:
            return CheckResult.UNKNOWN
        self.details.append("no aws_inspector2_enabler for ECR and LAMBDA in this configuration")
        return CheckResult.FAILED


check = InspectorScansEcrAndLambda()
