# A patient-portal API on Fargate: two to four tasks in private app subnets, a read-only
# root filesystem (only /tmp writable) under a non-root user, a database password and a
# configuration parameter injected by ARN at start, KMS-encrypted logs, and an ECR
# repository that keeps the last 20 releases for rollback.
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
  account_id = data.aws_caller_identity.current.account_id
}

# Key for the example's own data: the flow-log group and the injected values.
module "network_kms" {
  source = "../../../kms"

  alias                   = "${var.name}-app-config"
  description             = "Flow logs and app configuration of ${var.name}"
  deletion_window_in_days = 7
  via_services            = ["secretsmanager.${var.region}.amazonaws.com", "ssm.${var.region}.amazonaws.com"]
  service_principals = {
    CloudWatchLogs = {
      principal = "logs.${var.region}.amazonaws.com"
      actions   = ["kms:Decrypt*", "kms:Describe*", "kms:Encrypt*", "kms:GenerateDataKey*", "kms:ReEncrypt*"]
      conditions = [{
        test     = "ArnLike"
        variable = "kms:EncryptionContext:aws:logs:arn"
        values   = ["arn:aws:logs:${var.region}:${local.account_id}:log-group:/vpc/${var.name}/*"]
      }]
    }
  }
}

# The value is set out of band (or by a rotation function); Terraform only creates the
# parameter and never reads the real value back into a plan.
resource "aws_ssm_parameter" "db_password" {
  name   = "/${var.name}/portal-api/db-password"
  type   = "SecureString"
  key_id = module.network_kms.key_arn
  value  = "set-out-of-band"

  lifecycle {
    ignore_changes = [value]
  }
}

resource "aws_ssm_parameter" "fhir_endpoint" {
  name   = "/${var.name}/portal-api/fhir-endpoint"
  type   = "SecureString"
  key_id = module.network_kms.key_arn
  value  = "https://fhir.internal.example.com/r4"
}

module "service" {
  source = "../.."

  name               = "${var.name}-portal-api"
  subnet_ids         = aws_subnet.app[*].id
  security_group_ids = [aws_security_group.tasks.id]

  image_tag         = var.image_tag
  ecr_keep_releases = 20
  container_port    = 8443
  environment = {
    LOG_LEVEL = "info"
  }
  # ARNs built from the parameters' names are known at plan time (as ARNs handed over from
  # another stack are), so the whole container definition can be checked in the plan.
  secrets = {
    DB_PASSWORD   = "arn:aws:ssm:${var.region}:${local.account_id}:parameter${aws_ssm_parameter.db_password.name}"
    FHIR_ENDPOINT = "arn:aws:ssm:${var.region}:${local.account_id}:parameter${aws_ssm_parameter.fhir_endpoint.name}"
  }
  secret_kms_key_arns = [module.network_kms.key_arn]
  health_check = {
    command = ["CMD", "/app/healthcheck"]
  }

  kms_deletion_window_in_days = 7
  enable_autoscaling          = var.enable_autoscaling
  autoscaling = {
    min_capacity = 2
    max_capacity = 4
  }
}
