# A PHI bucket as the platform uses it: SSE-KMS under a customer-managed key, every access
# logged to a separate log bucket that S3 server access logging can really write to.
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
  suffix = data.aws_caller_identity.current.account_id
}

module "kms" {
  source = "../../../kms"

  alias                   = "${var.name}-s3"
  description             = "PHI objects in ${var.name}"
  deletion_window_in_days = 7
  via_services            = ["s3.${var.region}.amazonaws.com"]
}

module "access_logs" {
  source = "../.."

  name    = "${var.name}-access-logs-${local.suffix}"
  profile = "log"
  log_delivery = {
    s3_server_access_logs = true
    source_bucket_arns    = ["arn:aws:s3:::${var.name}-data-${local.suffix}"]
  }
  expiration_days           = 2557
  eventbridge_notifications = var.eventbridge_notifications
  force_destroy             = var.force_destroy_logs
}

module "phi_bucket" {
  source = "../.."

  name        = "${var.name}-data-${local.suffix}"
  kms_key_arn = module.kms.key_arn
  access_logging = {
    target_bucket = module.access_logs.bucket_id
  }
  eventbridge_notifications = var.eventbridge_notifications
}
