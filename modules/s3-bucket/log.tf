# Resources of the `log` profile: a bucket the AWS log producers can really deliver to.
# SSE-S3, because S3 server access logs and ALB access logs are never delivered to SSE-KMS
# buckets; ACLs only when CloudFront standard logging needs its awslogsdelivery grant.

resource "aws_s3_bucket" "log" {
  #checkov:skip=CKV_AWS_145:S3 server access logs and ALB access logs can only be delivered to SSE-S3 (AES-256) buckets; SSE-KMS is not supported by those producers.
  #checkov:skip=CKV_AWS_18:This is the access-log target; logging it into itself would loop. Reads of log buckets are recorded by CloudTrail S3 data events (modules/cloudtrail).
  #checkov:skip=CKV_PHI_7:This is the access-log target; logging it into itself would loop. Reads of log buckets are recorded by CloudTrail S3 data events (modules/cloudtrail).
  #checkov:skip=CKV_AWS_144:Logs stay in their region under lifecycle retention; cross-region copies of audit data are made by AWS Backup (modules/backup).
  count = local.is_log ? 1 : 0

  bucket              = var.name
  force_destroy       = var.force_destroy
  object_lock_enabled = var.object_lock != null
  tags                = var.tags
}

resource "aws_s3_bucket_ownership_controls" "log" {
  count  = local.is_log && !local.cloudfront_logs ? 1 : 0
  bucket = aws_s3_bucket.log[0].id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_ownership_controls" "log_acl_enabled" {
  #checkov:skip=CKV2_AWS_65:CloudFront standard logging delivers only through an ACL grant to the awslogsdelivery account, so ACLs stay enabled on this log bucket (never on PHI buckets).
  count  = local.cloudfront_logs ? 1 : 0
  bucket = aws_s3_bucket.log[0].id

  rule {
    object_ownership = "BucketOwnerPreferred"
  }
}

resource "aws_s3_bucket_acl" "log_cloudfront" {
  count  = local.cloudfront_logs ? 1 : 0
  bucket = aws_s3_bucket.log[0].id

  access_control_policy {
    owner {
      id = data.aws_canonical_user_id.current[0].id
    }

    grant {
      permission = "FULL_CONTROL"
      grantee {
        type = "CanonicalUser"
        id   = data.aws_canonical_user_id.current[0].id
      }
    }

    grant {
      permission = "FULL_CONTROL"
      grantee {
        type = "CanonicalUser"
        id   = local.awslogsdelivery_canonical_id
      }
    }
  }

  depends_on = [aws_s3_bucket_ownership_controls.log_acl_enabled]
}

resource "aws_s3_bucket_server_side_encryption_configuration" "log" {
  count  = local.is_log ? 1 : 0
  bucket = aws_s3_bucket.log[0].id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_public_access_block" "log" {
  count  = local.is_log ? 1 : 0
  bucket = aws_s3_bucket.log[0].id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "log" {
  count  = local.is_log ? 1 : 0
  bucket = aws_s3_bucket.log[0].id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "log" {
  count  = local.is_log ? 1 : 0
  bucket = aws_s3_bucket.log[0].id

  rule {
    id     = "platform-retention"
    status = "Enabled"

    filter {}

    abort_incomplete_multipart_upload {
      days_after_initiation = var.abort_incomplete_multipart_upload_days
    }

    noncurrent_version_expiration {
      noncurrent_days = var.noncurrent_version_expiration_days
    }

    dynamic "transition" {
      for_each = var.transition_to_glacier_days == null ? [] : [var.transition_to_glacier_days]
      content {
        days          = transition.value
        storage_class = "GLACIER"
      }
    }

    dynamic "expiration" {
      for_each = var.expiration_days == null ? [] : [var.expiration_days]
      content {
        days = expiration.value
      }
    }
  }

  depends_on = [aws_s3_bucket_versioning.log]
}

resource "aws_s3_bucket_object_lock_configuration" "log" {
  count  = local.is_log && var.object_lock != null ? 1 : 0
  bucket = aws_s3_bucket.log[0].id

  rule {
    default_retention {
      mode = var.object_lock.mode
      days = var.object_lock.days
    }
  }

  depends_on = [aws_s3_bucket_versioning.log]
}

resource "aws_s3_bucket_notification" "log" {
  count       = local.is_log && (var.eventbridge_notifications || length(var.queue_notifications) > 0) ? 1 : 0
  bucket      = aws_s3_bucket.log[0].id
  eventbridge = var.eventbridge_notifications

  dynamic "queue" {
    for_each = var.queue_notifications
    content {
      id            = queue.value.id
      queue_arn     = queue.value.queue_arn
      events        = queue.value.events
      filter_prefix = queue.value.filter_prefix
    }
  }
}

resource "aws_s3_bucket_policy" "log" {
  count  = local.is_log ? 1 : 0
  bucket = aws_s3_bucket.log[0].id
  policy = data.aws_iam_policy_document.bucket.json

  # A policy written before the public access block could be judged against a bucket that
  # still allows public policies; apply the block first.
  depends_on = [aws_s3_bucket_public_access_block.log]
}
