data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  account_id   = data.aws_caller_identity.current.account_id
  partition    = data.aws_partition.current.partition
  account_root = "arn:${local.partition}:iam::${local.account_id}:root"
  global       = var.create_global_resources

  # The three operator groups the architecture names, and the policies each gets. AWS managed
  # policies may be given by name; everything becomes an ARN here.
  groups = local.global ? {
    SystemAdmin   = var.group_policy_arns.system_admin
    DatabaseAdmin = var.group_policy_arns.database_admin
    Monitoring    = var.group_policy_arns.monitoring
  } : {}

  group_policy_attachments = {
    for pair in flatten([
      for group, policies in local.groups : [
        for policy in policies : { group = group, policy = policy }
      ]
      ]) : "${pair.group}:${pair.policy}" => {
      group      = pair.group
      policy_arn = startswith(pair.policy, "arn:") ? pair.policy : "arn:${local.partition}:iam::aws:policy/${pair.policy}"
    }
  }

  dev_test_role    = local.global && var.create_dev_test_role
  dev_test_trusted = length(var.dev_test_trusted_principals) > 0 ? var.dev_test_trusted_principals : [local.account_root]
  dev_test_policies = local.dev_test_role ? {
    for policy in var.dev_test_policy_arns :
    policy => startswith(policy, "arn:") ? policy : "arn:${local.partition}:iam::aws:policy/${policy}"
  } : {}

  # The only actions a user without MFA may call: enough to sign in, see the password policy,
  # change the password and enrol a virtual MFA device for their own user.
  mfa_self_service_actions = [
    "iam:ChangePassword",
    "iam:CreateVirtualMFADevice",
    "iam:EnableMFADevice",
    "iam:GetAccountPasswordPolicy",
    "iam:GetUser",
    "iam:ListMFADevices",
    "iam:ListVirtualMFADevices",
    "iam:ResyncMFADevice",
    "sts:GetSessionToken",
  ]
}

# --- Account password policy ----------------------------------------------------------------

resource "aws_iam_account_password_policy" "this" {
  count = local.global ? 1 : 0

  minimum_password_length        = var.password_minimum_length
  require_uppercase_characters   = true
  require_lowercase_characters   = true
  require_numbers                = true
  require_symbols                = true
  max_password_age               = var.password_max_age_days
  password_reuse_prevention      = var.password_reuse_prevention
  allow_users_to_change_password = true
  hard_expiry                    = var.password_hard_expiry
}

# --- MFA enforcement ------------------------------------------------------------------------

data "aws_iam_policy_document" "require_mfa" {
  statement {
    sid       = "AllowViewAccountInfo"
    effect    = "Allow"
    actions   = ["iam:GetAccountPasswordPolicy", "iam:ListVirtualMFADevices"]
    resources = ["*"]
  }

  statement {
    sid       = "AllowManageOwnPasswordAndUser"
    effect    = "Allow"
    actions   = ["iam:ChangePassword", "iam:GetUser"]
    resources = ["arn:${local.partition}:iam::${local.account_id}:user/$${aws:username}"]
  }

  statement {
    sid       = "AllowCreateOwnVirtualMfaDevice"
    effect    = "Allow"
    actions   = ["iam:CreateVirtualMFADevice"]
    resources = ["arn:${local.partition}:iam::${local.account_id}:mfa/$${aws:username}"]
  }

  statement {
    sid       = "AllowManageOwnMfa"
    effect    = "Allow"
    actions   = ["iam:DeactivateMFADevice", "iam:EnableMFADevice", "iam:ListMFADevices", "iam:ResyncMFADevice"]
    resources = ["arn:${local.partition}:iam::${local.account_id}:user/$${aws:username}"]
  }

  # Everything else, from any policy the user has, is denied until the session has MFA.
  # BoolIfExists also catches long-term access keys, whose requests carry no MFA key at all.
  statement {
    sid         = "DenyAllExceptMfaSelfServiceWithoutMfa"
    effect      = "Deny"
    not_actions = local.mfa_self_service_actions
    resources   = ["*"]

    condition {
      test     = "BoolIfExists"
      variable = "aws:MultiFactorAuthPresent"
      values   = ["false"]
    }
  }
}

resource "aws_iam_policy" "require_mfa" {
  count = local.global ? 1 : 0

  name        = "${var.name}-require-mfa"
  description = "Deny everything but MFA self-service (password change, virtual MFA enrolment) until the session is MFA-authenticated."
  policy      = data.aws_iam_policy_document.require_mfa.json
  tags        = var.tags
}

# --- Operator groups ------------------------------------------------------------------------

resource "aws_iam_group" "this" {
  #checkov:skip=CKV2_AWS_14:Group membership is per person and assigned by the account operators (or Identity Center); the baseline creates the groups, and an empty group grants nothing.
  for_each = local.groups

  name = each.key
}

