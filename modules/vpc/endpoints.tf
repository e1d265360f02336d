# VPC endpoints: the S3 gateway endpoint on the app route tables, and interface endpoints in
# the app subnets. Every endpoint policy admits only principals of this account, so stolen
# credentials of another account cannot use this VPC's endpoints to move data out.

locals {
  # IAM service prefix of each endpoint service this module knows (the allow-list behind
  # var.interface_endpoints); the endpoint policy allows only that service's actions.
  endpoint_iam_prefix = {
    "secretsmanager"       = "secretsmanager"
    "kms"                  = "kms"
    "logs"                 = "logs"
    "sts"                  = "sts"
    "ecr.api"              = "ecr"
    "ecr.dkr"              = "ecr"
    "ssm"                  = "ssm"
    "ssmmessages"          = "ssmmessages"
    "ec2messages"          = "ec2messages"
    "monitoring"           = "cloudwatch"
    "sqs"                  = "sqs"
    "sns"                  = "sns"
    "ec2"                  = "ec2"
    "ecs"                  = "ecs"
    "ecs-agent"            = "ecs"
    "ecs-telemetry"        = "ecs"
    "rds"                  = "rds"
    "elasticloadbalancing" = "elasticloadbalancing"
    "events"               = "events"
    "lambda"               = "lambda"
    "states"               = "states"
    "xray"                 = "xray"
    "execute-api"          = "execute-api"
    "kinesis-firehose"     = "firehose"
    "backup"               = "backup"
    "elasticache"          = "elasticache"
    "athena"               = "athena"
    "glue"                 = "glue"
    "sagemaker.api"        = "sagemaker"
    "textract"             = "textract"
    "comprehendmedical"    = "comprehendmedical"
    "transcribe"           = "transcribe"
  }

  # ECR serves image layers from an AWS-owned bucket through S3; without this statement
  # image pulls through the S3 gateway endpoint fail (AWS: "Amazon ECR interface VPC
  # endpoints", minimum S3 bucket permissions).
  ecr_layer_bucket_arn = "arn:${local.partition}:s3:::prod-${local.region}-starport-layer-bucket/*"
}

data "aws_iam_policy_document" "s3_endpoint" {
  statement {
    sid       = "OnlyPrincipalsOfThisAccount"
    effect    = "Allow"
    actions   = ["s3:*"]
    resources = ["*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalAccount"
      values   = [local.account_id]
    }
  }

  dynamic "statement" {
    for_each = contains(var.interface_endpoints, "ecr.dkr") ? [true] : []
    content {
      sid       = "EcrImageLayers"
      effect    = "Allow"
      actions   = ["s3:GetObject"]
      resources = [local.ecr_layer_bucket_arn]

      principals {
        type        = "*"
        identifiers = ["*"]
      }
    }
  }
}

resource "aws_vpc_endpoint" "s3" {
  vpc_id            = aws_vpc.this.id
  service_name      = "com.amazonaws.${local.region}.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = [for az in var.availability_zones : aws_route_table.app[az].id]
  policy            = data.aws_iam_policy_document.s3_endpoint.json
  tags              = merge(var.tags, { Name = "${var.name}-s3" })
}

# --- Interface endpoints ------------------------------------------------------------------

data "aws_vpc_endpoint_service" "interface" {
  for_each = var.interface_endpoints

  service_name = "com.amazonaws.${local.region}.${each.key}"
  service_type = "Interface"
}

data "aws_iam_policy_document" "interface_endpoint" {
  for_each = var.interface_endpoints

  statement {
    sid       = "OnlyPrincipalsOfThisAccount"
    effect    = "Allow"
    actions   = ["${local.endpoint_iam_prefix[each.key]}:*"]
    resources = ["*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalAccount"
      values   = [local.account_id]
    }
  }
}

resource "aws_security_group" "endpoints" {
  count = length(var.endpoint_security_group_ids) == 0 ? 1 : 0

  name        = "${var.name}-vpc-endpoints"
  description = "Interface VPC endpoints of ${var.name}: HTTPS from inside the VPC only"
  vpc_id      = aws_vpc.this.id
  tags        = merge(var.tags, { Name = "${var.name}-vpc-endpoints" })
}

# Off with endpoints_admit_vpc_cidr = false: the group then admits only what the
# security-group chain (modules/security-groups `endpoints_security_group_id`) puts on it.
resource "aws_vpc_security_group_ingress_rule" "endpoints_https_from_vpc" {
  count = length(var.endpoint_security_group_ids) == 0 && var.endpoints_admit_vpc_cidr ? 1 : 0

  security_group_id = aws_security_group.endpoints[0].id
  description       = "HTTPS to AWS service endpoints from inside the VPC"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = aws_vpc.this.cidr_block
  tags              = var.tags
}

resource "aws_vpc_endpoint" "interface" {
  for_each = var.interface_endpoints

  vpc_id              = aws_vpc.this.id
  service_name        = data.aws_vpc_endpoint_service.interface[each.key].service_name
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  subnet_ids          = [for az in var.availability_zones : aws_subnet.app[az].id]
  security_group_ids  = length(var.endpoint_security_group_ids) > 0 ? var.endpoint_security_group_ids : [aws_security_group.endpoints[0].id]
  # Services without endpoint-policy support always allow full access; AWS rejects a policy.
  policy = data.aws_vpc_endpoint_service.interface[each.key].vpc_endpoint_policy_supported ? data.aws_iam_policy_document.interface_endpoint[each.key].json : null
  tags   = merge(var.tags, { Name = "${var.name}-${each.key}" })
}
