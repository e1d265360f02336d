# One log bucket that all three AWS log producers the platform uses can deliver to:
# S3 server access logs, ALB access logs and CloudFront standard logs. Write-once for a
# year (Object Lock, governance mode), kept for seven.
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

module "logs" {
  source = "../.."

  name    = "${var.name}-logs-${data.aws_caller_identity.current.account_id}"
  profile = "log"
  log_delivery = {
    s3_server_access_logs    = true
    alb_access_logs          = true
    alb_prefix               = "alb"
    cloudfront_standard_logs = true
  }
  object_lock = {
    mode = "GOVERNANCE"
    days = 365
  }
  transition_to_glacier_days = 90
  expiration_days            = 2557
  eventbridge_notifications  = var.eventbridge_notifications
}
