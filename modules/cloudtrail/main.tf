data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.name

  # Every ARN the key, bucket and role policies name is built from strings, so the policies
  # exist before the resources they protect (CloudTrail checks both when the trail is created).
  trail_arn      = "arn:${local.partition}:cloudtrail:${local.region}:${local.account_id}:trail/${var.name}"
  log_group_name = "/aws/cloudtrail/${var.name}"
  log_group_arn  = "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:${local.log_group_name}"
  bucket_name    = coalesce(var.log_bucket_name, "${var.name}-cloudtrail-${local.account_id}")
  bucket_arn     = "arn:${local.partition}:s3:::${local.bucket_name}"
  create_topic   = var.alarm_topic_arn == null
  topic_arn      = local.create_topic ? "arn:${local.partition}:sns:${local.region}:${local.account_id}:${var.name}-security-alarms" : var.alarm_topic_arn

  # CloudTrail encrypts log files with the trail's key (SSE-KMS headers on every PutObject),
  # but digest files always with SSE-S3; the bucket's KMS upload rules skip their prefix.
  digest_prefix = "AWSLogs/${local.account_id}/CloudTrail-Digest/"

  cloudtrail_key_statements = {
    CloudTrailEncryptLogs = {
      principal = "cloudtrail.amazonaws.com"
      actions   = ["kms:GenerateDataKey*"]
      conditions = [
        {
          test     = "StringLike"
          variable = "kms:EncryptionContext:aws:cloudtrail:arn"
          values   = ["arn:${local.partition}:cloudtrail:*:${local.account_id}:trail/*"]
        },
        {
          test     = "StringEquals"
          variable = "aws:SourceArn"
          values   = [local.trail_arn]
        },
      ]
    }
    CloudTrailDescribeKey = {
      principal = "cloudtrail.amazonaws.com"
      actions   = ["kms:DescribeKey"]
      conditions = [{
        test     = "StringEquals"
        variable = "aws:SourceArn"
        values   = [local.trail_arn]
      }]
    }
    CloudWatchLogs = {
      principal = "logs.${local.region}.amazonaws.com"
      actions   = ["kms:Decrypt*", "kms:Describe*", "kms:Encrypt*", "kms:GenerateDataKey*", "kms:ReEncrypt*"]
      conditions = [{
        test     = "ArnEquals"
        variable = "kms:EncryptionContext:aws:logs:arn"
        values   = [local.log_group_arn]
      }]
    }
  }

  # CloudWatch alarms publish to the encrypted topic through SNS, which asks KMS with the
  # topic ARN as encryption context.
  alarm_topic_key_statements = local.create_topic ? {
    CloudWatchAlarmsToEncryptedTopic = {
      principal = "cloudwatch.amazonaws.com"
      actions   = ["kms:Decrypt", "kms:GenerateDataKey*"]
      conditions = [{
        test     = "StringEquals"
        variable = "kms:EncryptionContext:aws:sns:topicArn"
        values   = [local.topic_arn]
      }]
    }
  } : {}
}

# --- Customer-managed key for the log files, the log group and the alarm topic -------------

module "key" {
  source = "../kms"

  alias              = "${var.name}-cloudtrail"
  description        = "CloudTrail ${var.name}: log files, CloudWatch Logs log group and alarm topic"
  via_services       = ["s3.${local.region}.amazonaws.com"]
  service_principals = merge(local.cloudtrail_key_statements, local.alarm_topic_key_statements)
  tags               = var.tags
}

# --- Dedicated log bucket: PHI profile under the trail's key, object lock, lifecycle --------

