# The detection baseline of one account and region: GuardDuty with the platform's
# protections and findings exported to a KMS bucket, Security Hub with FSBP, CIS and
# NIST 800-53 Rev. 5, Inspector for ECR and Lambda, IAM Access Analyzer, and HIGH/CRITICAL
# findings routed to encrypted topics and the PHI-free findings forwarder.
provider "aws" {
  region = var.region

  default_tags {
    tags = {
      Project = "phi-platform"
    }
  }
}

data "aws_caller_identity" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
}

module "access_logs" {
  source = "../../../s3-bucket"
  count  = var.export_findings ? 1 : 0

  name    = "${var.name}-detection-logs-${local.account_id}"
  profile = "log"
  log_delivery = {
    s3_server_access_logs = true
    source_bucket_arns    = ["arn:aws:s3:::${var.name}-gd-findings-${local.account_id}-${var.region}"]
  }
  expiration_days           = 2557
  eventbridge_notifications = var.s3_eventbridge_notifications
  force_destroy             = var.force_destroy_logs
}

module "detection" {
  source = "../.."

  name                         = var.name
  export_findings              = var.export_findings
  access_log_bucket            = var.export_findings ? module.access_logs[0].bucket_id : null
  s3_eventbridge_notifications = var.s3_eventbridge_notifications

  enable_s3_protection      = var.enable_s3_protection
  enable_rds_protection     = var.enable_rds_protection
  enable_lambda_protection  = var.enable_lambda_protection
  enable_runtime_monitoring = var.enable_runtime_monitoring
  enable_malware_protection = var.enable_malware_protection
  enable_security_hub       = var.enable_security_hub
  enable_access_analyzer    = var.enable_access_analyzer

  forwarder_package_path = var.forwarder_package_path
  forwarder_dead_letter  = var.forwarder_dead_letter
  forwarder_log_format   = var.forwarder_log_format

  tags = {
    DataClassification = "Security"
  }
}
