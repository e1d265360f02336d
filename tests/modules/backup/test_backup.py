"""modules/backup: vaults under customer keys, vault lock by environment, DR copies, bad input."""

from __future__ import annotations

import json
from typing import Any

import pytest
from tfharness.badinput import BadInput
from tfharness.plan import PlanSummary, summarise

DOCUMENTS = "arn:aws:s3:::unit-test-documents"
BASE = {"name": "unit-test", "environment": "prod", "resource_arns": [DOCUMENTS]}
PREFIX = "module.under_test."

pytestmark = pytest.mark.plan


def _change(plan: dict[str, Any], address: str) -> dict[str, Any]:
    for rc in plan["resource_changes"]:
        if rc["address"] == address:
            return rc["change"]
    raise KeyError(address)


def _rules(summary: PlanSummary) -> dict[str, dict]:
    return {r["rule_name"]: r for r in summary.resource(f"{PREFIX}aws_backup_plan.this")["rule"]}


@pytest.fixture(scope="module")
def prod_plan(plan_backup) -> dict[str, Any]:
    return plan_backup(BASE)


@pytest.fixture(scope="module")
def prod(prod_plan) -> PlanSummary:
    return summarise(prod_plan)


def test_both_vaults_use_their_own_customer_key(prod_plan) -> None:
    for vault in ("this", "dr"):
        unknown = _change(prod_plan, f"{PREFIX}aws_backup_vault.{vault}")["after_unknown"]
        assert unknown["kms_key_arn"] is True, vault  # the module's key, known after apply
    config = prod_plan["configuration"]["root_module"]["module_calls"]["under_test"]["module"]
    resources = {r["address"]: r for r in config["resources"]}
    assert resources["aws_backup_vault.this"]["expressions"]["kms_key_arn"]["references"][0] == (
        "module.key.key_arn"
    )
    assert resources["aws_backup_vault.dr"]["expressions"]["kms_key_arn"]["references"][0] == (
        "module.dr_key.key_arn"
    )
    assert resources["aws_backup_vault.dr"]["provider_config_key"] == "aws.dr"


def test_dr_key_allows_use_only_through_backup_in_the_dr_region(prod) -> None:
    key = prod.resource(f"{PREFIX}module.dr_key.aws_kms_key.this")
    statements = {s["Sid"]: s for s in json.loads(key["policy"])["Statement"]}
    assert (
        statements["UsageThroughAwsServices"]["Condition"]["StringEquals"]["kms:ViaService"]
        == "backup.us-west-2.amazonaws.com"
    )


def test_production_vaults_are_locked_in_compliance_mode(prod) -> None:
    for vault in ("this", "dr"):
        lock = prod.resource(f"{PREFIX}aws_backup_vault_lock_configuration.{vault}")
        assert lock["changeable_for_days"] == 3, vault  # set: compliance mode
        assert lock["min_retention_days"] == 7


def test_non_production_vaults_are_locked_in_governance_mode(plan_backup) -> None:
    summary = summarise(plan_backup({**BASE, "environment": "dev"}))
    for vault in ("this", "dr"):
        lock = summary.resource(f"{PREFIX}aws_backup_vault_lock_configuration.{vault}")
        assert lock["changeable_for_days"] is None, vault  # unset: governance mode
        assert lock["min_retention_days"] == 7


def test_daily_and_monthly_rules_with_cold_storage_and_dr_copies(prod_plan, prod) -> None:
    rules = _rules(prod)
    assert set(rules) == {"daily", "monthly"}
    assert rules["daily"]["lifecycle"][0]["delete_after"] == 35
    monthly = rules["monthly"]["lifecycle"][0]
    assert (monthly["cold_storage_after"], monthly["delete_after"]) == (90, 2557)
    assert monthly["opt_in_to_archive_for_supported_resources"] is True
    for name, rule in rules.items():
        (copy,) = rule["copy_action"]
        assert copy["lifecycle"][0]["delete_after"] == rule["lifecycle"][0]["delete_after"], name
    unknown = _change(prod_plan, f"{PREFIX}aws_backup_plan.this")["after_unknown"]
    assert all(r["copy_action"][0]["destination_vault_arn"] for r in unknown["rule"])


def test_resources_are_selected_by_tag_and_by_arn(prod) -> None:
    by_tag = prod.resource(f"{PREFIX}aws_backup_selection.by_tag[0]")
    assert by_tag["selection_tag"] == [{"type": "STRINGEQUALS", "key": "Backup", "value": "true"}]
    assert prod.resource(f"{PREFIX}aws_backup_selection.by_arn[0]")["resources"] == [DOCUMENTS]


