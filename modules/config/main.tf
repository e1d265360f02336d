data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.name

  # Global resource types (IAM) are recorded in one region only.
  record_global_resources = local.region == var.global_resources_region

  bucket_name = "${var.name}-config-${local.account_id}-${local.region}"
  bucket_arn  = "arn:${local.partition}:s3:::${local.bucket_name}"
  key_prefix  = "config"
  kms_key_arn = var.kms_key_arn != null ? var.kms_key_arn : module.key[0].key_arn
}

# --- Delivery bucket: SSE-KMS, versioned, access-logged, retained -------------------------

module "key" {
  source = "../kms"
  count  = var.kms_key_arn == null ? 1 : 0

  alias                   = "${var.name}-config"
  description             = "AWS Config snapshots and history in ${local.bucket_name}"
  deletion_window_in_days = 30
  via_services            = ["s3.${local.region}.amazonaws.com"]
  tags                    = var.tags
}

module "bucket" {
  source = "../s3-bucket"

  name        = local.bucket_name
  kms_key_arn = local.kms_key_arn
  access_logging = {
    target_bucket = var.access_log_bucket
    target_prefix = "s3/${local.bucket_name}/"
  }
  expiration_days           = var.delivery_retention_days
  eventbridge_notifications = var.s3_eventbridge_notifications
  tags                      = var.tags
}

# --- Recorder role: AWS's managed Config permissions plus delivery to this bucket only ----

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["config.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

resource "aws_iam_role" "recorder" {
  # IAM names are global to the account: one role per region.
  name               = "${var.name}-config-recorder-${local.region}"
  assume_role_policy = data.aws_iam_policy_document.assume.json
  tags               = var.tags
}

resource "aws_iam_role_policy_attachment" "recorder" {
  role       = aws_iam_role.recorder.name
  policy_arn = "arn:${local.partition}:iam::aws:policy/service-role/AWS_ConfigRole"
}

data "aws_iam_policy_document" "delivery" {
  statement {
    sid       = "ReadDeliveryBucket"
    actions   = ["s3:GetBucketAcl", "s3:ListBucket"]
    resources = [local.bucket_arn]
  }

  statement {
    sid       = "DeliverSnapshotsAndHistory"
    actions   = ["s3:PutObject"]
    resources = ["${local.bucket_arn}/${local.key_prefix}/AWSLogs/${local.account_id}/Config/*"]
  }

  statement {
    sid       = "EncryptDeliveries"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [local.kms_key_arn]

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["s3.${local.region}.amazonaws.com"]
    }
  }

  dynamic "statement" {
    for_each = var.sns_topic_arn == null ? [] : [var.sns_topic_arn]
    content {
      sid       = "Notify"
      actions   = ["sns:Publish"]
      resources = [statement.value]
    }
  }
}

resource "aws_iam_role_policy" "delivery" {
  name   = "config-delivery"
  role   = aws_iam_role.recorder.id
  policy = data.aws_iam_policy_document.delivery.json
}

# --- Recorder, delivery channel, status, retention -------------------------------------

resource "aws_config_configuration_recorder" "this" {
  #checkov:skip=CKV2_AWS_48:Every supported resource type is recorded (all_supported); global types (IAM) are recorded once per account, in var.global_resources_region, so recorders in the other regions set include_global_resource_types = false on purpose.
  name     = "${var.name}-recorder"
  role_arn = aws_iam_role.recorder.arn

  recording_group {
    all_supported                 = true
    include_global_resource_types = local.record_global_resources
  }

  recording_mode {
    recording_frequency = "CONTINUOUS"
  }
}

resource "aws_config_delivery_channel" "this" {
  name           = "${var.name}-delivery"
  s3_bucket_name = module.bucket.bucket_id
  s3_key_prefix  = local.key_prefix
  s3_kms_key_arn = local.kms_key_arn
  sns_topic_arn  = var.sns_topic_arn

  snapshot_delivery_properties {
    delivery_frequency = var.snapshot_delivery_frequency
  }

  depends_on = [aws_config_configuration_recorder.this, aws_iam_role_policy.delivery]
}

resource "aws_config_configuration_recorder_status" "this" {
  name       = aws_config_configuration_recorder.this.name
  is_enabled = true

  depends_on = [aws_config_delivery_channel.this]
}

resource "aws_config_retention_configuration" "this" {
  retention_period_in_days = var.retention_days
}

# --- Operational Best Practices for HIPAA Security ----------------------------------------

resource "aws_config_conformance_pack" "hipaa" {
  count = var.enable_conformance_pack ? 1 : 0

  name          = "${var.name}-hipaa-security"
  template_body = file("${path.module}/conformance-packs/hipaa-security.yaml")

  dynamic "input_parameter" {
    for_each = var.conformance_pack_parameters
    content {
      parameter_name  = input_parameter.key
      parameter_value = input_parameter.value
    }
  }

  depends_on = [aws_config_configuration_recorder_status.this]
}
