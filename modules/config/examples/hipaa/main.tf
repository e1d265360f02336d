# AWS Config in the account's home region: every resource type recorded (global ones here
# only), snapshots delivered to a KMS bucket and kept seven years, and the "Operational
# Best Practices for HIPAA Security" conformance pack.
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

  name    = "${var.name}-config-logs-${local.account_id}"
  profile = "log"
  log_delivery = {
    s3_server_access_logs = true
    source_bucket_arns    = ["arn:aws:s3:::${var.name}-config-${local.account_id}-${var.region}"]
  }
  expiration_days           = 2557
  eventbridge_notifications = var.s3_eventbridge_notifications
  force_destroy             = var.force_destroy_logs
}

module "config" {
  source = "../.."

  name                         = var.name
  global_resources_region      = "us-east-1"
  access_log_bucket            = module.access_logs.bucket_id
  enable_conformance_pack      = var.enable_conformance_pack
  s3_eventbridge_notifications = var.s3_eventbridge_notifications
  conformance_pack_parameters = {
    MaxAccessKeyAgeDays = "90"
  }
}
