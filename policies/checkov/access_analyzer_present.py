"""CKV_PHI_3: an IAM Access Analyzer exists wherever GuardDuty or Security Hub is configured."""

from __future__ import annotations

from typing import Any

from phi_graph import of_type, siblings

from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck


class AccessAnalyzerPresent(BaseResourceCheck):
    def __init__(self) -> None:
        super().__init__(
            name="Ensure IAM Access Analyzer is enabled alongside GuardDuty and Security Hub",
            id="CKV_PHI_3",
            categories=[CheckCategories.IAM],
            supported_resources=["aws_guardduty_detector", "aws_securityhub_account"],
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        scope = siblings(self.graph, conf, self.entity_path)
        if scope is None:
            return CheckResult.UNKNOWN
        if of_type(scope, "aws_accessanalyzer_analyzer"):
            return CheckResult.PASSED
        self.details.append("no aws_accessanalyzer_analyzer in this configuration")
        return CheckResult.FAILED


check = AccessAnalyzerPresent()