data "aws_iam_policy_document" "bucket_cloudtrail" {
  statement {
    sid       = "CloudTrailAclCheck"
    effect    = "Allow"
    actions   = ["s3:GetBucketAcl"]
    resources = [local.bucket_arn]

    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceArn"
      values   = [local.trail_arn]
    }
  }

  statement {
    sid       = "CloudTrailWrite"
    effect    = "Allow"
    actions   = ["s3:PutObject"]
    resources = ["${local.bucket_arn}/AWSLogs/${local.account_id}/*"]

    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "s3:x-amz-acl"
      values   = ["bucket-owner-full-control"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceArn"
      values   = [local.trail_arn]
    }
  }
}

module "bucket" {
  source = "../s3-bucket"

  name                        = local.bucket_name
  profile                     = "phi"
  kms_key_arn                 = module.key.key_arn
  enforce_kms_upload_header   = true
  sse_s3_key_prefixes         = [local.digest_prefix]
  access_logging              = { target_bucket = var.access_log_bucket }
  additional_policy_documents = [data.aws_iam_policy_document.bucket_cloudtrail.json]
  object_lock                 = var.object_lock
  transition_to_glacier_days  = var.transition_to_glacier_days
  expiration_days             = var.log_retention_days
  eventbridge_notifications   = var.eventbridge_notifications
  tags                        = var.tags
}

# --- CloudWatch Logs delivery ---------------------------------------------------------------

resource "aws_cloudwatch_log_group" "this" {
  name              = local.log_group_name
  retention_in_days = var.cloudwatch_logs_retention_days
  kms_key_id        = module.key.key_arn
  tags              = var.tags
}

data "aws_iam_policy_document" "cloudwatch_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceArn"
      values   = [local.trail_arn]
    }
  }
}

data "aws_iam_policy_document" "cloudwatch_delivery" {
  statement {
    sid       = "DeliverToTheTrailLogGroup"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.this.arn}:log-stream:*"]
  }
}

resource "aws_iam_role" "cloudwatch" {
  name_prefix        = "cloudtrail-to-logs-"
  description        = "CloudTrail ${var.name} delivers events to its CloudWatch Logs log group."
  assume_role_policy = data.aws_iam_policy_document.cloudwatch_assume.json
  tags               = var.tags
}

resource "aws_iam_role_policy" "cloudwatch" {
  name   = "deliver-to-log-group"
  role   = aws_iam_role.cloudwatch.id
  policy = data.aws_iam_policy_document.cloudwatch_delivery.json
}

# --- The trail ------------------------------------------------------------------------------

resource "aws_cloudtrail" "this" {
  #checkov:skip=CKV_AWS_252:Per-file delivery notifications are an integration hook, not a control; the trail's events reach SNS through the CloudWatch Logs metric filters and CIS alarms of this module.
  name                          = var.name
  s3_bucket_name                = module.bucket.bucket_id
  kms_key_id                    = module.key.key_arn
  is_multi_region_trail         = true
  include_global_service_events = true
  enable_log_file_validation    = var.enable_log_file_validation
  enable_logging                = true
  cloud_watch_logs_group_arn    = "${aws_cloudwatch_log_group.this.arn}:*"
  cloud_watch_logs_role_arn     = aws_iam_role.cloudwatch.arn
  tags                          = var.tags

  advanced_event_selector {
    name = "Management events"

    field_selector {
      field  = "eventCategory"
      equals = ["Management"]
    }
  }

  dynamic "advanced_event_selector" {
    for_each = length(var.s3_data_event_bucket_arns) > 0 ? [true] : []
    content {
      name = "S3 data events on PHI and log buckets"

      field_selector {
        field  = "eventCategory"
        equals = ["Data"]
      }

      field_selector {
        field  = "resources.type"
        equals = ["AWS::S3::Object"]
      }

      field_selector {
        field       = "resources.ARN"
        starts_with = [for arn in var.s3_data_event_bucket_arns : "${arn}/"]
      }
    }
  }

  dynamic "insight_selector" {
    for_each = toset(var.insight_types)
    content {
      insight_type = insight_selector.value
    }
  }

  depends_on = [aws_iam_role_policy.cloudwatch]
}
