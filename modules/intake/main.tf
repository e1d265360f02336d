data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  package_dir = coalesce(var.package_dir, "${path.module}/../../build/lambda")
  region      = data.aws_region.current.name
  account_id  = data.aws_caller_identity.current.account_id
  partition   = data.aws_partition.current.partition

  # Known at plan (built from names), so policies are reviewable in the plan.
  bucket_arn       = "arn:${local.partition}:s3:::${var.bucket_name}"
  process_name     = "${var.name}-process"
  upload_name      = "${var.name}-upload"
  process_role_arn = "arn:${local.partition}:iam::${local.account_id}:role/${local.process_name}"
  queue_arn        = "arn:${local.partition}:sqs:${local.region}:${local.account_id}:${var.name}-objects"
  topic_arn        = "arn:${local.partition}:sns:${local.region}:${local.account_id}:${var.name}-doctor-notifications"

  # Key layout (lambda_src/intake): patients write only incoming/, the processor writes
  # derived/ and quarantine/; only incoming/ feeds the queue, so the processor's own writes
  # never trigger it again.
  incoming_prefix   = "incoming/"
  derived_prefix    = "derived/"
  quarantine_prefix = "quarantine/"

  # A claim on a document outlives any live processor (5x its timeout) and expires before
  # SQS redelivers the message (visibility 6x), so a redelivery after a crash takes it over.
  claim_lease_seconds = 5 * var.process_timeout
  # Textract's deadline per document leaves room for the rest of the batch.
  textract_timeout = min(840, max(5, floor((var.process_timeout - 20) / var.process_batch_size)))

  functions = {
    process = module.process
    upload  = module.upload
  }
}

# -- the PHI bucket --------------------------------------------------------------------------

# Rejected files stay readable only by the processor (which moves them there and reads their
# reason back after a crash) and the named reviewers.
data "aws_iam_policy_document" "quarantine" {
  statement {
    sid       = "DenyQuarantineReadsExceptReviewers"
    effect    = "Deny"
    actions   = ["s3:GetObject", "s3:GetObjectVersion"]
    resources = ["${local.bucket_arn}/${local.quarantine_prefix}*"]

    principals {
      type        = "AWS"
      identifiers = ["*"]
    }

    condition {
      test     = "ArnNotEquals"
      variable = "aws:PrincipalArn"
      values   = concat([local.process_role_arn], var.quarantine_reader_arns)
    }
  }
}

module "bucket" {
  source = "../s3-bucket"

  name        = var.bucket_name
  profile     = "phi"
  kms_key_arn = var.kms_key_arn
  access_logging = {
    target_bucket = var.access_log_bucket
  }
  additional_policy_documents = [data.aws_iam_policy_document.quarantine.json]
  # Only incoming/ reaches the queue: the processor's own writes to derived/ and
  # quarantine/ never trigger it again. The queue ARN is known once its policy admits S3.
  queue_notifications = [{
    id            = "intake-incoming"
    queue_arn     = module.object_queue.queue_arn
    events        = ["s3:ObjectCreated:*"]
    filter_prefix = local.incoming_prefix
  }]
  eventbridge_notifications = var.enable_eventbridge_notifications
  tags                      = var.tags
}

# -- S3 event -> object queue ------------------------------------------------------------------

module "object_queue" {
  source = "../sqs-queue"

  name                       = "${var.name}-objects"
  kms_key_arn                = var.kms_key_arn
  visibility_timeout_seconds = 6 * var.process_timeout
  message_retention_seconds  = 1209600
  max_receive_count          = var.max_receive_count
  allowed_senders = {
    IntakeBucket = {
      service     = "s3.amazonaws.com"
      source_arns = [local.bucket_arn]
    }
  }
  alarm_actions = var.alarm_actions
  tags          = var.tags
}

# -- doctor notifications ----------------------------------------------------------------------

module "doctor_topic" {
  source = "../sns-topic"

  name        = "${var.name}-doctor-notifications"
  kms_key_arn = var.kms_key_arn
  tags        = var.tags
}

# -- permissions -------------------------------------------------------------------------------
# Each function's data access (secret, queue, bucket prefixes, topic, Textract) is its own
# inline policy, built only from names, so it is known at plan time and reviewable in the plan
# and its inventory. Key use is the policy passed to modules/lambda-function (it names the key,
# which is often created in the same apply). Queue and topic ARNs are spelled out from their
# names (local.queue_arn, local.topic_arn); the event source mapping, which starts the
# processor, depends on both.

