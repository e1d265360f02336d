data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  account_id     = data.aws_caller_identity.current.account_id
  partition      = data.aws_partition.current.partition
  region         = data.aws_region.current.name
  log_group_name = "aws-waf-logs-${var.name}" # WAF only delivers to groups named aws-waf-logs-*
  log_group_arn  = "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:${local.log_group_name}"
  metric_prefix  = replace(var.name, "-", "")

  # Always redacted: sessions and credentials never reach the logs.
  redacted_headers = concat(["authorization", "cookie"], var.redacted_headers)
}

resource "aws_wafv2_web_acl" "this" {
  #checkov:skip=CKV_AWS_192:The managed groups come from a dynamic block over var.managed_rule_groups, which checkov cannot expand in module HCL; the variable's validation refuses any list without AWSManagedRulesKnownBadInputsRuleSet (Log4j rules; bad-input test baseline-removed) and the example inventory fails when the group is dropped (mutation known-bad-inputs-group-dropped).
  name        = var.name
  description = var.description
  scope       = var.scope

  default_action {
    allow {}
  }

  # 0: geo allow-list (optional) — everything not from an allowed country is blocked first.
  dynamic "rule" {
    for_each = length(var.allowed_country_codes) > 0 ? [var.allowed_country_codes] : []
    content {
      name     = "geo-allow-list"
      priority = 0

      action {
        block {}
      }

      statement {
        not_statement {
          statement {
            geo_match_statement {
              country_codes = rule.value
            }
          }
        }
      }

      visibility_config {
        cloudwatch_metrics_enabled = true
        metric_name                = "${local.metric_prefix}GeoAllowList"
        sampled_requests_enabled   = true
      }
    }
  }

  # 1: per-IP rate limit.
  rule {
    name     = "rate-limit-per-ip"
    priority = 1

    action {
      block {}
    }

    statement {
      rate_based_statement {
        limit                 = var.rate_limit
        evaluation_window_sec = var.rate_limit_window_seconds
        aggregate_key_type    = "IP"
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${local.metric_prefix}RateLimitPerIp"
      sampled_requests_enabled   = true
    }
  }

  # 10, 20, ...: AWS managed rule groups in the given order, each group's own actions.
  dynamic "rule" {
    for_each = { for i, g in var.managed_rule_groups : g.name => merge(g, { priority = 10 * (i + 1) }) }
    content {
      name     = rule.key
      priority = rule.value.priority

      override_action {
        none {}
      }

      statement {
        managed_rule_group_statement {
          vendor_name = "AWS"
          name        = rule.key
          version     = rule.value.version

          dynamic "rule_action_override" {
            for_each = toset(rule.value.count_rules)
            content {
              name = rule_action_override.value
              action_to_use {
                count {}
              }
            }
          }
        }
      }

      visibility_config {
        cloudwatch_metrics_enabled = true
        metric_name                = "${local.metric_prefix}${rule.key}"
        sampled_requests_enabled   = true
      }
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = local.metric_prefix
    sampled_requests_enabled   = true
  }

  tags = var.tags

  lifecycle {
    precondition {
      condition     = var.scope == "REGIONAL" || local.region == "us-east-1"
      error_message = "scope = \"CLOUDFRONT\" web ACLs (and their logs) must be created in us-east-1: pass a provider for us-east-1 to this module."
    }
  }
}

# --- Logs -----------------------------------------------------------------------------------

resource "aws_cloudwatch_log_group" "this" {
  name              = local.log_group_name
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn
  tags              = var.tags
}

# WAF delivers through the CloudWatch Logs delivery service; this grants it exactly this
# group, for this account's web ACLs (WAF would otherwise write a broad policy itself).
data "aws_iam_policy_document" "delivery" {
  statement {
    sid       = "WafLogDelivery"
    effect    = "Allow"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${local.log_group_arn}:*"]

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
      values   = ["arn:${local.partition}:logs:${local.region}:${local.account_id}:*"]
    }
  }
}

resource "aws_cloudwatch_log_resource_policy" "delivery" {
  policy_name     = "${local.log_group_name}-delivery"
  policy_document = data.aws_iam_policy_document.delivery.json
}

resource "aws_wafv2_web_acl_logging_configuration" "this" {
  resource_arn            = aws_wafv2_web_acl.this.arn
  log_destination_configs = [aws_cloudwatch_log_group.this.arn]

  dynamic "redacted_fields" {
    for_each = local.redacted_headers
    content {
      single_header {
        name = redacted_fields.value
      }
    }
  }

  depends_on = [aws_cloudwatch_log_resource_policy.delivery]
}

# --- Associations (REGIONAL) -------------------------------------------------------------------

resource "aws_wafv2_web_acl_association" "this" {
  for_each = var.associations

  resource_arn = each.value
  web_acl_arn  = aws_wafv2_web_acl.this.arn
}
