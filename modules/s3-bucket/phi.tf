# Resources of the `phi` profile: SSE-KMS under a customer-managed key, ACLs disabled,
# every access logged to a log bucket.

resource "aws_s3_bucket" "phi" {
  #checkov:skip=CKV_AWS_144:Cross-region copies of PHI buckets are made by AWS Backup copy jobs (modules/backup); live replication is opt-in through var.replication.
  count = local.is_phi ? 1 : 0

  bucket              = var.name
  force_destroy       = var.force_destroy
  object_lock_enabled = var.object_lock != null
  tags                = var.tags
}

resource "aws_s3_bucket_ownership_controls" "phi" {
  count  = local.is_phi ? 1 : 0
  bucket = aws_s3_bucket.phi[0].id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "phi" {
  count  = local.is_phi ? 1 : 0
  bucket = aws_s3_bucket.phi[0].id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = var.kms_key_arn
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_logging" "phi" {
  count = local.is_phi ? 1 : 0

  bucket        = aws_s3_bucket.phi[0].id
  target_bucket = var.access_logging.target_bucket
  target_prefix = coalesce(var.access_logging.target_prefix, "s3/${var.name}/")
}

resource "aws_s3_bucket_public_access_block" "phi" {
  count  = local.is_phi ? 1 : 0
  bucket = aws_s3_bucket.phi[0].id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "phi" {
  count  = local.is_phi ? 1 : 0
  bucket = aws_s3_bucket.phi[0].id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "phi" {
  count  = local.is_phi ? 1 : 0
  bucket = aws_s3_bucket.phi[0].id

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

  depends_on = [aws_s3_bucket_versioning.phi]
}

resource "aws_s3_bucket_object_lock_configuration" "phi" {
  count  = local.is_phi && var.object_lock != null ? 1 : 0
  bucket = aws_s3_bucket.phi[0].id

  rule {
    default_retention {
      mode = var.object_lock.mode
      days = var.object_lock.days
    }
  }

  depends_on = [aws_s3_bucket_versioning.phi]
}

# A bucket has one notification configuration: EventBridge and the queues of
# var.queue_notifications share it.
resource "aws_s3_bucket_notification" "phi" {
  count       = local.is_phi && (var.eventbridge_notifications || length(var.queue_notifications) > 0) ? 1 : 0
  bucket      = aws_s3_bucket.phi[0].id
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

resource "aws_s3_bucket_policy" "phi" {
  count  = local.is_phi ? 1 : 0
  bucket = aws_s3_bucket.phi[0].id
  policy = data.aws_iam_policy_document.bucket.json

  # A policy written before the public access block could be judged against a bucket that
  # still allows public policies; apply the block first.
  depends_on = [aws_s3_bucket_public_access_block.phi]
}
