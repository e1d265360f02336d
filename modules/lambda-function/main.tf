data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.name

  # ARNs of what the module creates, spelled out so the role policy is known at plan time
  # (and can be asserted on); resources still reference each other for ordering.
  log_group_name = "/aws/lambda/${var.function_name}"
  log_group_arn  = "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:${local.log_group_name}"
  created_dlq    = "arn:${local.partition}:sqs:${local.region}:${local.account_id}:${var.function_name}-dlq"

  create_dlq          = var.enable_dead_letter && var.dead_letter_target_arn == null
  dlq_arn             = !var.enable_dead_letter ? null : local.create_dlq ? local.created_dlq : var.dead_letter_target_arn
  dlq_is_sns          = can(regex("^arn:aws[a-z-]*:sns:", var.dead_letter_target_arn))
  log_kms_key_arn     = coalesce(var.log_kms_key_arn, var.kms_key_arn)
  create_signing      = length(var.signing_profile_version_arns) > 0
  code_signing_config = local.create_signing ? aws_lambda_code_signing_config.this[0].arn : var.code_signing_config_arn

  tags = merge(
    var.tags,
    var.reserved_concurrent_executions == null ? { UnreservedConcurrencyReason = var.unreserved_concurrency_reason } : {},
  )
}

# --- Logs: the function's own group, encrypted, retained -----------------------------------
# Created here (not by Lambda on first invoke) so it is KMS-encrypted and retained from the
# start; the role may write to it but cannot create log groups.

resource "aws_cloudwatch_log_group" "this" {
  name              = local.log_group_name
  retention_in_days = var.log_retention_days
  kms_key_id        = local.log_kms_key_arn
  tags              = local.tags
}

# --- Dead-letter queue for failed asynchronous invocations -----------------------------------

resource "aws_sqs_queue" "dlq" {
  count = local.create_dlq ? 1 : 0

  name                              = "${var.function_name}-dlq"
  kms_master_key_id                 = var.kms_key_arn
  kms_data_key_reuse_period_seconds = 300
  message_retention_seconds         = var.dlq_message_retention_seconds
  tags                              = local.tags
}

# --- Role ---------------------------------------------------------------------------------------

data "aws_iam_policy_document" "assume" {
  statement {
    sid     = "LambdaAssumesForThisAccount"
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

resource "aws_iam_role" "this" {
  name                 = var.function_name
  description          = "Execution role of the ${var.function_name} Lambda function"
  assume_role_policy   = data.aws_iam_policy_document.assume.json
  permissions_boundary = var.permissions_boundary_arn
  tags                 = local.tags
}

# The caller's policy_json plus what running needs, nothing more: no logs:CreateLogGroup, no
# wildcard resources except for actions that cannot be scoped (X-Ray segments, EC2
# Describe*). One document (source_policy_documents), so a policy_json that is only known
# after apply (it names resources created in the same run) needs no count.
data "aws_iam_policy_document" "function" {
  source_policy_documents = var.policy_json == null ? [] : [var.policy_json]

  statement {
    sid       = "WriteOwnLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${local.log_group_arn}:*"]
  }

  statement {
    sid       = "DecryptOwnEnvironment"
    actions   = ["kms:Decrypt"]
    resources = [var.kms_key_arn]

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["lambda.${local.region}.amazonaws.com"]
    }
  }

  dynamic "statement" {
    for_each = var.enable_dead_letter ? [true] : []
    content {
      sid       = "SendFailedEvents"
      actions   = [local.dlq_is_sns ? "sns:Publish" : "sqs:SendMessage"]
      resources = [local.dlq_arn]
    }
  }

  dynamic "statement" {
    for_each = local.create_dlq ? [true] : []
    content {
      sid       = "EncryptFailedEvents"
      actions   = ["kms:GenerateDataKey", "kms:Decrypt"]
      resources = [var.kms_key_arn]

      condition {
        test     = "StringEquals"
        variable = "kms:ViaService"
        values   = ["sqs.${local.region}.amazonaws.com"]
      }
    }
  }

  statement {
    sid       = "Tracing"
    actions   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]
    resources = ["*"]
  }

  # Lambda creates the function's network interfaces with this role. Describe calls cannot
  # be scoped; creating and deleting interfaces is limited to the function's subnets and
  # security groups (narrower than the AWS-managed AWSLambdaVPCAccessExecutionRole).
  dynamic "statement" {
    for_each = var.vpc_config == null ? [] : [true]
    content {
      sid       = "DescribeNetwork"
      actions   = ["ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets", "ec2:DescribeVpcs"]
      resources = ["*"]
    }
  }

  dynamic "statement" {
    for_each = var.vpc_config == null ? [] : [var.vpc_config]
    content {
      sid     = "ManageOwnNetworkInterfaces"
      actions = ["ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"]
      resources = concat(
        ["arn:${local.partition}:ec2:${local.region}:${local.account_id}:network-interface/*"],
        [for s in statement.value.subnet_ids : "arn:${local.partition}:ec2:${local.region}:${local.account_id}:subnet/${s}"],
        [for g in statement.value.security_group_ids : "arn:${local.partition}:ec2:${local.region}:${local.account_id}:security-group/${g}"],
      )
    }
  }
}