resource "aws_iam_group_policy_attachment" "require_mfa" {
  for_each = local.groups

  group      = aws_iam_group.this[each.key].name
  policy_arn = aws_iam_policy.require_mfa[0].arn
}

resource "aws_iam_group_policy_attachment" "this" {
  for_each = local.group_policy_attachments

  group      = aws_iam_group.this[each.value.group].name
  policy_arn = each.value.policy_arn
}

# --- Dev/Test role: non-production resources only -------------------------------------------

data "aws_iam_policy_document" "dev_test_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "AWS"
      identifiers = local.dev_test_trusted
    }

    condition {
      test     = "Bool"
      variable = "aws:MultiFactorAuthPresent"
      values   = ["true"]
    }
  }
}

data "aws_iam_policy_document" "dev_test_limits" {
  dynamic "statement" {
    for_each = var.dev_test_denied_tags
    content {
      sid       = "DenyResourcesTagged${replace(title(replace(statement.key, "/[^A-Za-z0-9]+/", " ")), " ", "")}"
      effect    = "Deny"
      actions   = ["*"]
      resources = ["*"]

      condition {
        test     = "StringEqualsIgnoreCase"
        variable = "aws:ResourceTag/${statement.key}"
        values   = statement.value
      }
    }
  }

  dynamic "statement" {
    for_each = var.dev_test_denied_tags
    content {
      sid       = "DenyRequestsTagging${replace(title(replace(statement.key, "/[^A-Za-z0-9]+/", " ")), " ", "")}"
      effect    = "Deny"
      actions   = ["*"]
      resources = ["*"]

      condition {
        test     = "StringEqualsIgnoreCase"
        variable = "aws:RequestTag/${statement.key}"
        values   = statement.value
      }
    }
  }

  # The role must not widen itself or any other principal.
  statement {
    sid       = "DenyIamChanges"
    effect    = "Deny"
    resources = ["*"]
    actions = [
      "account:*",
      "iam:AddUserToGroup",
      "iam:Attach*",
      "iam:CreateAccessKey",
      "iam:CreateGroup",
      "iam:CreateLoginProfile",
      "iam:CreatePolicy",
      "iam:CreatePolicyVersion",
      "iam:CreateRole",
      "iam:CreateUser",
      "iam:Delete*",
      "iam:Detach*",
      "iam:PassRole",
      "iam:Put*",
      "iam:SetDefaultPolicyVersion",
      "iam:Update*",
      "organizations:*",
    ]
  }
}

resource "aws_iam_role" "dev_test" {
  #checkov:skip=CKV_AWS_61:The default trust is this account's own root (never another account's) with MFA required, AWS's same-account pattern: only IAM identities of this account whose own policies allow sts:AssumeRole on this role can assume it. dev_test_trusted_principals narrows it to named roles or users.
  count = local.dev_test_role ? 1 : 0

  name                 = "${var.name}-dev-test"
  description          = "Development and test work on non-production resources only; denied on anything tagged as production or PHI."
  assume_role_policy   = data.aws_iam_policy_document.dev_test_assume.json
  max_session_duration = var.dev_test_max_session_seconds
  tags                 = var.tags
}

resource "aws_iam_role_policy" "dev_test_limits" {
  count = local.dev_test_role ? 1 : 0

  name   = "non-production-only"
  role   = aws_iam_role.dev_test[0].id
  policy = data.aws_iam_policy_document.dev_test_limits.json
}

resource "aws_iam_role_policy_attachment" "dev_test" {
  for_each = local.dev_test_policies

  role       = aws_iam_role.dev_test[0].name
  policy_arn = each.value
}

# --- Account-level S3 public access block ---------------------------------------------------

resource "aws_s3_account_public_access_block" "this" {
  count = local.global && var.enable_s3_account_public_access_block ? 1 : 0

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# --- EBS encryption by default (regional) ---------------------------------------------------

module "ebs_key" {
  source = "../kms"
  count  = var.enable_ebs_default_kms_key ? 1 : 0

  alias        = "${var.name}-ebs-${data.aws_region.current.name}"
  description  = "EBS volumes and snapshots encrypted by default (${var.name})"
  via_services = ["ec2.${data.aws_region.current.name}.amazonaws.com"]
  key_users    = var.ebs_kms_key_users
  tags         = var.tags
}

resource "aws_ebs_encryption_by_default" "this" {
  enabled = true
}

resource "aws_ebs_default_kms_key" "this" {
  count = var.enable_ebs_default_kms_key ? 1 : 0

  key_arn = module.ebs_key[0].key_arn

  depends_on = [aws_ebs_encryption_by_default.this]
}
