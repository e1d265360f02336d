# The public edge of one environment in one region: the zone
# `us-east-1.dev.phi-example.example.com` signed with DNSSEC and query-logged, a regional
# certificate for the ALB (portal, api), a us-east-1 certificate for CloudFront (www), and a
# US-only CloudFront web ACL. Both log groups are encrypted with a customer key in us-east-1.
provider "aws" {
  region = var.region
}

provider "aws" {
  alias  = "us_east_1"
  region = "us-east-1"
}

data "aws_caller_identity" "current" {}

module "log_key" {
  source = "../../../kms"
  providers = {
    aws = aws.us_east_1
  }

  alias                   = "${var.name}-edge-logs"
  description             = "DNS query and CloudFront WAF logs (${var.name})"
  deletion_window_in_days = 7
  service_principals = {
    CloudWatchLogs = {
      principal = "logs.us-east-1.amazonaws.com"
      actions   = ["kms:Decrypt*", "kms:Describe*", "kms:Encrypt*", "kms:GenerateDataKey*", "kms:ReEncrypt*"]
      conditions = [{
        test     = "ArnLike"
        variable = "kms:EncryptionContext:aws:logs:arn"
        values = [
          "arn:aws:logs:us-east-1:${data.aws_caller_identity.current.account_id}:log-group:/aws/route53/*",
          "arn:aws:logs:us-east-1:${data.aws_caller_identity.current.account_id}:log-group:aws-waf-logs-*",
        ]
      }]
    }
  }
}

module "public_domain" {
  source = "../.."
  providers = {
    aws           = aws
    aws.us_east_1 = aws.us_east_1
  }

  name                             = var.name
  public_domain                    = var.public_domain
  region_label                     = var.region
  log_kms_key_arn                  = module.log_key.key_arn
  cloudfront_allowed_country_codes = ["US"]
  certificate_key_algorithm        = var.certificate_key_algorithm
  enable_dnssec                    = var.enable_dnssec
  enable_query_logging             = var.enable_query_logging
  force_destroy                    = true

  tags = {
    DataClassification = "Public"
  }
}