data "aws_iam_policy_document" "process_data" {
  statement {
    sid       = "ReadDatabaseSecret"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [var.database.secret_arn]
  }

  statement {
    sid = "ConsumeObjectQueue"
    actions = [
      "sqs:ReceiveMessage",
      "sqs:DeleteMessage",
      "sqs:ChangeMessageVisibility",
      "sqs:GetQueueAttributes",
    ]
    resources = [local.queue_arn]
  }

  # HeadObject on a missing key answers 404 only to a caller allowed to list the bucket
  # (403 otherwise, which the processor would retry until the dead-letter queue). Keys are
  # random document ids and carry no PHI.
  statement {
    sid       = "ListDocumentKeys"
    actions   = ["s3:ListBucket"]
    resources = [local.bucket_arn]
  }

  statement {
    sid     = "ReadUploadsAndQuarantine"
    actions = ["s3:GetObject"]
    resources = [
      "${local.bucket_arn}/${local.incoming_prefix}*",
      "${local.bucket_arn}/${local.quarantine_prefix}*",
    ]
  }

  statement {
    sid       = "RemoveProcessedUploads"
    actions   = ["s3:DeleteObject"]
    resources = ["${local.bucket_arn}/${local.incoming_prefix}*"]
  }

  statement {
    sid     = "WriteDerivedAndQuarantine"
    actions = ["s3:PutObject"]
    resources = [
      "${local.bucket_arn}/${local.derived_prefix}*",
      "${local.bucket_arn}/${local.quarantine_prefix}*",
    ]
  }

  statement {
    sid       = "NotifyDoctors"
    actions   = ["sns:Publish"]
    resources = [local.topic_arn]
  }

  # Textract's text-detection actions have no resource types in IAM: they can only be granted
  # on "*". Textract reads the object with the function's own prefix-scoped S3 permissions.
  dynamic "statement" {
    for_each = var.extractor == "textract" ? [true] : []
    content {
      sid = "ExtractText"
      actions = [
        "textract:DetectDocumentText",
        "textract:StartDocumentTextDetection",
        "textract:GetDocumentTextDetection",
      ]
      resources = ["*"]
    }
  }
}

data "aws_iam_policy_document" "process_keys" {
  statement {
    sid       = "DecryptDatabaseSecret"
    actions   = ["kms:Decrypt"]
    resources = [var.database.secret_kms_key_arn]

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["secretsmanager.${local.region}.amazonaws.com"]
    }
  }

  statement {
    sid       = "DecryptQueueMessages"
    actions   = ["kms:Decrypt"]
    resources = [var.kms_key_arn]

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["sqs.${local.region}.amazonaws.com"]
    }
  }

  statement {
    sid       = "EncryptDecryptObjects"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [var.kms_key_arn]

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["s3.${local.region}.amazonaws.com"]
    }
  }

  statement {
    sid       = "EncryptNotifications"
    actions   = ["kms:GenerateDataKey", "kms:Decrypt"]
    resources = [var.kms_key_arn]

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["sns.${local.region}.amazonaws.com"]
    }
  }
}

resource "aws_iam_role_policy" "process_data" {
  name   = "data-access"
  role   = module.process.role_name
  policy = data.aws_iam_policy_document.process_data.json
}

data "aws_iam_policy_document" "upload_data" {
  statement {
    sid       = "ReadDatabaseSecret"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [var.database.secret_arn]
  }

  # A pre-signed upload acts with the signer's permissions: the function may only put
  # objects under incoming/, so a URL can never write derived or quarantined files.
  statement {
    sid       = "SignUploads"
    actions   = ["s3:PutObject"]
    resources = ["${local.bucket_arn}/${local.incoming_prefix}*"]
  }
}

data "aws_iam_policy_document" "upload_keys" {
  statement {
    sid       = "DecryptDatabaseSecret"
    actions   = ["kms:Decrypt"]
    resources = [var.database.secret_kms_key_arn]

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["secretsmanager.${local.region}.amazonaws.com"]
    }
  }

  statement {
    sid       = "EncryptUploads"
    actions   = ["kms:GenerateDataKey"]
    resources = [var.kms_key_arn]

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["s3.${local.region}.amazonaws.com"]
    }
  }
}

resource "aws_iam_role_policy" "upload_data" {
  name   = "data-access"
  role   = module.upload.role_name
  policy = data.aws_iam_policy_document.upload_data.json
}

# -- functions ---------------------------------------------------------------------------------

module "process" {
  source = "../lambda-function"

