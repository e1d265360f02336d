data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

data "aws_region" "dr" {
  provider = aws.dr
}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.name
  dr_region  = data.aws_region.dr.name

  # Compliance mode in production: once the grace period ends, nobody can shorten retention,
  # delete recovery points or remove the lock. Governance mode elsewhere.
  compliance_lock = var.environment == "prod"
  vault_lock_mode = local.compliance_lock ? "compliance" : "governance"

  create_topic = var.enable_vault_notifications && var.notification_topic_arn == null
  topic_arn    = "arn:${local.partition}:sns:${local.region}:${local.account_id}:${var.name}-backup-notifications"

  rules = {
    daily   = var.daily_backup
    monthly = var.monthly_backup
  }

  managed_policies = [
    "service-role/AWSBackupServiceRolePolicyForBackup",
    "service-role/AWSBackupServiceRolePolicyForRestores",
    "AWSBackupServiceRolePolicyForS3Backup",
    "AWSBackupServiceRolePolicyForS3Restore",
  ]
}

# --- Keys: one per region, each vault under its own customer-managed key --------------------

module "key" {
  source = "../kms"

  alias        = "${var.name}-backup"
  description  = "AWS Backup vault ${var.name} (${local.region})"
  via_services = ["backup.${local.region}.amazonaws.com"]
  service_principals = local.create_topic ? {
    BackupNotificationsToEncryptedTopic = {
      principal = "backup.amazonaws.com"
      actions   = ["kms:Decrypt", "kms:GenerateDataKey*"]
      conditions = [{
        test     = "StringEquals"
        variable = "kms:EncryptionContext:aws:sns:topicArn"
        values   = [local.topic_arn]
      }]
    }
  } : {}
  tags = var.tags
}

module "dr_key" {
  source = "../kms"
  providers = {
    aws = aws.dr
  }

  alias        = "${var.name}-backup-dr"
  description  = "AWS Backup DR vault ${var.name}-dr (copies from ${local.region})"
  via_services = ["backup.${local.dr_region}.amazonaws.com"]
  tags         = var.tags
}

# --- Vaults and their locks ------------------------------------------------------------------

resource "aws_backup_vault" "this" {
  name        = var.name
  kms_key_arn = module.key.key_arn
  tags        = var.tags
}

resource "aws_backup_vault_lock_configuration" "this" {
  backup_vault_name   = aws_backup_vault.this.name
  min_retention_days  = var.vault_lock.min_retention_days
  max_retention_days  = var.vault_lock.max_retention_days
  changeable_for_days = local.compliance_lock ? var.vault_lock.changeable_for_days : null
}

resource "aws_backup_vault" "dr" {
  provider = aws.dr

  name        = "${var.name}-dr"
  kms_key_arn = module.dr_key.key_arn
  tags        = var.tags
}

resource "aws_backup_vault_lock_configuration" "dr" {
  provider = aws.dr

  backup_vault_name   = aws_backup_vault.dr.name
  min_retention_days  = var.vault_lock.min_retention_days
  max_retention_days  = var.vault_lock.max_retention_days
  changeable_for_days = local.compliance_lock ? var.vault_lock.changeable_for_days : null
}

# --- Plan: daily and monthly rules, each copied to the DR vault -----------------------------

resource "aws_backup_plan" "this" {
  name = var.name
  tags = var.tags

  dynamic "rule" {
    for_each = local.rules
    content {
      rule_name         = rule.key
      target_vault_name = aws_backup_vault.this.name
      schedule          = rule.value.schedule
      start_window      = 60
      completion_window = 720
      recovery_point_tags = merge(var.tags, {
        BackupRule = rule.key
      })

      lifecycle {
        delete_after                              = rule.value.retention_days
        cold_storage_after                        = rule.value.cold_storage_after_days
        opt_in_to_archive_for_supported_resources = rule.value.cold_storage_after_days == null ? null : true
      }

      copy_action {
        destination_vault_arn = aws_backup_vault.dr.arn

        lifecycle {
          delete_after                              = rule.value.retention_days
          cold_storage_after                        = rule.value.cold_storage_after_days
          opt_in_to_archive_for_supported_resources = rule.value.cold_storage_after_days == null ? null : true
        }
      }
    }
  }

  # The locks must be in place before the first recovery point lands in either vault.
  depends_on = [aws_backup_vault_lock_configuration.this, aws_backup_vault_lock_configuration.dr]
}

# --- Selection: by tag and by explicit ARNs --------------------------------------------------

data "aws_iam_policy_document" "backup_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["backup.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

resource "aws_iam_role" "backup" {
  name_prefix        = "backup-${substr(var.name, 0, 24)}-"
  description        = "AWS Backup creates, copies and restores recovery points of the plan ${var.name}."
  assume_role_policy = data.aws_iam_policy_document.backup_assume.json
  tags               = var.tags
}

resource "aws_iam_role_policy_attachment" "backup" {
  for_each = toset(local.managed_policies)

  role       = aws_iam_role.backup.name
  policy_arn = "arn:${local.partition}:iam::aws:policy/${each.value}"
}

resource "aws_backup_selection" "by_tag" {
  count = var.enable_backup_selections ? 1 : 0

  name         = "${var.name}-by-tag"
  plan_id      = aws_backup_plan.this.id
  iam_role_arn = aws_iam_role.backup.arn

  selection_tag {
    type  = "STRINGEQUALS"
    key   = var.selection_tag.key
    value = var.selection_tag.value
  }
}

resource "aws_backup_selection" "by_arn" {
  count = var.enable_backup_selections && length(var.resource_arns) > 0 ? 1 : 0

  name         = "${var.name}-by-arn"
  plan_id      = aws_backup_plan.this.id
  iam_role_arn = aws_iam_role.backup.arn
  resources    = var.resource_arns
}

# --- Notifications ---------------------------------------------------------------------------

resource "aws_sns_topic" "notifications" {
  count = local.create_topic ? 1 : 0

  name              = "${var.name}-backup-notifications"
  kms_master_key_id = module.key.key_arn
  tags              = var.tags
}

data "aws_iam_policy_document" "notifications_topic" {
  statement {
    sid       = "AwsBackupOfThisAccount"
    effect    = "Allow"
    actions   = ["sns:Publish"]
    resources = [local.topic_arn]

    principals {
      type        = "Service"
      identifiers = ["backup.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }

  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["sns:Publish"]
    resources = [local.topic_arn]

    principals {
      type        = "AWS"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_sns_topic_policy" "notifications" {
  count = local.create_topic ? 1 : 0

  arn    = aws_sns_topic.notifications[0].arn
  policy = data.aws_iam_policy_document.notifications_topic.json
}

resource "aws_backup_vault_notifications" "this" {
  count = var.enable_vault_notifications ? 1 : 0

  backup_vault_name   = aws_backup_vault.this.name
  sns_topic_arn       = local.create_topic ? aws_sns_topic.notifications[0].arn : var.notification_topic_arn
  backup_vault_events = var.notification_events

  depends_on = [aws_sns_topic_policy.notifications]
}
