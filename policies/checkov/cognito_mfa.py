"""CKV_PHI_4: Cognito user pools require MFA for every user."""

from __future__ import annotations

from typing import Any

from phi_graph import scalar, unresolved

from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck


class CognitoMfaRequired(BaseResourceCheck):
    def __init__(self) -> None:
        super().__init__(
            name='Ensure Cognito user pools require MFA (mfa_configuration = "ON")',
            id="CKV_PHI_4",
            categories=[CheckCategories.IAM],
            supported_resources=["aws_cognito_user_pool"],
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        value = scalar(conf.get("mfa_configuration"))
        if unresolved(value):
            return CheckResult.UNKNOWN
        return CheckResult.PASSED if value == "ON" else CheckResult.FAILED

    def get_evaluated_keys(self) -> list[str]:
        return ["mfa_configuration"]


check = CognitoMfaRequired()
