# A function with every default: the `live` alias on the version this apply publishes, a
# KMS-encrypted environment, an encrypted dead-letter queue, X-Ray, reserved concurrency
# and a KMS log group kept for a year. It only calls AWS APIs, so it runs outside a VPC,
# which the call says explicitly.
provider "aws" {
  region = var.region
}

data "aws_caller_identity" "current" {}

module "kms" {
  source = "../../../kms"

  alias                   = "${var.name}-functions"
  description             = "Lambda environments, dead letters and logs (${var.name})"
  deletion_window_in_days = 7
  via_services = [
    "lambda.${var.region}.amazonaws.com",
    "sqs.${var.region}.amazonaws.com",
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
}

module "function" {
  source = "../.."

  function_name = "${var.name}-hello"
  description   = "Reports which published version served the request (lambda_src/hello_phi)"
  package_path  = var.package_path
  handler       = "hello_phi.handler.handler"
  kms_key_arn   = module.kms.key_arn
  vpc_config    = null # calls no VPC resource

  environment = {
    PHI_ENVIRONMENT = "example"
  }

  enable_dead_letter = var.enable_dead_letter
  log_format         = var.log_format

  tags = {
    DataClassification = "PHI"
  }
}
