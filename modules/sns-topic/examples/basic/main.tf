# An encrypted topic that CloudWatch alarms of this account publish to: CMK at rest, a
# policy that keeps management with the account, denies plaintext transport and admits the
# one alarm named as a publisher.
provider "aws" {
  region = var.region
}

data "aws_caller_identity" "current" {}

module "kms" {
  source = "../../../kms"

  alias                   = "${var.name}-notifications"
  description             = "Notification topic (${var.name})"
  deletion_window_in_days = 7
  via_services            = ["sns.${var.region}.amazonaws.com"]
  service_principals = {
    CloudWatchAlarms = {
      principal = "cloudwatch.amazonaws.com"
      actions   = ["kms:Decrypt", "kms:GenerateDataKey*"]
      conditions = [{
        test     = "StringEquals"
        variable = "aws:SourceAccount"
        values   = [data.aws_caller_identity.current.account_id]
      }]
    }
  }
}

module "topic" {
  source = "../.."

  name        = "${var.name}-notifications"
  kms_key_arn = module.kms.key_arn
  allowed_publishers = {
    Alarms = {
      service     = "cloudwatch.amazonaws.com"
      source_arns = ["arn:aws:cloudwatch:${var.region}:${data.aws_caller_identity.current.account_id}:alarm:${var.name}-errors"]
    }
  }
  tags = {
    DataClassification = "internal"
  }
}
