# A PHI PostgreSQL instance with the module's defaults: Multi-AZ, CMK-encrypted gp3 with
# autoscaling, TLS-only parameter group with connection/slow-statement/pgaudit logging,
# 35 days of backups, deletion protection, PI + enhanced monitoring, KMS log groups.
# The network is the minimum the module needs: a VPC, two private data subnets, one SG.
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

resource "aws_vpc" "standin" {
  #checkov:skip=CKV2_AWS_11:Example stand-in for the network tier (modules/vpc), which owns the VPC and its flow logs; this example only needs two private subnets.
  cidr_block = "10.40.0.0/16"
  tags       = { Name = "${var.name}-db" }
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

resource "aws_security_group" "db" {
  #checkov:skip=CKV2_AWS_5:Attached to the DB instance through module.db's vpc_security_group_ids; checkov's plan graph does not follow references through module variables.
  name        = "${var.name}-db"
  description = "PostgreSQL of ${var.name}: 5432 from inside the VPC only"
  vpc_id      = aws_vpc.standin.id
}

resource "aws_vpc_security_group_ingress_rule" "db" {
  security_group_id = aws_security_group.db.id
  description       = "PostgreSQL from the VPC"
  ip_protocol       = "tcp"
  from_port         = 5432
  to_port           = 5432
  cidr_ipv4         = aws_vpc.standin.cidr_block
}

module "kms" {
  source = "../../../kms"

  alias                   = "${var.name}-db"
  description             = "PHI in the ${var.name} PostgreSQL database"
  deletion_window_in_days = 7
  via_services            = ["rds.${var.region}.amazonaws.com", "secretsmanager.${var.region}.amazonaws.com"]
  service_principals = {
    CloudWatchLogs = {
      principal = "logs.${var.region}.amazonaws.com"
      actions   = ["kms:Decrypt*", "kms:Encrypt*", "kms:GenerateDataKey*", "kms:ReEncrypt*", "kms:Describe*"]
      conditions = [{
        test     = "ArnLike"
        variable = "kms:EncryptionContext:aws:logs:arn"
        values   = ["arn:aws:logs:${var.region}:${data.aws_caller_identity.current.account_id}:log-group:/aws/rds/*"]
      }]
    }
  }
}

module "db" {
  source = "../.."

  identifier             = "${var.name}-db"
  kms_key_arn            = module.kms.key_arn
  subnet_ids             = aws_subnet.data[*].id
  vpc_security_group_ids = [aws_security_group.db.id]

  performance_insights_enabled = var.performance_insights_enabled
  deletion_protection          = var.deletion_protection
}
