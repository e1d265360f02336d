# Rotated application credentials for an existing PostgreSQL database (no proxy): a secret per
# application user under a customer key, holding what the rotation needs, rotated every 30
# days by lambda_src/rotation_postgres running in the data subnets, whose only egress is the
# database port and the interface endpoints. Failures alarm to an SNS topic.
# The database itself is out of scope here (see modules/rds-proxy/examples/complete for the
# whole tier); its security group and RDS-managed master secret are stood in for below.
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
  account_id   = data.aws_caller_identity.current.account_id
  package_path = coalesce(var.package_path, "${path.root}/../../../../build/lambda/rotation_postgres.zip")
}

resource "aws_vpc" "standin" {
  #checkov:skip=CKV2_AWS_11:Example stand-in for the network tier (modules/vpc), which owns the VPC and its flow logs; this example only needs two private subnets.
  cidr_block = "10.42.0.0/16"
  tags       = { Name = "${var.name}-rotation" }
}

# No rules: nothing may use the default security group.
resource "aws_default_security_group" "this" {
  vpc_id = aws_vpc.standin.id
}

resource "aws_subnet" "data" {
  count = 2

  vpc_id            = aws_vpc.standin.id
  cidr_block        = cidrsubnet(aws_vpc.standin.cidr_block, 8, 20 + count.index)
  availability_zone = var.availability_zones[count.index]
  tags              = { Name = "${var.name}-data-${count.index}", Tier = "data" }
}

# Stands in for the database's security group (modules/rds-postgres is given it).
resource "aws_security_group" "db" {
  #checkov:skip=CKV2_AWS_5:Stand-in for the DB instance's security group, which modules/rds-postgres attaches (modules/rds-proxy/examples/complete shows the whole tier).
  name        = "${var.name}-db"
  description = "PostgreSQL of ${var.name}"
  vpc_id      = aws_vpc.standin.id
}

resource "aws_vpc_security_group_ingress_rule" "db_from_rotation" {
  security_group_id            = aws_security_group.db.id
  description                  = "PostgreSQL from the rotation function"
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = module.rotation.function_security_group_id
}

# The interface endpoints' security group (the network tier creates the endpoints).
resource "aws_security_group" "endpoints" {
  #checkov:skip=CKV2_AWS_5:Stand-in for the security group of the network tier's interface endpoints, which attaches it.
  name        = "${var.name}-endpoints"
  description = "Interface VPC endpoints of ${var.name}"
  vpc_id      = aws_vpc.standin.id
}

resource "aws_vpc_security_group_ingress_rule" "endpoints_from_rotation" {
  security_group_id            = aws_security_group.endpoints.id
  description                  = "HTTPS from the rotation function"
  ip_protocol                  = "tcp"
  from_port                    = 443
  to_port                      = 443
  referenced_security_group_id = module.rotation.function_security_group_id
}

module "kms" {
  source = "../../../kms"

  alias                   = "${var.name}-secrets"
  description             = "Database credentials of ${var.name}"
  deletion_window_in_days = 7
  via_services = [
    "secretsmanager.${var.region}.amazonaws.com",
    "lambda.${var.region}.amazonaws.com",
    "sqs.${var.region}.amazonaws.com",
    "sns.${var.region}.amazonaws.com",
  ]
  service_principals = {
    CloudWatchLogs = {
      principal = "logs.${var.region}.amazonaws.com"
      actions   = ["kms:Decrypt*", "kms:Encrypt*", "kms:GenerateDataKey*", "kms:ReEncrypt*", "kms:Describe*"]
      conditions = [{
        test     = "ArnLike"
        variable = "kms:EncryptionContext:aws:logs:arn"
        values   = ["arn:aws:logs:${var.region}:${local.account_id}:log-group:/aws/lambda/*"]
      }]
    }
    AlarmDelivery = {
      principal = "cloudwatch.amazonaws.com"
      actions   = ["kms:Decrypt", "kms:GenerateDataKey*"]
      conditions = [{
        test     = "StringEquals"
        variable = "aws:SourceAccount"
        values   = [local.account_id]
      }]
    }
    EventDelivery = {
      principal = "events.amazonaws.com"
      actions   = ["kms:Decrypt", "kms:GenerateDataKey*"]
      conditions = [{
        test     = "StringEquals"
        variable = "aws:SourceAccount"
        values   = [local.account_id]
      }]
    }
  }
}

# Stands in for the RDS-managed master secret of the database (modules/rds-postgres output
# `master_secret_arn`), which RDS creates and rotates itself.
resource "aws_secretsmanager_secret" "master" {
  #checkov:skip=CKV2_AWS_57:Example stand-in for the RDS-managed master secret, which RDS rotates (manage_master_user_password); no rotation function applies to it.
  name                    = "${var.name}/master"
  kms_key_id              = module.kms.key_arn
  recovery_window_in_days = 0
}

module "rotation" {
  source = "../.."

  name      = "${var.name}-app-db"
  app_users = ["app"]
  database = {
    host              = var.database_host
    dbname            = "app"
    master_secret_arn = aws_secretsmanager_secret.master.arn
  }
  kms_key_arn = module.kms.key_arn

  vpc_id                       = aws_vpc.standin.id
  subnet_ids                   = aws_subnet.data[*].id
  database_security_group_id   = aws_security_group.db.id
  endpoint_security_group_ids  = [aws_security_group.endpoints.id]
  secrets_manager_endpoint_url = "https://secretsmanager.${var.region}.amazonaws.com"
  ca_bundle_path               = "/opt/rds-ca/${var.region}-bundle.pem"
  package_path                 = local.package_path
}
