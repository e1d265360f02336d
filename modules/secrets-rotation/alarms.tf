# Rotation failures page someone: a function error (any step, timeouts included) raises a
# CloudWatch alarm, and Secrets Manager's RotationFailed event goes straight to the topic.

resource "aws_sns_topic" "alarms" {
  name              = "${local.function_name}-alarms"
  kms_master_key_id = var.kms_key_arn
  tags              = var.tags
}

data "aws_iam_policy_document" "alarms" {
  statement {
    sid       = "CloudWatchAlarms"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.alarms.arn]

    principals {
      type        = "Service"
      identifiers = ["cloudwatch.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }

  statement {
    sid       = "RotationFailedEvents"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.alarms.arn]

    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com"]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [aws_cloudwatch_event_rule.rotation_failed.arn]
    }
  }
}

resource "aws_sns_topic_policy" "alarms" {
  arn    = aws_sns_topic.alarms.arn
  policy = data.aws_iam_policy_document.alarms.json
}

resource "aws_cloudwatch_metric_alarm" "errors" {
  alarm_name          = "${local.function_name}-errors"
  alarm_description   = "A rotation step of ${var.name} failed (see ${aws_cloudwatch_log_group.rotation.name}); AWSCURRENT is unchanged and Secrets Manager retries."
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  dimensions          = { FunctionName = aws_lambda_function.rotation.function_name }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
  tags                = var.tags
}

resource "aws_cloudwatch_event_rule" "rotation_failed" {
  name        = "${local.function_name}-failed"
  description = "Secrets Manager reports a failed rotation of a ${var.name} secret"
  event_pattern = jsonencode({
    source        = ["aws.secretsmanager"]
    "detail-type" = ["AWS Service Event via CloudTrail"]
    detail = {
      eventName = ["RotationFailed"]
      additionalEventData = {
        # Every secret of this module: "<name>/<user>" (ARNs end in a random suffix).
        SecretId = [{ prefix = "arn:${local.partition}:secretsmanager:${local.region}:${local.account_id}:secret:${var.name}/" }]
      }
    }
  })
  tags = var.tags
}

resource "aws_cloudwatch_event_target" "rotation_failed" {
  rule      = aws_cloudwatch_event_rule.rotation_failed.name
  target_id = "alarm-topic"
  arn       = aws_sns_topic.alarms.arn
}