resource "aws_iam_role_policy" "function" {
  name   = "function"
  role   = aws_iam_role.this.id
  policy = data.aws_iam_policy_document.function.json
}

# --- Code signing (optional) --------------------------------------------------------------------

resource "aws_lambda_code_signing_config" "this" {
  count = local.create_signing ? 1 : 0

  description = "Signed packages only for ${var.function_name}"

  allowed_publishers {
    signing_profile_version_arns = var.signing_profile_version_arns
  }

  policies {
    untrusted_artifact_on_deployment = var.untrusted_artifact_on_deployment
  }
}

# --- The function ------------------------------------------------------------------------------

resource "aws_lambda_function" "this" {
  #checkov:skip=CKV_AWS_272:Signing is opt-in (code_signing_config_arn, or signing_profile_version_arns to create the config here) because a signature comes from the team's AWS Signer profile and signing job in the release pipeline; an unsigned package is a reproducible zip whose SHA-256 is pinned in the plan by source_code_hash.
  #checkov:skip=CKV_AWS_117:VPC placement is the required vpc_config input: callers must write vpc_config = null to run outside a VPC, so only functions that reach nothing but AWS APIs (IAM-authorised, TLS) run in the Lambda service network; module tests assert that omitting it fails.
  function_name                  = var.function_name
  description                    = var.description
  role                           = aws_iam_role.this.arn
  runtime                        = var.runtime
  handler                        = var.handler
  architectures                  = [var.architecture]
  filename                       = var.package_path
  source_code_hash               = filebase64sha256(var.package_path)
  memory_size                    = var.memory_size
  timeout                        = var.timeout
  publish                        = true
  kms_key_arn                    = var.kms_key_arn
  reserved_concurrent_executions = var.reserved_concurrent_executions == null ? -1 : var.reserved_concurrent_executions
  code_signing_config_arn        = local.code_signing_config

  dynamic "environment" {
    for_each = length(var.environment) > 0 ? [var.environment] : []
    content {
      variables = environment.value
    }
  }

  dynamic "vpc_config" {
    for_each = var.vpc_config == null ? [] : [var.vpc_config]
    content {
      subnet_ids         = vpc_config.value.subnet_ids
      security_group_ids = vpc_config.value.security_group_ids
    }
  }

  tracing_config {
    mode = var.tracing_mode
  }

  dynamic "dead_letter_config" {
    for_each = var.enable_dead_letter ? [true] : []
    content {
      target_arn = local.create_dlq ? aws_sqs_queue.dlq[0].arn : var.dead_letter_target_arn
    }
  }

  # JSON logs with levels, into the module's group. Text (the Lambda default) needs no
  # logging_config: Lambda then writes to /aws/lambda/<name>, which is the same group.
  dynamic "logging_config" {
    for_each = var.log_format == "JSON" ? [true] : []
    content {
      log_format            = "JSON"
      log_group             = aws_cloudwatch_log_group.this.name
      application_log_level = var.application_log_level
      system_log_level      = "INFO"
    }
  }

  tags = local.tags

  # The role must be able to write logs and dead letters before the first invocation, and
  # the encrypted, retained log group must exist before Lambda would create a default one.
  depends_on = [aws_iam_role_policy.function, aws_cloudwatch_log_group.this]
}

# --- Releases: the `live` alias, optionally split between two published versions ---------------

resource "aws_lambda_alias" "live" {
  name             = "live"
  description      = "What callers invoke; moves between published versions for blue/green releases"
  function_name    = aws_lambda_function.this.function_name
  function_version = coalesce(var.live_version, aws_lambda_function.this.version)

  dynamic "routing_config" {
    for_each = var.canary == null ? [] : [var.canary]
    content {
      additional_version_weights = { (routing_config.value.version) = routing_config.value.weight }
    }
  }

  lifecycle {
    precondition {
      condition     = var.canary == null || try(var.canary.version != coalesce(var.live_version, aws_lambda_function.this.version), true)
      error_message = "canary.version must differ from the version the live alias serves (live_version, or the version this apply publishes)."
    }
  }
}
