data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

data "aws_elb_service_account" "current" {
  count = local.alb_logs ? 1 : 0
}

data "aws_canonical_user_id" "current" {
  count = local.cloudfront_logs ? 1 : 0
}

# The module keeps one complete set of resources per profile (phi.tf, log.tf), each referring
# to its own bucket directly. Two reasons: a checkov skip that is justified for log buckets
# (which AWS log producers require to be SSE-S3) must never hide the same check on PHI
# buckets, and checkov's plan graph only links a sub-resource to its bucket through a direct
# reference (references through locals or variables are dropped).
locals {
  is_phi          = var.profile == "phi"
  is_log          = var.profile == "log"
  account_id      = data.aws_caller_identity.current.account_id
  partition       = data.aws_partition.current.partition
  alb_logs        = local.is_log && var.log_delivery.alb_access_logs
  s3_access_logs  = local.is_log && var.log_delivery.s3_server_access_logs
  cloudfront_logs = local.is_log && var.log_delivery.cloudfront_standard_logs

  bucket_arn = "arn:${local.partition}:s3:::${var.name}"

  # Keys under sse_s3_key_prefixes (PHI profile only) are written by an AWS service that
  # encrypts them with SSE-S3 by design (CloudTrail digest files); the KMS upload rules
  # cover every other key of the bucket.
  sse_s3_prefix_arns  = [for prefix in var.sse_s3_key_prefixes : "${local.bucket_arn}/${prefix}*"]
  kms_rules_resources = length(local.sse_s3_prefix_arns) == 0 ? ["${local.bucket_arn}/*"] : null
  kms_rules_except    = length(local.sse_s3_prefix_arns) == 0 ? null : local.sse_s3_prefix_arns

  # Canonical user of the awslogsdelivery account that CloudFront standard logging writes as.
  awslogsdelivery_canonical_id = "c4c1ede66af53448b93c283ce9448c4ba468c9432aa01d700d3878632f77d2d0"
}

# Deny statements name every principal as {"AWS": "*"}, which IAM treats exactly like
# "Principal": "*" (the emulator's S3 logging permission check cannot parse the bare string).
data "aws_iam_policy_document" "bucket" {
  source_policy_documents = var.additional_policy_documents

  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [local.bucket_arn, "${local.bucket_arn}/*"]

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

  statement {
    sid       = "DenyOutdatedTls"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [local.bucket_arn, "${local.bucket_arn}/*"]

    principals {
      type        = "AWS"
      identifiers = ["*"]
    }

    condition {
      test     = "NumericLessThan"
      variable = "s3:TlsVersion"
      values   = ["1.2"]
    }
  }

  statement {
    sid           = "DenyUploadsWithOtherEncryption"
    effect        = "Deny"
    actions       = ["s3:PutObject"]
    resources     = local.is_phi ? local.kms_rules_resources : ["${local.bucket_arn}/*"]
    not_resources = local.is_phi ? local.kms_rules_except : null

    principals {
      type        = "AWS"
      identifiers = ["*"]
    }

    condition {
      test     = "StringNotEqualsIfExists"
      variable = "s3:x-amz-server-side-encryption"
      values   = [local.is_phi ? "aws:kms" : "AES256"]
    }
  }

  dynamic "statement" {
    for_each = local.is_phi ? [true] : []
    content {
      sid           = "DenyUploadsWithOtherKmsKeys"
      effect        = "Deny"
      actions       = ["s3:PutObject"]
      resources     = local.kms_rules_resources
      not_resources = local.kms_rules_except

      principals {
        type        = "AWS"
        identifiers = ["*"]
      }

      condition {
        test     = "StringNotEqualsIfExists"
        variable = "s3:x-amz-server-side-encryption-aws-kms-key-id"
        values   = [var.kms_key_arn]
      }
    }
  }

  dynamic "statement" {
    for_each = local.is_phi && var.enforce_kms_upload_header ? [true] : []
    content {
      sid           = "DenyUploadsWithoutKmsEncryptionHeader"
      effect        = "Deny"
      actions       = ["s3:PutObject"]
      resources     = local.kms_rules_resources
      not_resources = local.kms_rules_except

      principals {
        type        = "AWS"
        identifiers = ["*"]
      }

      condition {
        test     = "Null"
        variable = "s3:x-amz-server-side-encryption"
        values   = ["true"]
      }
    }
  }

  dynamic "statement" {
    for_each = length(local.sse_s3_prefix_arns) > 0 ? [true] : []
    content {
      sid       = "DenyUploadsToSseS3PrefixesWithOtherEncryption"
      effect    = "Deny"
      actions   = ["s3:PutObject"]
      resources = local.sse_s3_prefix_arns

      principals {
        type        = "AWS"
        identifiers = ["*"]
      }

      condition {
        test     = "StringNotEqualsIfExists"
        variable = "s3:x-amz-server-side-encryption"
        values   = ["AES256"]
      }
    }
  }

  dynamic "statement" {
    for_each = local.s3_access_logs ? [true] : []
    content {
      sid       = "S3ServerAccessLogDelivery"
      effect    = "Allow"
      actions   = ["s3:PutObject"]
      resources = ["${local.bucket_arn}/*"]

      principals {
        type        = "Service"
        identifiers = ["logging.s3.amazonaws.com"]
      }

      condition {
        test     = "StringEquals"
        variable = "aws:SourceAccount"
        values   = [local.account_id]
      }

      condition {
        test     = "ArnLike"
        variable = "aws:SourceArn"
        values   = length(var.log_delivery.source_bucket_arns) > 0 ? var.log_delivery.source_bucket_arns : ["arn:${local.partition}:s3:::*"]
      }
    }
  }

  dynamic "statement" {
    for_each = local.alb_logs ? [true] : []
    content {
      sid       = "AlbAccessLogDeliveryRegionalAccount"
      effect    = "Allow"
      actions   = ["s3:PutObject"]
      resources = ["${local.bucket_arn}/${var.log_delivery.alb_prefix}/AWSLogs/${local.account_id}/*"]

      principals {
        type        = "AWS"
        identifiers = [data.aws_elb_service_account.current[0].arn]
      }
    }
  }

  dynamic "statement" {
    for_each = local.alb_logs ? [true] : []
    content {
      sid       = "AlbAccessLogDeliveryService"
      effect    = "Allow"
      actions   = ["s3:PutObject"]
      resources = ["${local.bucket_arn}/${var.log_delivery.alb_prefix}/AWSLogs/${local.account_id}/*"]

      principals {
        type        = "Service"
        identifiers = ["logdelivery.elasticloadbalancing.amazonaws.com"]
      }
    }
  }
}

