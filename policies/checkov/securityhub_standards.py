"""CKV_PHI_1: Security Hub subscribes FSBP, CIS AWS Foundations and NIST SP 800-53 Rev. 5."""

from __future__ import annotations

import re
from typing import Any

from phi_graph import expanded_strings, of_type, siblings, unresolved

from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck

REQUIRED = {
    "AWS Foundational Security Best Practices": re.compile(
        r"standards/aws-foundational-security-best-practices/v/"
    ),
    "CIS AWS Foundations Benchmark": re.compile(
        r"(standards|ruleset)/cis-aws-foundations-benchmark/v/"
    ),
    "NIST SP 800-53 Rev. 5": re.compile(r"standards/nist-800-53/v/5\."),
}


class SecurityHubStandardsSubscribed(BaseResourceCheck):
    def __init__(self) -> None:
        super().__init__(
            name="Ensure Security Hub subscribes the FSBP, CIS AWS Foundations and NIST 800-53 "
            "Rev. 5 standards",
            id="CKV_PHI_1",
            categories=[CheckCategories.LOGGING],
            supported_resources=["aws_securityhub_account"],
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        scope = siblings(self.graph, conf, self.entity_path)
        if scope is None:
            return CheckResult.UNKNOWN
        arns = [
            arn
            for v in of_type(scope, "aws_securityhub_standards_subscription")
            for arn in expanded_strings(v, "standards_arn")
        ]
        missing = [name for name, rx in REQUIRED.items() if not any(rx.search(a) for a in arns)]
        if not missing:
            return CheckResult.PASSED
        if any(unresolved(a.rpartition("standards/")[2]) for a in arns):
            return CheckResult.UNKNOWN
        self.details.append("missing standards subscriptions: " + ", ".join(missing))
        return CheckResult.FAILED


check = SecurityHubStandardsSubscribed()