  function_name                  = local.process_name
  description                    = "Processes uploaded documents: claim, validate by content, extract text, convert images, store, notify the doctor; quarantines rejects"
  package_path                   = "${local.package_dir}/intake_process.zip"
  handler                        = "intake_process.handler.handler"
  kms_key_arn                    = var.kms_key_arn
  vpc_config                     = var.vpc_config
  timeout                        = var.process_timeout
  memory_size                    = 1024
  reserved_concurrent_executions = var.process_max_concurrency
  policy_json                    = data.aws_iam_policy_document.process_keys.json
  enable_dead_letter             = var.enable_dead_letter
  log_format                     = var.log_format
  environment = {
    DB_SECRET_ARN            = var.database.secret_arn
    PG_CA_BUNDLE             = var.database.ca_bundle_path
    PHI_BUCKET               = var.bucket_name
    PHI_KMS_KEY_ARN          = var.kms_key_arn
    DOCTOR_TOPIC_ARN         = local.topic_arn
    EXTRACTOR                = var.extractor
    TEXTRACT_TIMEOUT_SECONDS = tostring(local.textract_timeout)
    CONVERT_FORMATS          = join(",", var.convert_formats)
    MAX_UPLOAD_BYTES         = tostring(var.max_upload_bytes)
    MAX_PDF_PAGES            = tostring(var.max_pdf_pages)
    CLAIM_LEASE_SECONDS      = tostring(local.claim_lease_seconds)
  }
  tags = var.tags
}

module "upload" {
  source = "../lambda-function"

  function_name                  = local.upload_name
  description                    = "Issues a patient a pre-signed upload (key, type, size and SSE-KMS pinned) into incoming/ of the PHI bucket"
  package_path                   = "${local.package_dir}/intake_upload.zip"
  handler                        = "intake_upload.handler.handler"
  kms_key_arn                    = var.kms_key_arn
  vpc_config                     = var.vpc_config
  timeout                        = 10
  memory_size                    = 512
  reserved_concurrent_executions = 20
  policy_json                    = data.aws_iam_policy_document.upload_keys.json
  enable_dead_letter             = var.enable_dead_letter
  log_format                     = var.log_format
  environment = {
    DB_SECRET_ARN          = var.database.secret_arn
    PG_CA_BUNDLE           = var.database.ca_bundle_path
    PHI_BUCKET             = var.bucket_name
    PHI_KMS_KEY_ARN        = var.kms_key_arn
    MAX_UPLOAD_BYTES       = tostring(var.max_upload_bytes)
    UPLOAD_URL_TTL_SECONDS = tostring(var.upload_url_ttl_seconds)
  }
  tags = var.tags
}

# -- triggers ----------------------------------------------------------------------------------

resource "aws_lambda_event_source_mapping" "objects" {
  event_source_arn        = module.object_queue.queue_arn
  function_name           = module.process.alias_arn
  batch_size              = var.process_batch_size
  function_response_types = ["ReportBatchItemFailures"]

  scaling_config {
    maximum_concurrency = var.process_max_concurrency
  }

  tags = var.tags

  # The processor can read its queue and the bucket, and its topic exists, before the
  # first batch arrives.
  depends_on = [aws_iam_role_policy.process_data, module.doctor_topic]
}

module "api" {
  source = "../http-api"

  name            = "${var.name}-upload"
  log_kms_key_arn = var.kms_key_arn
  jwt             = var.jwt
  routes = {
    "POST /documents" = {
      alias_arn  = module.upload.alias_arn
      timeout_ms = 10000
    }
  }
  throttling_burst_limit = var.upload_throttling.burst_limit
  throttling_rate_limit  = var.upload_throttling.rate_limit
  tags                   = var.tags

  # The upload function can sign uploads before the route exists.
  depends_on = [aws_iam_role_policy.upload_data]
}

# -- alarms ------------------------------------------------------------------------------------
# The object queue alarms on its dead-letter queue and on its oldest message (modules/sqs-queue).

resource "aws_cloudwatch_metric_alarm" "errors" {
  for_each            = toset(["process", "upload"])
  alarm_name          = "${var.name}-${each.key}-errors"
  alarm_description   = "The ${var.name}-${each.key} function failed; see its log group."
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  dimensions          = { FunctionName = "${var.name}-${each.key}" }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions
  tags                = var.tags
}

resource "aws_cloudwatch_metric_alarm" "function_dlq" {
  for_each            = var.enable_dead_letter ? toset(["process", "upload"]) : toset([])
  alarm_name          = "${var.name}-${each.key}-dlq-not-empty"
  alarm_description   = "An asynchronous invocation of ${var.name}-${each.key} failed every retry and is kept in ${var.name}-${each.key}-dlq."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = "${var.name}-${each.key}-dlq" }
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions
  tags                = var.tags
}
