# VPC flow logs for ALL traffic (accepted and rejected) to a PHI-profile S3 bucket under a
# customer-managed key, and optionally to a KMS-encrypted CloudWatch Logs group.

locals {
  flow_log_bucket_name    = "${var.name}-vpc-flow-logs-${local.account_id}"
  flow_log_bucket_arn     = "arn:${local.partition}:s3:::${local.flow_log_bucket_name}"
  flow_log_group_name     = "/aws/vpc-flow-logs/${var.name}"
  flow_log_group_arn      = "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:${local.flow_log_group_name}"
  flow_log_source_arn     = "arn:${local.partition}:logs:${local.region}:${local.account_id}:*"
  flow_log_parquet        = var.flow_log_file_format == "parquet"
  flow_log_delivery_scope = [{ test = "StringEquals", variable = "aws:SourceAccount", values = [local.account_id] }, { test = "ArnLike", variable = "aws:SourceArn", values = [local.flow_log_source_arn] }]

  # Version 2 fields plus the ones forensics needs: which subnet and instance, TCP flags,
  # the packet's original addresses behind a NAT gateway, direction and path.
  flow_log_format = join(" ", [for field in [
    "version", "account-id", "interface-id", "srcaddr", "dstaddr", "srcport", "dstport",
    "protocol", "packets", "bytes", "start", "end", "action", "log-status", "vpc-id",
    "subnet-id", "instance-id", "tcp-flags", "type", "pkt-srcaddr", "pkt-dstaddr", "region",
    "az-id", "flow-direction", "traffic-path",
  ] : "$${${field}}"])
}

module "flow_log_key" {
  source = "../kms"

  alias       = "${var.name}-vpc-flow-logs"
  description = "VPC flow logs of ${var.name} (S3 objects and CloudWatch Logs)"
  # Principals of this account read the logs through S3 only.
  via_services = ["s3.${local.region}.amazonaws.com"]
  service_principals = merge(
    {
      VpcFlowLogDeliveryToS3 = {
        principal  = "delivery.logs.amazonaws.com"
        actions    = ["kms:GenerateDataKey*", "kms:Decrypt"]
        conditions = local.flow_log_delivery_scope
      }
    },
    var.flow_log_cloudwatch ? {
      CloudWatchLogsFlowLogGroup = {
        principal = "logs.${local.region}.amazonaws.com"
        actions   = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
        conditions = [{
          test     = "ArnEquals"
          variable = "kms:EncryptionContext:aws:logs:arn"
          values   = [local.flow_log_group_arn]
        }]
      }
    } : {}
  )
  tags = var.tags
}

# What the log delivery service needs on the bucket (AWS: "Permissions for flow logs
# published to Amazon S3"), scoped to this account's deliveries.
data "aws_iam_policy_document" "flow_log_delivery" {
  statement {
    sid       = "VpcFlowLogDeliveryWrite"
    effect    = "Allow"
    actions   = ["s3:PutObject"]
    resources = ["${local.flow_log_bucket_arn}/AWSLogs/${local.account_id}/*"]

    principals {
      type        = "Service"
      identifiers = ["delivery.logs.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = [local.flow_log_source_arn]
    }
  }

  statement {
    sid       = "VpcFlowLogDeliveryAclCheck"
    effect    = "Allow"
    actions   = ["s3:GetBucketAcl", "s3:ListBucket"]
    resources = [local.flow_log_bucket_arn]

    principals {
      type        = "Service"
      identifiers = ["delivery.logs.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = [local.flow_log_source_arn]
    }
  }
}

module "flow_log_bucket" {
  source = "../s3-bucket"

  name        = local.flow_log_bucket_name
  profile     = "phi"
  kms_key_arn = module.flow_log_key.key_arn
  # The log delivery service writes with the bucket's default encryption and sends no
  # SSE-KMS header; uploads naming another algorithm or key are still denied.
  enforce_kms_upload_header   = false
  additional_policy_documents = [data.aws_iam_policy_document.flow_log_delivery.json]
  access_logging = {
    target_bucket = var.flow_log_access_log_bucket
    target_prefix = "s3/${local.flow_log_bucket_name}/"
  }
  transition_to_glacier_days = var.flow_log_glacier_transition_days
  expiration_days            = var.flow_log_retention_days
  eventbridge_notifications  = var.flow_log_bucket_eventbridge_notifications
  force_destroy              = var.flow_log_bucket_force_destroy
  tags                       = var.tags
}

resource "aws_flow_log" "s3" {
  vpc_id                   = aws_vpc.this.id
  traffic_type             = "ALL"
  log_destination_type     = "s3"
  log_destination          = "arn:${local.partition}:s3:::${module.flow_log_bucket.bucket_id}"
  log_format               = local.flow_log_format
  max_aggregation_interval = var.flow_log_max_aggregation_interval
  tags                     = merge(var.tags, { Name = "${var.name}-s3" })

  dynamic "destination_options" {
    for_each = local.flow_log_parquet ? [true] : []
    content {
      file_format                = "parquet"
      hive_compatible_partitions = true
      per_hour_partition         = true
    }
  }
}

# --- Optional copy to CloudWatch Logs ---------------------------------------------------

resource "aws_cloudwatch_log_group" "flow_logs" {
  count = var.flow_log_cloudwatch ? 1 : 0

  name              = local.flow_log_group_name
  retention_in_days = var.flow_log_cloudwatch_retention_days
  kms_key_id        = module.flow_log_key.key_arn
  tags              = var.tags
}

data "aws_iam_policy_document" "flow_logs_assume" {
  count = var.flow_log_cloudwatch ? 1 : 0

  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["vpc-flow-logs.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = ["arn:${local.partition}:ec2:${local.region}:${local.account_id}:vpc-flow-log/*"]
    }
  }
}

data "aws_iam_policy_document" "flow_logs_publish" {
  count = var.flow_log_cloudwatch ? 1 : 0

  statement {
    sid       = "WriteFlowLogGroup"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]
    resources = ["${local.flow_log_group_arn}:*"]
  }

  statement {
    sid       = "FindFlowLogGroup"
    actions   = ["logs:DescribeLogGroups"]
    resources = ["arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:*"]
  }
}

resource "aws_iam_role" "flow_logs" {
  count = var.flow_log_cloudwatch ? 1 : 0

  name               = "${var.name}-vpc-flow-logs"
  description        = "VPC flow logs of ${var.name} publish to ${local.flow_log_group_name}"
  assume_role_policy = data.aws_iam_policy_document.flow_logs_assume[0].json
  tags               = var.tags
}

resource "aws_iam_role_policy" "flow_logs" {
  count = var.flow_log_cloudwatch ? 1 : 0

  name   = "publish-flow-logs"
  role   = aws_iam_role.flow_logs[0].id
  policy = data.aws_iam_policy_document.flow_logs_publish[0].json
}

resource "aws_flow_log" "cloudwatch" {
  count = var.flow_log_cloudwatch ? 1 : 0

  vpc_id                   = aws_vpc.this.id
  traffic_type             = "ALL"
  log_destination_type     = "cloud-watch-logs"
  log_destination          = aws_cloudwatch_log_group.flow_logs[0].arn
  iam_role_arn             = aws_iam_role.flow_logs[0].arn
  log_format               = local.flow_log_format
  max_aggregation_interval = var.flow_log_max_aggregation_interval
  tags                     = merge(var.tags, { Name = "${var.name}-cloudwatch" })
}
