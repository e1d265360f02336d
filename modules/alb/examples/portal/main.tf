# How patients reach the portal: an internet-facing HTTPS load balancer (TLS 1.3 policy,
# port 80 only redirects) behind a WAF web ACL with AWS managed rule groups, access logs in
# a log bucket Elastic Load Balancing can write to, and the portal's Fargate service
# (modules/ecs-fargate) registered in its target group, re-encrypted to the tasks on 8443
# and scaled on CPU, memory and requests per target.
provider "aws" {
  region = var.region

  default_tags {
    tags = {
      Project            = "phi-platform"
      DataClassification = "PHI"
    }
  }
}

data "aws_caller_identity" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
}

# Key for the example's log groups (VPC flow logs, WAF logs).
module "kms" {
  source = "../../../kms"

  alias                   = "${var.name}-edge-logs"
  description             = "Edge log groups of ${var.name}"
  deletion_window_in_days = 7
  service_principals = {
    CloudWatchLogs = {
      principal = "logs.${var.region}.amazonaws.com"
      actions   = ["kms:Decrypt*", "kms:Describe*", "kms:Encrypt*", "kms:GenerateDataKey*", "kms:ReEncrypt*"]
      conditions = [{
        test     = "ArnLike"
        variable = "kms:EncryptionContext:aws:logs:arn"
        values   = ["arn:aws:logs:${var.region}:${local.account_id}:log-group:*"]
      }]
    }
  }
}

module "access_logs" {
  source = "../../../s3-bucket"

  name    = "${var.name}-alb-logs-${local.account_id}"
  profile = "log"
  log_delivery = {
    alb_access_logs = true
    alb_prefix      = "portal"
  }
  expiration_days           = 2557
  eventbridge_notifications = var.eventbridge_notifications
}

# On AWS the listener needs an issued certificate: validate it through DNS
# (aws_acm_certificate_validation) or pass the ARN of one that is.
resource "aws_acm_certificate" "portal" {
  domain_name       = var.domain_name
  validation_method = "DNS"

  options {
    certificate_transparency_logging_preference = "ENABLED"
  }

  lifecycle {
    create_before_destroy = true
  }
}

# A minimal regional web ACL with AWS managed rule groups (KnownBadInputs blocks Log4Shell),
# standing in for modules/waf.
resource "aws_wafv2_web_acl" "portal" {
  name  = "${var.name}-portal"
  scope = "REGIONAL"

  default_action {
    allow {}
  }

  rule {
    name     = "AWSManagedRulesCommonRuleSet"
    priority = 10

    override_action {
      none {}
    }

    statement {
      managed_rule_group_statement {
        vendor_name = "AWS"
        name        = "AWSManagedRulesCommonRuleSet"
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "AWSManagedRulesCommonRuleSet"
      sampled_requests_enabled   = true
    }
  }

  rule {
    name     = "AWSManagedRulesKnownBadInputsRuleSet"
    priority = 20

    override_action {
      none {}
    }

    statement {
      managed_rule_group_statement {
        vendor_name = "AWS"
        name        = "AWSManagedRulesKnownBadInputsRuleSet"
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "AWSManagedRulesKnownBadInputsRuleSet"
      sampled_requests_enabled   = true
    }
  }

  rule {
    name     = "AWSManagedRulesAmazonIpReputationList"
    priority = 30

    override_action {
      none {}
    }

    statement {
      managed_rule_group_statement {
        vendor_name = "AWS"
        name        = "AWSManagedRulesAmazonIpReputationList"
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "AWSManagedRulesAmazonIpReputationList"
      sampled_requests_enabled   = true
    }
  }

  rule {
    name     = "AWSManagedRulesAnonymousIpList"
    priority = 40

    override_action {
      none {}
    }

    statement {
      managed_rule_group_statement {
        vendor_name = "AWS"
        name        = "AWSManagedRulesAnonymousIpList"
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "AWSManagedRulesAnonymousIpList"
      sampled_requests_enabled   = true
    }
  }

  rule {
    name     = "AWSManagedRulesSQLiRuleSet"
    priority = 50

    override_action {
      none {}
    }

    statement {
      managed_rule_group_statement {
        vendor_name = "AWS"
        name        = "AWSManagedRulesSQLiRuleSet"
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "AWSManagedRulesSQLiRuleSet"
      sampled_requests_enabled   = true
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "${var.name}-portal"
    sampled_requests_enabled   = true
  }
}

resource "aws_cloudwatch_log_group" "waf" {
  name              = "aws-waf-logs-${var.name}-portal"
  kms_key_id        = module.kms.key_arn
  retention_in_days = 365
}

resource "aws_wafv2_web_acl_logging_configuration" "portal" {
  resource_arn            = aws_wafv2_web_acl.portal.arn
  log_destination_configs = [aws_cloudwatch_log_group.waf.arn]
}

module "alb" {
  source = "../.."

  name               = "${var.name}-portal"
  scheme             = "internet-facing"
  vpc_id             = aws_vpc.this.id
  subnet_ids         = aws_subnet.public[*].id
  security_group_ids = [aws_security_group.alb.id]
  certificate_arn    = aws_acm_certificate.portal.arn
  web_acl_arn        = aws_wafv2_web_acl.portal.arn
  access_logs_bucket = module.access_logs.bucket_id
  access_logs_prefix = "portal"

  target_groups = {
    web = { port = var.target_port }
  }
  default_target_group = "web"

  enable_deletion_protection = var.enable_deletion_protection
}

module "portal_web" {
  source = "../../../ecs-fargate"

  name               = "${var.name}-portal-web"
  subnet_ids         = aws_subnet.app[*].id
  security_group_ids = [aws_security_group.portal_tasks.id]
  image_tag          = var.image_tag
  container_port     = var.target_port

  load_balancer = {
    target_group_arn                  = module.alb.target_group_arns["web"]
    lb_arn_suffix                     = module.alb.lb_arn_suffix
    health_check_grace_period_seconds = var.health_check_grace_period_seconds
  }

  kms_deletion_window_in_days = 7
}
