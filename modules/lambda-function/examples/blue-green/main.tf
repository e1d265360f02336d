# Blue/green releases through the `live` alias. Every apply that changes code or
# configuration publishes a new version. With live_version pinned, `live` keeps serving
# the old version and `canary` shifts a share of its traffic to the new one:
#
#   1. release = "2", live_version = "1"                          -> v2 published, idle
#   2. ... canary = { version = "2", weight = 0.1 }               -> 10 % on v2
#   3. roll back: canary weight 0 (or canary = null)              -> all on v1
#   4. promote:   live_version = "2", canary = null               -> all on v2
#
# tests/modules/lambda-function/test_lambda_function.py walks these steps on the emulator.
provider "aws" {
  region = var.region
}

data "aws_caller_identity" "current" {}

module "kms" {
  source = "../../../kms"

  alias                   = "${var.name}-releases"
  description             = "Lambda environments, dead letters and logs (${var.name} blue/green)"
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

  function_name = "${var.name}-bluegreen"
  description   = "Blue/green example (lambda_src/hello_phi)"
  package_path  = var.package_path
  handler       = "hello_phi.handler.handler"
  kms_key_arn   = module.kms.key_arn
  vpc_config    = null # calls no VPC resource

  environment = {
    PHI_ENVIRONMENT = "example"
    RELEASE         = var.release
  }

  live_version = var.live_version
  canary       = var.canary

  enable_dead_letter = var.enable_dead_letter
  log_format         = var.log_format
}
