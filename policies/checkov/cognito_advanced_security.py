"""CKV_PHI_5: Cognito user pools enforce advanced security (threat protection)."""

from __future__ import annotations

from typing import Any

from phi_graph import scalar, unresolved

from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck


class CognitoAdvancedSecurityEnforced(BaseResourceCheck):
    def __init__(self) -> None:
        super().__init__(
            name="Ensure Cognito user pools enforce advanced security "
            '(user_pool_add_ons.advanced_security_mode = "ENFORCED")',
            id="CKV_PHI_5",
            categories=[CheckCategories.IAM],
            supported_resources=["aws_cognito_user_pool"],
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        add_ons = scalar(conf.get("user_pool_add_ons"))
        if not isinstance(add_ons, dict):
            return CheckResult.FAILED
        mode = scalar(add_ons.get("advanced_security_mode"))
        if unresolved(mode):
            return CheckResult.UNKNOWN
        return CheckResult.PASSED if mode == "ENFORCED" else CheckResult.FAILED

    def get_evaluated_keys(self) -> list[str]:
        return ["user_pool_add_ons/[0]/advanced_security_mode"]


check = CognitoAdvancedSecurityEnforced()
