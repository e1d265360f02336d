# The account's audit trail in its home region: a multi-region trail under a customer key,
# validated log files in a dedicated WORM bucket (access-logged to a log bucket), a KMS
# log group kept a year, S3 data events for the PHI buckets, Insights, and the CIS alarms.
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
  account_id  = data.aws_caller_identity.current.account_id
  trail_name  = "${var.name}-audit"
  trail_store = "arn:aws:s3:::${local.trail_name}-cloudtrail-${local.account_id}"
}

module "access_logs" {
  source = "../../../s3-bucket"

  name    = "${var.name}-access-logs-${local.account_id}"
  profile = "log"
  log_delivery = {
    s3_server_access_logs = true
    source_bucket_arns    = [local.trail_store]
  }
  expiration_days           = 2557
  eventbridge_notifications = var.eventbridge_notifications
  force_destroy             = var.force_destroy_access_logs
}

module "cloudtrail" {
  source = "../.."

  name              = local.trail_name
  access_log_bucket = module.access_logs.bucket_id
  s3_data_event_bucket_arns = [
    "arn:aws:s3:::${var.name}-documents-${local.account_id}",
    module.access_logs.bucket_arn,
  ]
  insight_types             = var.insight_types
  eventbridge_notifications = var.eventbridge_notifications
  tags = {
    DataClassification = "Audit"
  }
}