def test_backup_role_is_for_aws_backup_of_this_account(prod) -> None:
    role = prod.resource(f"{PREFIX}aws_iam_role.backup")
    (statement,) = json.loads(role["assume_role_policy"])["Statement"]
    assert statement["Principal"] == {"Service": "backup.amazonaws.com"}
    assert "aws:SourceAccount" in statement["Condition"]["StringEquals"]
    policies = {a["policy_arn"] for a in prod.of_type("aws_iam_role_policy_attachment").values()}
    assert "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup" in policies
    assert not any(p.endswith("/AdministratorAccess") for p in policies)


def test_failures_reach_an_encrypted_topic_only_backup_publishes_to(prod_plan, prod) -> None:
    events = set(
        prod.resource(f"{PREFIX}aws_backup_vault_notifications.this[0]")["backup_vault_events"]
    )
    assert {"BACKUP_JOB_FAILED", "COPY_JOB_FAILED", "RECOVERY_POINT_MODIFIED"} <= events
    assert _change(prod_plan, f"{PREFIX}aws_sns_topic.notifications[0]")["after_unknown"][
        "kms_master_key_id"
    ]
    policy = json.loads(prod.resource(f"{PREFIX}aws_sns_topic_policy.notifications[0]")["policy"])
    allow = next(s for s in policy["Statement"] if s["Effect"] == "Allow")
    assert allow["Principal"] == {"Service": "backup.amazonaws.com"}


def test_switched_off_selections_and_notifications_leave_nothing_behind(plan_backup) -> None:
    summary = summarise(
        plan_backup(
            {**BASE, "enable_backup_selections": False, "enable_vault_notifications": False}
        )
    )
    for resource_type in (
        "aws_backup_selection",
        "aws_backup_vault_notifications",
        "aws_sns_topic",
    ):
        assert resource_type not in summary.counts, resource_type
    key = summary.resource(f"{PREFIX}module.key.aws_kms_key.this")
    assert "BackupNotificationsToEncryptedTopic" not in key["policy"]


# --- bad input ------------------------------------------------------------------------------


BAD_INPUTS = [
    BadInput(
        "daily-retention-below-lock-minimum",
        {"daily_backup": {"retention_days": 3}},
        "daily_backup",
        "daily_backup.retention_days must lie within the vault lock's retention",
        BASE,
    ),
    BadInput(
        "lock-minimum-above-daily-retention",
        # daily_backup is passed (at its default retention) so Terraform can point at it.
        {"vault_lock": {"min_retention_days": 60}, "daily_backup": {"retention_days": 35}},
        "daily_backup",
        "daily_backup.retention_days must lie within the vault lock's retention",
        BASE,
    ),
    BadInput(
        "monthly-retention-above-lock-maximum",
        {"monthly_backup": {"retention_days": 5000}},
        "monthly_backup",
        "monthly_backup.retention_days must lie within the vault lock's retention",
        BASE,
    ),
    BadInput(
        "cold-storage-shorter-than-90-days",
        {"monthly_backup": {"retention_days": 120, "cold_storage_after_days": 90}},
        "monthly_backup",
        "monthly_backup.retention_days at least cold_storage_after_days + 90",
        BASE,
    ),
    BadInput(
        "compliance-grace-below-3-days",
        {"vault_lock": {"changeable_for_days": 1}},
        "vault_lock",
        "vault_lock.changeable_for_days must be a whole number of days >= 3",
        BASE,
    ),
    BadInput(
        "lock-minimum-above-maximum",
        {"vault_lock": {"min_retention_days": 30, "max_retention_days": 10}},
        "vault_lock",
        "vault_lock.min_retention_days must be a whole number >= 1 and <= vault_lock.max",
        BASE,
    ),
    BadInput(
        "schedule-not-cron",
        {"daily_backup": {"schedule": "every day"}},
        "daily_backup",
        "daily_backup.schedule must be a cron() or rate() expression",
        BASE,
    ),
    BadInput(
        "wildcard-resource",
        {"resource_arns": ["*"]},
        "resource_arns",
        "resource_arns must be ARNs",
        BASE,
    ),
    BadInput(
        "unknown-event",
        {"notification_events": ["EVERYTHING"]},
        "notification_events",
        "notification_events must be",
        BASE,
    ),
    BadInput(
        "unknown-environment",
        {"environment": "production"},
        "environment",
        "environment must be one of",
        BASE,
    ),
]


@pytest.mark.parametrize("case", BAD_INPUTS, ids=[c.id for c in BAD_INPUTS])
def test_bad_input_is_rejected_with_the_rule(backup_bad_input, case: BadInput) -> None:
    backup_bad_input(BAD_INPUTS, case)
