data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.name

  # GuardDuty protections this platform's workloads need. A protection switched off is left
  # unmanaged (GuardDuty's account default applies) rather than written as DISABLED.
  guardduty_features = {
    S3_DATA_EVENTS         = { enabled = var.enable_s3_protection, additional = {} }
    RDS_LOGIN_EVENTS       = { enabled = var.enable_rds_protection, additional = {} }
    LAMBDA_NETWORK_LOGS    = { enabled = var.enable_lambda_protection, additional = {} }
    EBS_MALWARE_PROTECTION = { enabled = var.enable_malware_protection, additional = {} }
    RUNTIME_MONITORING = {
      enabled    = var.enable_runtime_monitoring
      additional = { ECS_FARGATE_AGENT_MANAGEMENT = "ENABLED" }
    }
  }

  export_bucket_name = "${var.name}-gd-findings-${local.account_id}-${local.region}"
  # GuardDuty allows one detector per account and region, so this pattern names exactly this
  # module's detector, and unlike the detector's own ARN it is known at plan time.
  detector_arns = "arn:${local.partition}:guardduty:${local.region}:${local.account_id}:detector/*"
}

# --- GuardDuty -----------------------------------------------------------------------------

resource "aws_guardduty_detector" "this" {
  #checkov:skip=CKV2_AWS_3:This module enables GuardDuty in the account and region it is applied in, and the live tree applies it in every account and region; aws_guardduty_organization_configuration belongs only to an Organizations delegated administrator, which the platform does not assume.
  enable                       = true
  finding_publishing_frequency = var.finding_publishing_frequency
  tags                         = var.tags
}

resource "aws_guardduty_detector_feature" "this" {
  for_each = { for name, feature in local.guardduty_features : name => feature if feature.enabled }

  detector_id = aws_guardduty_detector.this.id
  name        = each.key
  status      = "ENABLED"

  dynamic "additional_configuration" {
    for_each = each.value.additional
    content {
      name   = additional_configuration.key
      status = additional_configuration.value
    }
  }
}

# --- Findings export: GuardDuty -> S3 (SSE-KMS under a key only GuardDuty and S3 may use) --

module "export_key" {
  source = "../kms"
  count  = var.export_findings ? 1 : 0

  alias                   = "${var.name}-guardduty-findings"
  description             = "GuardDuty findings exported to ${local.export_bucket_name}"
  deletion_window_in_days = 30
  via_services            = ["s3.${local.region}.amazonaws.com"]
  service_principals = {
    GuardDutyExport = {
      principal = "guardduty.amazonaws.com"
      actions   = ["kms:GenerateDataKey"]
      conditions = [
        { test = "StringEquals", variable = "aws:SourceAccount", values = [local.account_id] },
        { test = "ArnLike", variable = "aws:SourceArn", values = [local.detector_arns] },
      ]
    }
  }
  tags = var.tags
}

data "aws_iam_policy_document" "export_bucket" {
  count = var.export_findings ? 1 : 0

  statement {
    sid       = "GuardDutyGetBucketLocation"
    actions   = ["s3:GetBucketLocation"]
    resources = ["arn:${local.partition}:s3:::${local.export_bucket_name}"]

    principals {
      type        = "Service"
      identifiers = ["guardduty.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = [local.detector_arns]
    }
  }

  statement {
    sid       = "GuardDutyPutFindings"
    actions   = ["s3:PutObject"]
    resources = ["arn:${local.partition}:s3:::${local.export_bucket_name}/*"]

    principals {
      type        = "Service"
      identifiers = ["guardduty.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = [local.detector_arns]
    }
  }
}

module "export_bucket" {
  source = "../s3-bucket"
  count  = var.export_findings ? 1 : 0

  name        = local.export_bucket_name
  kms_key_arn = module.export_key[0].key_arn
  access_logging = {
    target_bucket = var.access_log_bucket
    target_prefix = "s3/${local.export_bucket_name}/"
  }
  additional_policy_documents = [data.aws_iam_policy_document.export_bucket[0].json]
  expiration_days             = var.findings_export_retention_days
  eventbridge_notifications   = var.s3_eventbridge_notifications
  tags                        = var.tags
}

resource "aws_guardduty_publishing_destination" "this" {
  count = var.export_findings ? 1 : 0

  detector_id = aws_guardduty_detector.this.id
  # Through bucket_id, which is known only once the bucket policy is in place: GuardDuty
  # checks its permissions when the destination is created.
  destination_arn = "arn:${local.partition}:s3:::${module.export_bucket[0].bucket_id}"
  kms_key_arn     = module.export_key[0].key_arn
}