# --- Optional cross-region replication -------------------------------------------------

data "aws_iam_policy_document" "replication_assume" {
  count = var.replication == null ? 0 : 1

  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["s3.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

data "aws_iam_policy_document" "replication" {
  count = var.replication == null ? 0 : 1

  statement {
    sid       = "ReadReplicationConfiguration"
    actions   = ["s3:GetReplicationConfiguration", "s3:ListBucket"]
    resources = [local.bucket_arn]
  }

  statement {
    sid       = "ReadSourceVersions"
    actions   = ["s3:GetObjectVersionAcl", "s3:GetObjectVersionForReplication", "s3:GetObjectVersionTagging"]
    resources = ["${local.bucket_arn}/*"]
  }

  statement {
    sid       = "WriteReplicas"
    actions   = ["s3:ReplicateDelete", "s3:ReplicateObject", "s3:ReplicateTags"]
    resources = ["${var.replication.destination_bucket_arn}/*"]
  }

  statement {
    sid       = "DecryptSource"
    actions   = ["kms:Decrypt"]
    resources = [var.kms_key_arn]

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["s3.${data.aws_region.current.name}.amazonaws.com"]
    }
  }

  statement {
    sid       = "EncryptReplicas"
    actions   = ["kms:Encrypt", "kms:GenerateDataKey"]
    resources = [var.replication.destination_kms_key_arn]
  }
}

resource "aws_iam_role" "replication" {
  count = var.replication == null ? 0 : 1

  name_prefix        = "s3-replication-"
  assume_role_policy = data.aws_iam_policy_document.replication_assume[0].json
  tags               = var.tags
}

resource "aws_iam_role_policy" "replication" {
  count = var.replication == null ? 0 : 1

  name   = "replicate-${var.name}"
  role   = aws_iam_role.replication[0].id
  policy = data.aws_iam_policy_document.replication[0].json
}

resource "aws_s3_bucket_replication_configuration" "this" {
  count = var.replication == null ? 0 : 1

  bucket = aws_s3_bucket.phi[0].id
  role   = aws_iam_role.replication[0].arn

  rule {
    id     = "replicate-all"
    status = "Enabled"

    filter {}

    delete_marker_replication {
      status = "Enabled"
    }

    source_selection_criteria {
      sse_kms_encrypted_objects {
        status = "Enabled"
      }
    }

    destination {
      bucket        = var.replication.destination_bucket_arn
      storage_class = var.replication.storage_class

      encryption_configuration {
        replica_kms_key_id = var.replication.destination_kms_key_arn
      }
    }
  }

  depends_on = [aws_s3_bucket_versioning.phi]
}
