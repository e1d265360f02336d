# --- Alert routing: EventBridge -> SNS (findings) and -> the forwarder Lambda (alerts) -------
#
# Two encrypted topics:
#   findings: every matching event, reduced by an input transformer to identifiers only
#             (finding id/type, severity, account, region, time): for machine consumers
#             (ticketing, SIEM) and as a path that does not depend on the Lambda.
#   alerts:   the forwarder's de-duplicated, PHI-free, human-readable alerts, plus the
#             alarms that fire when the forwarding path itself fails.

locals {
  guardduty_min_score = { MEDIUM = 4, HIGH = 7, CRITICAL = 9 }[var.alert_severity]
  alert_labels        = { MEDIUM = ["MEDIUM", "HIGH", "CRITICAL"], HIGH = ["HIGH", "CRITICAL"], CRITICAL = ["CRITICAL"] }[var.alert_severity]
  forwarder_name      = "${var.name}-findings-forwarder"

  # ARNs built from names, so policies that name them are known at plan time.
  findings_topic_arn = "arn:${local.partition}:sns:${local.region}:${local.account_id}:${var.name}-security-findings"
  alerts_topic_arn   = "arn:${local.partition}:sns:${local.region}:${local.account_id}:${var.name}-security-alerts"
  dead_letters_arn   = "arn:${local.partition}:sqs:${local.region}:${local.account_id}:${var.name}-findings-dead-letters"
  rule_arns = [
    "arn:${local.partition}:events:${local.region}:${local.account_id}:rule/${var.name}-guardduty-findings",
    "arn:${local.partition}:events:${local.region}:${local.account_id}:rule/${var.name}-securityhub-findings",
  ]

  guardduty_pattern = {
    source        = ["aws.guardduty"]
    "detail-type" = ["GuardDuty Finding"]
    detail        = { severity = [{ numeric = [">=", local.guardduty_min_score] }] }
  }

  # GuardDuty findings also reach Security Hub; they are routed once, by the GuardDuty rule.
  securityhub_pattern = {
    source        = ["aws.securityhub"]
    "detail-type" = ["Security Hub Findings - Imported"]
    detail = {
      findings = {
        Severity    = { Label = local.alert_labels }
        Workflow    = { Status = ["NEW"] }
        RecordState = ["ACTIVE"]
        ProductName = [{ "anything-but" = "GuardDuty" }]
      }
    }
  }
}

module "alerts_key" {
  source = "../kms"

  alias                   = "${var.name}-security-alerts"
  description             = "Security finding topics, forwarder state and dead letters (${var.name})"
  deletion_window_in_days = 30
  via_services = [
    "sns.${local.region}.amazonaws.com",
    "sqs.${local.region}.amazonaws.com",
    "dynamodb.${local.region}.amazonaws.com",
    "lambda.${local.region}.amazonaws.com",
  ]
  service_principals = {
    EventBridge = {
      principal  = "events.amazonaws.com"
      actions    = ["kms:Decrypt", "kms:GenerateDataKey"]
      conditions = [{ test = "StringEquals", variable = "aws:SourceAccount", values = [local.account_id] }]
    }
    CloudWatchAlarms = {
      principal  = "cloudwatch.amazonaws.com"
      actions    = ["kms:Decrypt", "kms:GenerateDataKey"]
      conditions = [{ test = "StringEquals", variable = "aws:SourceAccount", values = [local.account_id] }]
    }
    CloudWatchLogs = {
      principal = "logs.${local.region}.amazonaws.com"
      actions   = ["kms:Decrypt*", "kms:Describe*", "kms:Encrypt*", "kms:GenerateDataKey*", "kms:ReEncrypt*"]
      conditions = [{
        test     = "ArnEquals"
        variable = "kms:EncryptionContext:aws:logs:arn"
        values   = ["arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:/aws/lambda/${local.forwarder_name}"]
      }]
    }
  }
  tags = var.tags
}

resource "aws_sns_topic" "findings" {
  name              = "${var.name}-security-findings"
  kms_master_key_id = module.alerts_key.key_arn
  tags              = var.tags
}

resource "aws_sns_topic" "alerts" {
  name              = "${var.name}-security-alerts"
  kms_master_key_id = module.alerts_key.key_arn
  tags              = var.tags
}

data "aws_iam_policy_document" "findings_topic" {
  statement {
    sid       = "EventBridgePublishesFindings"
    actions   = ["sns:Publish"]
    resources = [local.findings_topic_arn]

    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com"]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = local.rule_arns
    }
  }

  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["sns:Publish", "sns:Subscribe", "sns:Receive"]
    resources = [local.findings_topic_arn]

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
}

resource "aws_sns_topic_policy" "findings" {
  arn    = aws_sns_topic.findings.arn
  policy = data.aws_iam_policy_document.findings_topic.json
}

data "aws_iam_policy_document" "alerts_topic" {
  statement {
    sid       = "CloudWatchAlarmsPublish"
    actions   = ["sns:Publish"]
    resources = [local.alerts_topic_arn]

    principals {
      type        = "Service"
      identifiers = ["cloudwatch.amazonaws.com"]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = ["arn:${local.partition}:cloudwatch:${local.region}:${local.account_id}:alarm:${var.name}-findings-*"]
    }
  }

  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["sns:Publish", "sns:Subscribe", "sns:Receive"]
    resources = [local.alerts_topic_arn]

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
}

resource "aws_sns_topic_policy" "alerts" {
  arn    = aws_sns_topic.alerts.arn
  policy = data.aws_iam_policy_document.alerts_topic.json
}

# --- EventBridge rules ---------------------------------------------------------------------

