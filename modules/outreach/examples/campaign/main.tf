# A vaccination outreach campaign as a clinic runs it: the four functions in the database's
# VPC, the send queue with its dead-letter queue, the weekly schedule, and alarms to an
# encrypted topic. The database login secrets, their key and the report bucket belong to the
# data tier, the SES domain and its TLS-only configuration set to the account's mail stack
# (modules/ses); a live unit passes their outputs in, and the example names them by ARN,
# which is all the module uses.
provider "aws" {
  region = var.region
}

data "aws_caller_identity" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  data_tier  = "arn:aws:secretsmanager:${var.region}:${local.account_id}:secret:${var.name}/db"
}

module "kms" {
  source = "../../../kms"

  alias                   = "${var.name}-outreach"
  description             = "Outreach functions, send queue, link keys and alarms (${var.name})"
  deletion_window_in_days = 7
  via_services = [
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
  }
}

# -- network: two private subnets without an internet route, one security group -----------

resource "aws_vpc" "this" {
  cidr_block           = "10.40.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true
  tags                 = { Name = "${var.name}-outreach" }
}

resource "aws_subnet" "private" {
  for_each          = { a = "10.40.1.0/24", b = "10.40.2.0/24" }
  vpc_id            = aws_vpc.this.id
  cidr_block        = each.value
  availability_zone = "${var.region}${each.key}"
  tags              = { Name = "${var.name}-private-${each.key}" }
}

resource "aws_default_security_group" "this" {
  vpc_id = aws_vpc.this.id
}

resource "aws_security_group" "functions" {
  #checkov:skip=CKV2_AWS_5:Attached to the four outreach functions through module.outreach's vpc_config input; checkov's graph does not follow module variables.
  name        = "${var.name}-outreach-functions"
  description = "Outreach functions: HTTPS to AWS endpoints and PostgreSQL inside the VPC only"
  vpc_id      = aws_vpc.this.id

  egress {
    description = "PostgreSQL (RDS Proxy) inside the VPC"
    from_port   = 5432
    to_port     = 5432
    protocol    = "tcp"
    cidr_blocks = [aws_vpc.this.cidr_block]
  }

  egress {
    description = "HTTPS to the VPC interface endpoints (SQS, SNS, SES, Secrets Manager)"
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
  name              = "/vpc/${var.name}-outreach"
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
  name               = "${var.name}-outreach-flow-logs"
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

# -- alarms ---------------------------------------------------------------------

module "alarms" {
  source = "../../../sns-topic"

  name        = "${var.name}-outreach-alarms"
  kms_key_arn = module.kms.key_arn
}

# -- the workflow --------------------------------------------------------------------------

module "outreach" {
  source = "../.."

  name        = "${var.name}-outreach"
  kms_key_arn = module.kms.key_arn
  vpc_config = {
    subnet_ids         = [for s in aws_subnet.private : s.id]
    security_group_ids = [aws_security_group.functions.id]
  }
  database = {
    outreach_secret_arn = "${local.data_tier}/outreach-${var.data_tier_secret_suffix}"
    redeem_secret_arn   = "${local.data_tier}/redeem-${var.data_tier_secret_suffix}"
    secret_kms_key_arn  = "arn:aws:kms:${var.region}:${local.account_id}:key/${var.data_tier_key_id}"
  }
  email = {
    from_address           = "outreach@${var.email_domain}"
    identity_arn           = "arn:aws:ses:${var.region}:${local.account_id}:identity/${var.email_domain}"
    configuration_set_name = var.ses_configuration_set_name
    configuration_set_arn  = "arn:aws:ses:${var.region}:${local.account_id}:configuration-set/${var.ses_configuration_set_name}"
  }
  link_base_url = var.link_base_url
  report_bucket = {
    arn         = "arn:aws:s3:::${var.report_bucket_name}"
    kms_key_arn = "arn:aws:kms:${var.region}:${local.account_id}:key/${var.data_tier_key_id}"
  }
  alarm_actions = [module.alarms.topic_arn]

  enable_dead_letter = var.enable_dead_letter
  log_format         = var.log_format

  tags = {
    DataClassification = "PHI"
  }
}
