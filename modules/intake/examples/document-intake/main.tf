# Document intake as a clinic runs it: patients upload through an authenticated endpoint
# into the PHI bucket, S3 events reach the processing function through an encrypted queue
# with a dead-letter queue, doctors are notified on an encrypted topic, and alarms go to an
# encrypted alarm topic. The database login secret and its key belong to the data tier and
# the patient user pool to the identity stack (modules/cognito); a live unit passes their
# outputs in, and the example names them, which is all the module uses.
provider "aws" {
  region = var.region
}

data "aws_caller_identity" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  suffix     = local.account_id
}

module "kms" {
  source = "../../../kms"

  alias                   = "${var.name}-intake"
  description             = "Intake bucket, queue, topics, functions and logs (${var.name})"
  deletion_window_in_days = 7
  via_services = [
    "s3.${var.region}.amazonaws.com",
    "lambda.${var.region}.amazonaws.com",
    "sqs.${var.region}.amazonaws.com",
    "sns.${var.region}.amazonaws.com",
    "secretsmanager.${var.region}.amazonaws.com",
  ]
  service_principals = {
    CloudWatchLogs = {
      principal = "logs.${var.region}.amazonaws.com"
      actions   = ["kms:Decrypt*", "kms:Describe*", "kms:Encrypt*", "kms:GenerateDataKey*", "kms:ReEncrypt*"]
      conditions = [{
        test     = "ArnLike"
        variable = "kms:EncryptionContext:aws:logs:arn"
        values   = ["arn:aws:logs:${var.region}:${local.account_id}:log-group:*"]
      }]
    }
    CloudWatchAlarms = {
      principal = "cloudwatch.amazonaws.com"
      actions   = ["kms:Decrypt", "kms:GenerateDataKey*"]
      conditions = [{
        test     = "StringEquals"
        variable = "aws:SourceAccount"
        values   = [local.account_id]
      }]
    }
    S3EventNotifications = {
      principal = "s3.amazonaws.com"
      actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
      conditions = [{
        test     = "StringEquals"
        variable = "aws:SourceAccount"
        values   = [local.account_id]
      }]
    }
  }
}

# -- the access-log bucket (the account's logging stack in a live tree) ----------------------

module "access_logs" {
  source = "../../../s3-bucket"

  name    = "${var.name}-intake-logs-${local.suffix}"
  profile = "log"
  log_delivery = {
    s3_server_access_logs = true
    source_bucket_arns    = ["arn:aws:s3:::${var.name}-intake-${local.suffix}"]
  }
  expiration_days           = 2557
  eventbridge_notifications = var.enable_eventbridge_notifications
  force_destroy             = var.force_destroy_logs
}

# -- network: two private subnets without an internet route, one security group -----------

resource "aws_vpc" "this" {
  cidr_block           = "10.41.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true
  tags                 = { Name = "${var.name}-intake" }
}

resource "aws_subnet" "private" {
  for_each          = { a = "10.41.1.0/24", b = "10.41.2.0/24" }
  vpc_id            = aws_vpc.this.id
  cidr_block        = each.value
  availability_zone = "${var.region}${each.key}"
  tags              = { Name = "${var.name}-intake-private-${each.key}" }
}

resource "aws_default_security_group" "this" {
  vpc_id = aws_vpc.this.id
}

resource "aws_security_group" "functions" {
  #checkov:skip=CKV2_AWS_5:Attached to the two intake functions through module.intake's vpc_config input; checkov's graph does not follow module variables.
  name        = "${var.name}-intake-functions"
  description = "Intake functions: HTTPS to AWS endpoints and PostgreSQL inside the VPC only"
  vpc_id      = aws_vpc.this.id

  egress {
    description = "PostgreSQL (RDS Proxy) inside the VPC"
    from_port   = 5432
    to_port     = 5432
    protocol    = "tcp"
    cidr_blocks = [aws_vpc.this.cidr_block]
  }

  egress {
    description = "HTTPS to the VPC endpoints (S3, SQS, SNS, Secrets Manager, Textract)"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = [aws_vpc.this.cidr_block]
  }
}

resource "aws_flow_log" "this" {
  vpc_id               = aws_vpc.this.id
  traffic_type         = "ALL"
  log_destination_type = "cloud-watch-logs"
  log_destination      = aws_cloudwatch_log_group.flow.arn
  iam_role_arn         = aws_iam_role.flow.arn
}

resource "aws_cloudwatch_log_group" "flow" {
  name              = "/vpc/${var.name}-intake"
  retention_in_days = 365
  kms_key_id        = module.kms.key_arn
}

data "aws_iam_policy_document" "flow_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["vpc-flow-logs.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

resource "aws_iam_role" "flow" {
  name               = "${var.name}-intake-flow-logs"
  assume_role_policy = data.aws_iam_policy_document.flow_trust.json
}

data "aws_iam_policy_document" "flow" {
  statement {
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]
    resources = ["${aws_cloudwatch_log_group.flow.arn}:*"]
  }
}

resource "aws_iam_role_policy" "flow" {
  role   = aws_iam_role.flow.id
  policy = data.aws_iam_policy_document.flow.json
}

# -- alarms ------------------------------------------------------------------------------------

module "alarms" {
  source = "../../../sns-topic"

  name        = "${var.name}-intake-alarms"
  kms_key_arn = module.kms.key_arn
}

# -- the workflow ------------------------------------------------------------------------------

module "intake" {
  source = "../.."

  name              = "${var.name}-intake"
  bucket_name       = "${var.name}-intake-${local.suffix}"
  kms_key_arn       = module.kms.key_arn
  access_log_bucket = module.access_logs.bucket_id
  vpc_config = {
    subnet_ids         = [for s in aws_subnet.private : s.id]
    security_group_ids = [aws_security_group.functions.id]
  }
  database = {
    secret_arn         = "arn:aws:secretsmanager:${var.region}:${local.account_id}:secret:${var.name}/db/intake-${var.data_tier_secret_suffix}"
    secret_kms_key_arn = "arn:aws:kms:${var.region}:${local.account_id}:key/${var.data_tier_key_id}"
  }
  jwt = {
    issuer   = "https://cognito-idp.${var.region}.amazonaws.com/${var.patient_user_pool_id}"
    audience = [var.patient_portal_client_id]
  }
  alarm_actions          = [module.alarms.topic_arn]
  quarantine_reader_arns = ["arn:aws:iam::${local.account_id}:role/${var.name}-security-review"]

  enable_eventbridge_notifications = var.enable_eventbridge_notifications
  enable_dead_letter               = var.enable_dead_letter
  log_format                       = var.log_format

  tags = {
    DataClassification = "PHI"
  }
}