resource "aws_cloudwatch_event_rule" "guardduty" {
  name          = "${var.name}-guardduty-findings"
  description   = "GuardDuty findings of severity ${var.alert_severity} and above"
  event_pattern = jsonencode(local.guardduty_pattern)
  tags          = var.tags
}

resource "aws_cloudwatch_event_rule" "securityhub" {
  name          = "${var.name}-securityhub-findings"
  description   = "New, active Security Hub findings (not from GuardDuty) of severity ${var.alert_severity} and above"
  event_pattern = jsonencode(local.securityhub_pattern)
  tags          = var.tags
}

# Identifiers only: never a title, description, tag or resource detail of the finding.
resource "aws_cloudwatch_event_target" "guardduty_to_findings_topic" {
  rule      = aws_cloudwatch_event_rule.guardduty.name
  target_id = "findings-topic"
  arn       = aws_sns_topic.findings.arn

  input_transformer {
    input_paths = {
      id       = "$.detail.id"
      type     = "$.detail.type"
      severity = "$.detail.severity"
      account  = "$.detail.accountId"
      region   = "$.detail.region"
      updated  = "$.detail.updatedAt"
    }
    input_template = "{\"source\": \"GuardDuty\", \"finding_id\": <id>, \"type\": <type>, \"severity\": <severity>, \"account\": <account>, \"region\": <region>, \"updated_at\": <updated>}"
  }

  retry_policy {
    maximum_event_age_in_seconds = 86400
    maximum_retry_attempts       = 185
  }

  dead_letter_config {
    arn = aws_sqs_queue.dead_letters.arn
  }
}

# Security Hub Ids of third-party products can be free text: the control id, product and
# resource type identify the finding instead.
resource "aws_cloudwatch_event_target" "securityhub_to_findings_topic" {
  rule      = aws_cloudwatch_event_rule.securityhub.name
  target_id = "findings-topic"
  arn       = aws_sns_topic.findings.arn

  input_transformer {
    input_paths = {
      product  = "$.detail.findings[0].ProductArn"
      control  = "$.detail.findings[0].Compliance.SecurityControlId"
      severity = "$.detail.findings[0].Severity.Label"
      resource = "$.detail.findings[0].Resources[0].Type"
      account  = "$.detail.findings[0].AwsAccountId"
      region   = "$.detail.findings[0].Region"
      updated  = "$.detail.findings[0].UpdatedAt"
    }
    input_template = "{\"source\": \"Security Hub\", \"product_arn\": <product>, \"control_id\": <control>, \"severity\": <severity>, \"resource_type\": <resource>, \"account\": <account>, \"region\": <region>, \"updated_at\": <updated>}"
  }

  retry_policy {
    maximum_event_age_in_seconds = 86400
    maximum_retry_attempts       = 185
  }

  dead_letter_config {
    arn = aws_sqs_queue.dead_letters.arn
  }
}

# --- Dead letters: events EventBridge could not deliver and invocations the forwarder failed

resource "aws_sqs_queue" "dead_letters" {
  name                              = "${var.name}-findings-dead-letters"
  kms_master_key_id                 = module.alerts_key.key_arn
  kms_data_key_reuse_period_seconds = 300
  message_retention_seconds         = 1209600
  tags                              = var.tags
}

data "aws_iam_policy_document" "dead_letters" {
  statement {
    sid       = "EventBridgeDeadLetters"
    actions   = ["sqs:SendMessage"]
    resources = [local.dead_letters_arn]

    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com"]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = local.rule_arns
    }
  }

  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["sqs:*"]
    resources = [local.dead_letters_arn]

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
}

resource "aws_sqs_queue_policy" "dead_letters" {
  queue_url = aws_sqs_queue.dead_letters.id
  policy    = data.aws_iam_policy_document.dead_letters.json
}

# --- Alarms: the forwarding path must fail loudly ---------------------------------------

resource "aws_cloudwatch_metric_alarm" "dead_letters" {
  alarm_name                = "${var.name}-findings-dead-letters"
  alarm_description         = "Findings that could not be delivered or forwarded are waiting in ${aws_sqs_queue.dead_letters.name}."
  namespace                 = "AWS/SQS"
  metric_name               = "ApproximateNumberOfMessagesVisible"
  dimensions                = { QueueName = aws_sqs_queue.dead_letters.name }
  statistic                 = "Maximum"
  period                    = 300
  evaluation_periods        = 1
  threshold                 = 1
  comparison_operator       = "GreaterThanOrEqualToThreshold"
  treat_missing_data        = "notBreaching"
  alarm_actions             = [aws_sns_topic.alerts.arn]
  ok_actions                = [aws_sns_topic.alerts.arn]
  insufficient_data_actions = [aws_sns_topic.alerts.arn]
  tags                      = var.tags
}

resource "aws_cloudwatch_metric_alarm" "delivery_failures" {
  for_each = {
    guardduty   = aws_cloudwatch_event_rule.guardduty.name
    securityhub = aws_cloudwatch_event_rule.securityhub.name
  }

  alarm_name                = "${var.name}-findings-${each.key}-delivery-failures"
  alarm_description         = "EventBridge failed to deliver ${each.key} findings to a target of ${each.value}."
  namespace                 = "AWS/Events"
  metric_name               = "FailedInvocations"
  dimensions                = { RuleName = each.value }
  statistic                 = "Sum"
  period                    = 300
  evaluation_periods        = 1
  threshold                 = 1
  comparison_operator       = "GreaterThanOrEqualToThreshold"
  treat_missing_data        = "notBreaching"
  alarm_actions             = [aws_sns_topic.alerts.arn]
  ok_actions                = [aws_sns_topic.alerts.arn]
  insufficient_data_actions = [aws_sns_topic.alerts.arn]
  tags                      = var.tags
}
