# A patient-portal single-page app: a private, KMS-encrypted origin bucket that only this
# distribution can read (origin access control), HTTPS only with TLS 1.2 (2021 policy) on
# the site's own certificate, security headers, a CLOUDFRONT-scope WAF, standard logs, and
# US-only geo restriction. Everything lives in us-east-1, where CloudFront's certificates
# and web ACLs must be.
provider "aws" {
  region = var.region
}

data "aws_caller_identity" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
}

module "kms" {
  source = "../../../kms"

  alias                   = "${var.name}-portal"
  description             = "Portal origin objects and WAF logs (${var.name})"
  deletion_window_in_days = 7
  via_services            = ["s3.${var.region}.amazonaws.com"]
  service_principals = {
    CloudFrontReadsOrigin = {
      principal = "cloudfront.amazonaws.com"
      actions   = ["kms:Decrypt"]
      conditions = [{
        test     = "ArnLike"
        variable = "aws:SourceArn"
        values   = ["arn:aws:cloudfront::${local.account_id}:distribution/*"]
      }]
    }
    CloudWatchLogs = {
      principal = "logs.${var.region}.amazonaws.com"
      actions   = ["kms:Decrypt*", "kms:Describe*", "kms:Encrypt*", "kms:GenerateDataKey*", "kms:ReEncrypt*"]
      conditions = [{
        test     = "ArnLike"
        variable = "kms:EncryptionContext:aws:logs:arn"
        values   = ["arn:aws:logs:${var.region}:${local.account_id}:log-group:aws-waf-logs-*"]
      }]
    }
  }
}

# One log bucket for the origin's S3 access logs and CloudFront's standard logs.
module "logs" {
  source = "../../../s3-bucket"

  name    = "${var.name}-portal-logs-${local.account_id}"
  profile = "log"
  log_delivery = {
    s3_server_access_logs    = true
    source_bucket_arns       = ["arn:aws:s3:::${var.name}-portal-${local.account_id}"]
    cloudfront_standard_logs = true
  }
  expiration_days           = 2557
  force_destroy             = var.force_destroy_buckets
  eventbridge_notifications = var.eventbridge_notifications
}

resource "aws_acm_certificate" "site" {
  domain_name       = var.domain_name
  validation_method = "DNS"

  lifecycle {
    create_before_destroy = true
  }
}

module "waf" {
  source = "../../../waf"

  name        = "${var.name}-portal"
  description = "Patient portal CDN of ${var.name}"
  scope       = "CLOUDFRONT"
  kms_key_arn = module.kms.key_arn
}

module "site" {
  source = "../.."

  name                     = "${var.name}-portal"
  origin_bucket_name       = "${var.name}-portal-${local.account_id}"
  origin_kms_key_arn       = module.kms.key_arn
  origin_access_log_bucket = module.logs.bucket_id
  force_destroy_origin     = var.force_destroy_buckets

  origin_eventbridge_notifications = var.eventbridge_notifications

  aliases                  = [var.domain_name]
  acm_certificate_arn      = aws_acm_certificate.site.arn
  minimum_protocol_version = var.minimum_protocol_version
  web_acl_arn              = module.waf.web_acl_arn
  standard_logging = {
    bucket_domain_name = "${module.logs.bucket_id}.s3.amazonaws.com"
  }
  geo_restriction = {
    restriction_type = "whitelist"
    locations        = ["US"]
  }

  create_response_headers_policy = var.create_response_headers_policy
  wait_for_deployment            = var.wait_for_deployment

  tags = {
    DataClassification = "PHI"
  }
}
