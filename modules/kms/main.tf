data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

locals {
  account_id   = data.aws_caller_identity.current.account_id
  account_root = "arn:${data.aws_partition.current.partition}:iam::${local.account_id}:root"

  # Without named administrators the account root administers the key, which delegates
  # administration to IAM policies and keeps the key manageable.
  administrators = length(var.key_administrators) > 0 ? var.key_administrators : [local.account_root]

  # Administration only: no Encrypt/Decrypt/GenerateDataKey and no CreateGrant, so an
  # administrator cannot read PHI with this key without first changing the (audited) policy.
  administrator_actions = [
    "kms:CancelKeyDeletion",
    "kms:CreateAlias",
    "kms:DeleteAlias",
    "kms:DescribeKey",
    "kms:DisableKey",
    "kms:DisableKeyRotation",
    "kms:EnableKey",
    "kms:EnableKeyRotation",
    "kms:GetKeyPolicy",
    "kms:GetKeyRotationStatus",
    "kms:ListAliases",
    "kms:ListGrants",
    "kms:ListKeyPolicies",
    "kms:ListResourceTags",
    "kms:PutKeyPolicy",
    "kms:RevokeGrant",
    "kms:RotateKeyOnDemand",
    "kms:ScheduleKeyDeletion",
    "kms:TagResource",
    "kms:UntagResource",
    "kms:UpdateAlias",
    "kms:UpdateKeyDescription",
  ]

  user_actions = [
    "kms:Decrypt",
    "kms:DescribeKey",
    "kms:Encrypt",
    "kms:GenerateDataKey*",
    "kms:ReEncrypt*",
  ]
}

data "aws_iam_policy_document" "key" {
  #checkov:skip=CKV_AWS_109:Key policy: Resource "*" is the key itself; administrators are named principals and get no data-plane actions.
  #checkov:skip=CKV_AWS_111:Key policy: Resource "*" is the key itself; every statement names its principals and usage is scoped by conditions.
  #checkov:skip=CKV_AWS_356:Key policy: a key policy cannot name other resources; "*" means this key.
  statement {
    sid       = "KeyAdministration"
    effect    = "Allow"
    actions   = local.administrator_actions
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = local.administrators
    }
  }

  dynamic "statement" {
    for_each = length(var.key_users) > 0 ? [true] : []
    content {
      sid       = "KeyUsage"
      effect    = "Allow"
      actions   = local.user_actions
      resources = ["*"]

      principals {
        type        = "AWS"
        identifiers = var.key_users
      }
    }
  }

  dynamic "statement" {
    for_each = length(var.key_users) > 0 ? [true] : []
    content {
      sid       = "KeyGrantsForAwsResources"
      effect    = "Allow"
      actions   = ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"]
      resources = ["*"]

      principals {
        type        = "AWS"
        identifiers = var.key_users
      }

      condition {
        test     = "Bool"
        variable = "kms:GrantIsForAWSResource"
        values   = ["true"]
      }
    }
  }

  dynamic "statement" {
    for_each = length(var.via_services) > 0 ? [true] : []
    content {
      sid       = "UsageThroughAwsServices"
      effect    = "Allow"
      actions   = concat(local.user_actions, ["kms:CreateGrant"])
      resources = ["*"]

      principals {
        type        = "AWS"
        identifiers = [local.account_root]
      }

      condition {
        test     = "StringEquals"
        variable = "kms:CallerAccount"
        values   = [local.account_id]
      }

      condition {
        test     = "StringEquals"
        variable = "kms:ViaService"
        values   = var.via_services
      }
    }
  }

  dynamic "statement" {
    for_each = var.service_principals
    content {
      sid       = statement.key
      effect    = "Allow"
      actions   = statement.value.actions
      resources = ["*"]

      principals {
        type        = "Service"
        identifiers = [statement.value.principal]
      }

      dynamic "condition" {
        for_each = statement.value.conditions
        content {
          test     = condition.value.test
          variable = condition.value.variable
          values   = condition.value.values
        }
      }
    }
  }
}

resource "aws_kms_key" "this" {
  description                        = var.description
  key_usage                          = "ENCRYPT_DECRYPT"
  customer_master_key_spec           = "SYMMETRIC_DEFAULT"
  deletion_window_in_days            = var.deletion_window_in_days
  enable_key_rotation                = true
  is_enabled                         = true
  multi_region                       = var.multi_region
  policy                             = data.aws_iam_policy_document.key.json
  bypass_policy_lockout_safety_check = false
  tags                               = var.tags
}

resource "aws_kms_alias" "this" {
  name          = "alias/${var.alias}"
  target_key_id = aws_kms_key.this.key_id
}
