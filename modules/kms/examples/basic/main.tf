# A key for PHI data stores: usable through S3, Secrets Manager and RDS by principals of
# this account, and by CloudWatch Logs for log groups of this account and region only.
provider "aws" {
  region = var.region
}

data "aws_caller_identity" "current" {}

module "kms" {
  source = "../.."

  alias                   = "${var.name}-data"
  description             = "PHI data at rest (${var.name})"
  deletion_window_in_days = 7
  via_services = [
    "s3.${var.region}.amazonaws.com",
    "secretsmanager.${var.region}.amazonaws.com",
    "rds.${var.region}.amazonaws.com",
  ]
  service_principals = {
    CloudWatchLogs = {
      principal = "logs.${var.region}.amazonaws.com"
      actions   = ["kms:Decrypt*", "kms:Describe*", "kms:Encrypt*", "kms:GenerateDataKey*", "kms:ReEncrypt*"]
      conditions = [{
        test     = "ArnLike"
        variable = "kms:EncryptionContext:aws:logs:arn"
        values   = ["arn:aws:logs:${var.region}:${data.aws_caller_identity.current.account_id}:log-group:*"]
      }]
    }
  }
  tags = {
    DataClassification = "PHI"
  }
}
