# --- The findings forwarder: HIGH/CRITICAL findings -> de-duplicated, PHI-free alerts -------
# Code: lambda_src/findings_forwarder (handler findings_forwarder.handler.handler), deployed
# through modules/lambda-function. EventBridge invokes its `live` alias asynchronously; an
# invocation that still fails after the retries lands in the dead-letter queue above.

locals {
  forwarder = var.enable_findings_forwarder ? 1 : 0
  forwarder_rules = {
    guardduty   = aws_cloudwatch_event_rule.guardduty
    securityhub = aws_cloudwatch_event_rule.securityhub
  }
}

# De-duplication state: one item per alerted finding (an opaque SHA-256 key, a severity
# rank, an expiry that TTL deletes). No finding content is stored.
resource "aws_dynamodb_table" "dedup" {
  count = local.forwarder

  name         = "${var.name}-findings-dedup"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "pk"

  # Losing this table only makes active findings alert once more; it holds no record that
  # must survive a deliberate destroy.
  deletion_protection_enabled = false

  attribute {
    name = "pk"
    type = "S"
  }

  ttl {
    attribute_name = "expires_at"
    enabled        = true
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = module.alerts_key.key_arn
  }

  tags = var.tags
}

data "aws_iam_policy_document" "forwarder" {
  count = local.forwarder

  statement {
    sid       = "DeduplicateFindings"
    actions   = ["dynamodb:PutItem", "dynamodb:DeleteItem"]
    resources = ["arn:${local.partition}:dynamodb:${local.region}:${local.account_id}:table/${var.name}-findings-dedup"]
  }

  # Also granted by modules/lambda-function; named here through the queue resource so the
  # function (which waits for its role policy) is created only once the queue exists.
  statement {
    sid       = "SendDeadLetters"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.dead_letters.arn]
  }

  statement {
    sid       = "PublishAlerts"
    actions   = ["sns:Publish"]
    resources = [local.alerts_topic_arn]
  }

  statement {
    sid       = "UseTheAlertsKeyThroughItsServices"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [module.alerts_key.key_arn]

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values = [
        "sns.${local.region}.amazonaws.com",
        "dynamodb.${local.region}.amazonaws.com",
        "sqs.${local.region}.amazonaws.com",
      ]
    }
  }
}

module "forwarder" {
  source = "../lambda-function"
  count  = local.forwarder

  function_name = local.forwarder_name
  description   = "GuardDuty/Security Hub findings to de-duplicated, PHI-free alerts (lambda_src/findings_forwarder)"
  package_path  = var.forwarder_package_path
  handler       = "findings_forwarder.handler.handler"
  kms_key_arn   = module.alerts_key.key_arn
  vpc_config    = var.forwarder_vpc_config
  timeout       = 30

  environment = {
    ALERT_TOPIC_ARN  = local.alerts_topic_arn
    DEDUP_TABLE_NAME = "${var.name}-findings-dedup"
    DEDUP_TTL_HOURS  = tostring(var.dedup_ttl_hours)
    MIN_SEVERITY     = var.alert_severity
  }

  # Built from the name: the module decides at plan time whether to create its own queue.
  enable_dead_letter     = var.forwarder_dead_letter
  dead_letter_target_arn = local.dead_letters_arn
  log_format             = var.forwarder_log_format
  policy_json            = data.aws_iam_policy_document.forwarder[0].json
  tags                   = var.tags
}

resource "aws_cloudwatch_event_target" "forwarder" {
  for_each = var.enable_findings_forwarder ? local.forwarder_rules : {}

  rule      = each.value.name
  target_id = "findings-forwarder"
  arn       = module.forwarder[0].alias_arn

  retry_policy {
    maximum_event_age_in_seconds = 86400
    maximum_retry_attempts       = 185
  }

  dead_letter_config {
    arn = aws_sqs_queue.dead_letters.arn
  }
}

resource "aws_lambda_permission" "events" {
  for_each = var.enable_findings_forwarder ? local.forwarder_rules : {}

  statement_id  = "AllowEventBridge-${each.key}"
  action        = "lambda:InvokeFunction"
  function_name = module.forwarder[0].function_name
  qualifier     = module.forwarder[0].alias_name
  principal     = "events.amazonaws.com"
  source_arn    = each.value.arn
}

resource "aws_cloudwatch_metric_alarm" "forwarder_errors" {
  count = local.forwarder

  alarm_name          = "${var.name}-findings-forwarder-errors"
  alarm_description   = "The findings forwarder failed (malformed event, de-duplication store or SNS error); the event is retried, then kept in the dead-letter queue."
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  dimensions          = { FunctionName = module.forwarder[0].function_name }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"

  alarm_actions             = [aws_sns_topic.alerts.arn]
  ok_actions                = [aws_sns_topic.alerts.arn]
  insufficient_data_actions = [aws_sns_topic.alerts.arn]
  tags                      = var.tags
}
