# A work queue an EventBridge rule feeds: CMK encryption on the queue and its dead-letter
# queue, redrive after 5 receives, TLS-only policies, and alarms (DLQ not empty, oldest
# message too old) that notify an encrypted SNS topic.
provider "aws" {
  region = var.region
}

data "aws_caller_identity" "current" {}

module "kms" {
  source = "../../../kms"

  alias                   = "${var.name}-queues"
  description             = "Queues and alarm topic (${var.name})"
  deletion_window_in_days = 7
  via_services            = ["sqs.${var.region}.amazonaws.com", "sns.${var.region}.amazonaws.com"]
  service_principals = {
    EventBridge = {
      principal = "events.amazonaws.com"
      actions   = ["kms:Decrypt", "kms:GenerateDataKey*"]
      conditions = [{
        test     = "StringEquals"
        variable = "aws:SourceAccount"
        values   = [data.aws_caller_identity.current.account_id]
      }]
    }
    CloudWatchAlarms = {
      principal = "cloudwatch.amazonaws.com"
      actions   = ["kms:Decrypt", "kms:GenerateDataKey*"]
      conditions = [{
        test     = "StringEquals"
        variable = "aws:SourceAccount"
        values   = [data.aws_caller_identity.current.account_id]
      }]
    }
  }
}

module "alarms" {
  source = "../../../sns-topic"

  name        = "${var.name}-alarms"
  kms_key_arn = module.kms.key_arn
}

resource "aws_cloudwatch_event_rule" "work" {
  name                = "${var.name}-work"
  description         = "Hourly work item"
  schedule_expression = "rate(1 hour)"
}

module "queue" {
  source = "../.."

  name                       = "${var.name}-work"
  kms_key_arn                = module.kms.key_arn
  visibility_timeout_seconds = 180
  alarm_actions              = [module.alarms.topic_arn]
  allowed_senders = {
    HourlyRule = {
      service = "events.amazonaws.com"
      # Named, not read from the rule, so the queue policy is reviewable in the plan.
      source_arns = ["arn:aws:events:${var.region}:${data.aws_caller_identity.current.account_id}:rule/${var.name}-work"]
    }
  }
}

resource "aws_cloudwatch_event_target" "work" {
  rule = aws_cloudwatch_event_rule.work.name
  arn  = module.queue.queue_arn
}
