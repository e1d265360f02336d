# --- Network: egress only to the database (and proxy) port and to the VPC endpoints ------

# With security_group_id the function runs in that group (e.g. the security-group chain's
# rotation group, whose rules already reach the database, proxy and endpoints) and none of the
# group or rules below is created.
resource "aws_security_group" "rotation" {
  count = var.security_group_id == null ? 1 : 0

  name        = local.function_name
  description = "Rotation function of ${var.name}: egress to the database and VPC endpoints only"
  vpc_id      = var.vpc_id
  tags        = var.tags
}

resource "aws_vpc_security_group_egress_rule" "database" {
  count = var.security_group_id == null ? 1 : 0

  security_group_id            = aws_security_group.rotation[0].id
  description                  = "PostgreSQL on the DB instance"
  ip_protocol                  = "tcp"
  from_port                    = var.database.port
  to_port                      = var.database.port
  referenced_security_group_id = var.database_security_group_id
}

resource "aws_vpc_security_group_egress_rule" "proxy" {
  count = var.security_group_id == null && var.rds_proxy != null ? 1 : 0

  security_group_id            = aws_security_group.rotation[0].id
  description                  = "PostgreSQL on the RDS Proxy (testSecret's read-only check)"
  ip_protocol                  = "tcp"
  from_port                    = local.proxy.port
  to_port                      = local.proxy.port
  referenced_security_group_id = var.rds_proxy.security_group_id
}

resource "aws_vpc_security_group_egress_rule" "endpoints" {
  count = var.security_group_id == null ? length(var.endpoint_security_group_ids) : 0

  security_group_id            = aws_security_group.rotation[0].id
  description                  = "HTTPS to interface VPC endpoints (Secrets Manager, KMS, logs)"
  ip_protocol                  = "tcp"
  from_port                    = 443
  to_port                      = 443
  referenced_security_group_id = var.endpoint_security_group_ids[count.index]
}

# --- Logs and dead-letter queue --------------------------------------------------------------

resource "aws_cloudwatch_log_group" "rotation" {
  name              = "/aws/lambda/${local.function_name}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn
  tags              = var.tags
}

resource "aws_sqs_queue" "dlq" {
  name                              = "${local.function_name}-dlq"
  kms_master_key_id                 = var.kms_key_arn
  kms_data_key_reuse_period_seconds = 300
  message_retention_seconds         = 1209600
  tags                              = var.tags
}

# --- Role: exactly what docs/rotation.md lists ---------------------------------------------------

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

data "aws_iam_policy_document" "rotation" {
  statement {
    sid       = "RotateApplicationSecrets"
    actions   = ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue", "secretsmanager:UpdateSecretVersionStage"]
    resources = [for s in aws_secretsmanager_secret.app : s.arn]
  }

  statement {
    sid       = "ReadMasterSecret"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [var.database.master_secret_arn]
  }

  dynamic "statement" {
    for_each = length(local.proxy_logins) == 0 ? [] : [true]
    content {
      sid       = "SyncProxySecrets"
      actions   = ["secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue"]
      resources = [for s in aws_secretsmanager_secret.proxy : s.arn]
    }
  }

  statement {
    sid       = "GeneratePasswords"
    actions   = ["secretsmanager:GetRandomPassword"]
    resources = ["*"]
  }

  statement {
    sid       = "SecretKeysThroughSecretsManager"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = distinct([var.kms_key_arn, local.master_key_arn])

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["secretsmanager.${local.region}.amazonaws.com"]
    }
  }

  statement {
    sid       = "DecryptEnvironment"
    actions   = ["kms:Decrypt"]
    resources = [var.kms_key_arn]

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["lambda.${local.region}.amazonaws.com"]
    }
  }

  statement {
    sid       = "WriteOwnLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.rotation.arn}:*"]
  }

  statement {
    sid       = "DeadLetters"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.dlq.arn]
  }

  statement {
    sid       = "DeadLetterEncryption"
    actions   = ["kms:GenerateDataKey", "kms:Decrypt"]
    resources = [var.kms_key_arn]

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["sqs.${local.region}.amazonaws.com"]
    }
  }

  statement {
    sid       = "Tracing"
    actions   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]
    resources = ["*"]
  }

  # Lambda manages the function's network interfaces with the execution role. Describe
  # calls cannot be scoped; creation is limited to this function's subnets and group.
  statement {
    sid       = "DescribeNetworkInterfaces"
    actions   = ["ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets", "ec2:DescribeVpcs"]
    resources = ["*"]
  }

  statement {
    sid     = "ManageOwnNetworkInterfaces"
    actions = ["ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"]
    resources = concat(
      ["arn:${local.partition}:ec2:${local.region}:${local.account_id}:network-interface/*"],
      [for s in var.subnet_ids : "arn:${local.partition}:ec2:${local.region}:${local.account_id}:subnet/${s}"],
      ["arn:${local.partition}:ec2:${local.region}:${local.account_id}:security-group/${local.security_group_id}"],
    )
  }
}

resource "aws_iam_role" "rotation" {
  name               = local.function_name
  description        = "Rotation of the ${var.name} PostgreSQL application secrets"
  assume_role_policy = data.aws_iam_policy_document.assume.json
  tags               = var.tags
}

resource "aws_iam_role_policy" "rotation" {
  name   = "rotation"
  role   = aws_iam_role.rotation.id
  policy = data.aws_iam_policy_document.rotation.json
}

# --- The function ------------------------------------------------------------------------

resource "aws_lambda_function" "rotation" {
  #checkov:skip=CKV_AWS_272:Code signing needs an AWS Signer profile per account; the zip is built reproducibly from reviewed source and its hash pinned by source_code_hash.
  function_name    = local.function_name
  description      = "Alternating-users PostgreSQL rotation for ${var.name} (lambda_src/rotation_postgres)"
  role             = aws_iam_role.rotation.arn
  runtime          = "python3.12"
  handler          = "rotation_postgres.handler.handler"
  architectures    = ["arm64"]
  filename         = var.package_path
  source_code_hash = filebase64sha256(var.package_path)
  layers           = var.layer_arns
  memory_size      = 256
  timeout          = var.timeout
  kms_key_arn      = var.kms_key_arn

  reserved_concurrent_executions = var.reserved_concurrent_executions

  vpc_config {
    subnet_ids         = var.subnet_ids
    security_group_ids = concat(aws_security_group.rotation[*].id, compact([var.security_group_id]))
  }

  environment {
    variables = {
      PG_CA_BUNDLE             = var.ca_bundle_path
      SECRETS_MANAGER_ENDPOINT = var.secrets_manager_endpoint_url
      PG_ALLOWED_HOSTS         = join(",", local.allowed_hosts)
      PG_CONNECT_TIMEOUT       = "5"
      PROXY_WAIT_SECONDS       = tostring(var.proxy_wait_seconds)
    }
  }

  tracing_config {
    mode = "Active"
  }

  dead_letter_config {
    target_arn = aws_sqs_queue.dlq.arn
  }

  logging_config {
    log_format = "JSON"
    log_group  = aws_cloudwatch_log_group.rotation.name
  }

  tags = var.tags

  depends_on = [aws_iam_role_policy.rotation]
}

resource "aws_lambda_permission" "secretsmanager" {
  for_each = local.users

  statement_id   = "SecretsManagerRotates-${each.key}"
  action         = "lambda:InvokeFunction"
  function_name  = aws_lambda_function.rotation.function_name
  principal      = "secretsmanager.amazonaws.com"
  source_account = local.account_id
  source_arn     = aws_secretsmanager_secret.app[each.key].arn
}
