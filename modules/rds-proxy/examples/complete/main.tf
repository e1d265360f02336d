# The whole data tier for one application: PostgreSQL (modules/rds-postgres) with a read
# replica, application credentials rotated by lambda_src/rotation_postgres
# (modules/secrets-rotation), and an RDS Proxy that applications connect through, which
# authenticates each user with the proxy auth secrets the rotation keeps in sync, or with IAM.
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

# --- Minimum network (the network tier's modules/vpc provides these in the live tree) -------

resource "aws_vpc" "standin" {
  #checkov:skip=CKV2_AWS_11:Example stand-in for the network tier (modules/vpc), which owns the VPC and its flow logs; this example only needs two private subnets.
  cidr_block = "10.43.0.0/16"
  tags       = { Name = "${var.name}-data" }
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

resource "aws_security_group" "app" {
  #checkov:skip=CKV2_AWS_5:Stand-in for the application tier's group (modules/ecs-fargate attaches it); here it only names the proxy's allowed client.
  name        = "${var.name}-app"
  description = "Application tasks of ${var.name}: may reach the proxy"
  vpc_id      = aws_vpc.standin.id
}

resource "aws_security_group" "proxy" {
  #checkov:skip=CKV2_AWS_5:Attached to the proxy through module.rotation's rds_proxy (modules/rds-proxy vpc_security_group_ids); checkov's plan graph does not follow references through module variables.
  name        = "${var.name}-proxy"
  description = "RDS Proxy of ${var.name}"
  vpc_id      = aws_vpc.standin.id
}

resource "aws_security_group" "db" {
  #checkov:skip=CKV2_AWS_5:Attached to the DB instance through module.db's vpc_security_group_ids; checkov's plan graph does not follow references through module variables.
  name        = "${var.name}-db"
  description = "PostgreSQL of ${var.name}: only the proxy and the rotation function"
  vpc_id      = aws_vpc.standin.id
}

resource "aws_security_group" "endpoints" {
  #checkov:skip=CKV2_AWS_5:Stand-in for the security group of the network tier's interface endpoints, which attaches it.
  name        = "${var.name}-endpoints"
  description = "Interface VPC endpoints of ${var.name}"
  vpc_id      = aws_vpc.standin.id
}

resource "aws_vpc_security_group_egress_rule" "app_to_proxy" {
  security_group_id            = aws_security_group.app.id
  description                  = "PostgreSQL through the proxy"
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = aws_security_group.proxy.id
}

resource "aws_vpc_security_group_ingress_rule" "proxy_from_app" {
  security_group_id            = aws_security_group.proxy.id
  description                  = "PostgreSQL from the application"
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = aws_security_group.app.id
}

resource "aws_vpc_security_group_ingress_rule" "proxy_from_rotation" {
  security_group_id            = aws_security_group.proxy.id
  description                  = "PostgreSQL from the rotation function (testSecret through the proxy)"
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = module.rotation.function_security_group_id
}

resource "aws_vpc_security_group_egress_rule" "proxy_to_db" {
  security_group_id            = aws_security_group.proxy.id
  description                  = "PostgreSQL to the database"
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = aws_security_group.db.id
}

resource "aws_vpc_security_group_ingress_rule" "db_from_proxy" {
  security_group_id            = aws_security_group.db.id
  description                  = "PostgreSQL from the proxy"
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = aws_security_group.proxy.id
}

resource "aws_vpc_security_group_ingress_rule" "db_from_rotation" {
  security_group_id            = aws_security_group.db.id
  description                  = "PostgreSQL from the rotation function"
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = module.rotation.function_security_group_id
}

resource "aws_vpc_security_group_ingress_rule" "endpoints_from_rotation" {
  security_group_id            = aws_security_group.endpoints.id
  description                  = "HTTPS from the rotation function"
  ip_protocol                  = "tcp"
  from_port                    = 443
  to_port                      = 443
  referenced_security_group_id = module.rotation.function_security_group_id
}

# --- One customer key for the tier --------------------------------------------------------

module "kms" {
  source = "../../../kms"

  alias                   = "${var.name}-data"
  description             = "PHI in the ${var.name} data tier"
  deletion_window_in_days = 7
  via_services = [
    "rds.${var.region}.amazonaws.com",
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
        values = [
          "arn:aws:logs:${var.region}:${local.account_id}:log-group:/aws/rds/*",
          "arn:aws:logs:${var.region}:${local.account_id}:log-group:/aws/lambda/*",
        ]
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

# --- Database, rotation, proxy -----------------------------------------------------------------

module "db" {
  source = "../../../rds-postgres"

  identifier             = "${var.name}-db"
  kms_key_arn            = module.kms.key_arn
  subnet_ids             = aws_subnet.data[*].id
  vpc_security_group_ids = [aws_security_group.db.id]
  read_replica           = var.read_replica ? {} : null

  performance_insights_enabled = var.performance_insights_enabled
  deletion_protection          = var.deletion_protection
}

module "rotation" {
  source = "../../../secrets-rotation"

  name      = "${var.name}-app-db"
  app_users = ["app"]
  database = {
    host              = module.db.db_instance_address
    port              = module.db.db_instance_port
    dbname            = module.db.db_instance_name
    master_secret_arn = module.db.master_secret_arn
  }
  # The proxy is built inside the rotation module (modules/rds-proxy), from the proxy auth
  # secrets the rotation keeps in sync; each application secret names its endpoint.
  rds_proxy = {
    name                   = "${var.name}-proxy"
    db_instance_identifier = module.db.db_instance_identifier
    subnet_ids             = aws_subnet.data[*].id
    security_group_id      = aws_security_group.proxy.id
    read_only_endpoint     = var.read_replica
  }
  kms_key_arn = module.kms.key_arn

  vpc_id                       = aws_vpc.standin.id
  subnet_ids                   = aws_subnet.data[*].id
  database_security_group_id   = aws_security_group.db.id
  endpoint_security_group_ids  = [aws_security_group.endpoints.id]
  secrets_manager_endpoint_url = "https://secretsmanager.${var.region}.amazonaws.com"
  # The RDS regional bundle plus Amazon Root CA 1-4 (the proxy's certificate), from a layer.
  ca_bundle_path = "/opt/rds-ca/${var.region}-bundle-with-amazon-roots.pem"
  package_path   = local.package_path
}
