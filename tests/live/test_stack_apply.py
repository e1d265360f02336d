"""The whole dev/us-east-1 stack on the embedded AWS, and the apply path's refusal of mocks.

The stack test is what `make demo` and `make demo-destroy` do, on a fresh emulator: apply
every unit in dependency order with real dependency outputs (read from the S3 state the units
really write), check the outputs, re-plan (only measured emulator diffs may remain), destroy
in reverse order and leave nothing in state.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tfharness import live
from tfharness.emulator import Emulator
from tfharness.live import Unit
from tfharness.stack import MockOutputError, StackRunner
from tfharness.stack_order import failures
from tfharness.toolchain import Toolchain

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

DEMO_ENV, DEMO_REGION = "dev", "us-east-1"
ARN = r"^arn:aws:[a-z0-9-]+:[a-z0-9-]*:(\d{12})?:"
# Outputs the demo must produce (unit name → output → pattern); an applied unit's outputs
# must also all be set, unless listed as nullable.
KEY_OUTPUTS: dict[str, dict[str, str]] = {
    "kms": {"key_arn": ARN + r"key/[0-9a-f-]{36}$", "alias_name": r"^alias/phi-platform-dev-data$"},
    "s3-access-logs": {"bucket_id": r"^phi-platform-dev-access-logs-\d{12}-us-east-1$"},
    "s3-phi-data": {"bucket_id": r"^phi-platform-dev-phi-data-\d{12}-us-east-1$"},
    "vpc": {"vpc_id": r"^vpc-[0-9a-f]+$", "vpc_cidr_block": r"^10\.20\.0\.0/16$"},
    "security-groups": {"db_security_group_id": r"^sg-[0-9a-f]+$"},
    "rds-postgres": {"db_instance_identifier": r"^phi-platform-dev-us-east-1-db$"},
    "secrets-rotation": {
        "function_name": r"^phi-platform-dev-us-east-1-app-db-rotation$",
        "proxy_endpoint": (
            r"^phi-platform-dev-us-east-1-app-db-proxy\.[\w.-]+\.us-east-1\.rds\.amazonaws\.com$"
        ),
    },
    "guardduty-securityhub": {"detector_id": r"^[0-9a-z]+$"},
    "cloudtrail": {"trail_arn": ARN + r"trail/phi-platform-dev$"},
    "config": {"recorder_name": r"phi-platform-dev"},
    "alarm-topic": {"topic_arn": ARN + r"phi-platform-dev-us-east-1-alarms$"},
    "ses": {"identity_arn": ARN + r"identity/dev\.phi-platform\.example\.com$"},
    "cognito": {"staff_user_pool_id": r"^us-east-1_\w+$", "patient_client_id": r"^\w+$"},
    "outreach": {
        "redeem_alias_arn": ARN + r"function:phi-platform-dev-us-east-1-outreach-redeem:live$"
    },
    "workflows-api": {"api_endpoint": r"^https://\w+\.execute-api\.us-east-1\.amazonaws\.com$"},
    "intake": {"upload_url": r"^https://\w+\.execute-api\.us-east-1\.amazonaws\.com/documents$"},
}
# Outputs that are legitimately empty in the demo (output: why).
NULLABLE_OUTPUTS = {
    "replication_role_arn": "no cross-region replication configured in dev",
    "alias_canary_weights": "no canary in flight: all traffic on the live alias's version",
    "dlq_arn": "the dead-letter queue is switched off on the emulator (live/emulator.yaml)",
    "flow_log_cloudwatch_id": "VPC flow logs go to S3 only (flow_log_cloudwatch off)",
    "flow_log_log_group_name": "VPC flow logs go to S3 only (flow_log_cloudwatch off)",
    "vpn_gateway_id": "no site-to-site VPN in dev",
    "vpn_connection_id": "no site-to-site VPN in dev",
    "customer_gateway_id": "no site-to-site VPN in dev",
    "corporate_cidrs": "no site-to-site VPN in dev",
    "replica_instance_identifier": "no read replica in dev",
    "replica_instance_address": "no read replica in dev",
    "replication_group_id": "the replication group is switched off on the emulator",
    "replication_group_arn": "the replication group is switched off on the emulator",
    "primary_endpoint_address": "the replication group is switched off on the emulator",
    "reader_endpoint_address": "the replication group is switched off on the emulator",
    "findings_export_bucket_id": "GuardDuty findings export is switched off on the emulator",
    "findings_export_kms_key_arn": "GuardDuty findings export is switched off on the emulator",
    "access_analyzer_arn": "IAM Access Analyzer is switched off on the emulator",
    "securityhub_standards_arns": "Security Hub is switched off on the emulator",
    "ebs_kms_key_arn": "the EBS default key is switched off on the emulator",
    "conformance_pack_name": "the conformance pack is switched off on the emulator",
    "notification_topic_arn": "backup vault notifications are switched off on the emulator",
    "dkim_tokens": "the SES identity is created without DKIM attributes on the emulator",
    "configuration_set_name": "the SES configuration set is switched off on the emulator",
    "configuration_set_arn": "the SES configuration set is switched off on the emulator",
    "domain_names": "no Cognito-hosted login domain (managed login moves to a custom domain)",
    "proxy_read_only_endpoint": "no read replica in dev, so no read-only proxy endpoint",
}


def report(results: dict[Unit, object]) -> str:
    return "\n".join(f"--- {r.unit} ({r.action}): {r.error[-3000:]}" for r in failures(results))  # type: ignore[arg-type]


def test_dev_stack_applies_replans_clean_and_destroys(
    toolchain: Toolchain, fresh_emulator: Emulator
) -> None:
    units = live.stack(DEMO_ENV, DEMO_REGION)
    runner = StackRunner(toolchain, fresh_emulator, live.emulator_env(True, {}), progress=print)
    try:
        applied = runner.run(units, "apply")
        assert not failures(applied), report(applied)
        assert all(r.ok for r in applied.values()), {u.rel: r.status for u, r in applied.items()}
        problems = []
        account = fresh_emulator.account_id
        for unit, result in applied.items():
            for name, value in result.outputs.items():
                if value in (None, "", [], {}) and name not in NULLABLE_OUTPUTS:
                    problems.append(f"{unit}: output {name} is empty")
            for name, pattern in KEY_OUTPUTS.get(unit.name, {}).items():
                value = str(result.outputs.get(name))
                if not re.search(pattern, value):
                    problems.append(f"{unit}: output {name} = {value!r} !~ {pattern}")
                if account in value:
                    problems.append(f"{unit}: {name} is in the emulator's default account")
        assert not problems, "\n".join(problems)
        replanned = runner.run(units, "replan")
        assert not failures(replanned), report(replanned)
    finally:
        destroyed = runner.run(units, "destroy", reverse=True)
    assert not failures(destroyed), report(destroyed)
    for unit in units:
        state = runner.store.resources(runner.evaluate(unit, "render").remote_state)
        assert not state, f"{unit}: left in state: {state}"


def test_mock_outputs_never_reach_an_apply(
    tree_copy: Path, toolchain: Toolchain, fresh_emulator: Emulator
) -> None:
    """A unit that (wrongly) allows its mocks for apply is refused before anything is created."""
    envcommon = tree_copy / "live/_envcommon/s3-phi-data.hcl"
    text = envcommon.read_text()
    assert text.count('["validate", "plan"]') == 2
    envcommon.write_text(text.replace('["validate", "plan"]', '["validate", "plan", "apply"]'))
    unit = Unit(tree_copy / "live/dev/us-east-1/s3-phi-data", tree_copy / "live")
    runner = StackRunner(toolchain, fresh_emulator, live.emulator_env(True, {}), progress=None)
    with pytest.raises(MockOutputError, match=r"var\.kms_key_arn = .*0badc0de"):
        runner.apply_unit(unit)
    evaluated = runner.evaluate(unit, "plan")
    assert runner.store.state(evaluated.remote_state) is None, "nothing may have been applied"
