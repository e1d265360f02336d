# A regional web ACL for a patient-facing API or ALB: the baseline AWS managed rule groups,
# a per-IP rate limit, a US-only geo allow-list, and logs in a KMS-encrypted group with
# the authorization and cookie headers redacted. Attach it with `associations`
# (e.g. { alb = module.alb.lb_arn }); CloudFront takes scope = "CLOUDFRONT" in us-east-1
# (see modules/cloudfront-s3/examples).
provider "aws" {
  region = var.region
}

data "aws_caller_identity" "current" {}

module "kms" {
  source = "../../../kms"

  alias                   = "${var.name}-waf-logs"
  description             = "WAF logs (${var.name})"
  deletion_window_in_days = 7
  service_principals = {
    CloudWatchLogs = {
      principal = "logs.${var.region}.amazonaws.com"
      actions   = ["kms:Decrypt*", "kms:Describe*", "kms:Encrypt*", "kms:GenerateDataKey*", "kms:ReEncrypt*"]
      conditions = [{
        test     = "ArnLike"
        variable = "kms:EncryptionContext:aws:logs:arn"
        values   = ["arn:aws:logs:${var.region}:${data.aws_caller_identity.current.account_id}:log-group:aws-waf-logs-*"]
      }]
    }
  }
}

module "waf" {
  source = "../.."

  name                  = "${var.name}-api"
  description           = "Patient API of ${var.name}"
  scope                 = "REGIONAL"
  kms_key_arn           = module.kms.key_arn
  rate_limit            = 1000
  allowed_country_codes = ["US"]
  redacted_headers      = ["x-api-key"]

  tags = {
    DataClassification = "PHI"
  }
}
