# Two roles with nothing in common. The execution role is used by the ECS agent before
# the application starts (pull the image, create log streams, fetch the named secrets);
# the task role is the application's identity and gets only what the caller grants.
# Neither uses AWS managed policies (AmazonECSTaskExecutionRolePolicy grants ECR and logs
# on "*"). Both trust ECS tasks of this account only (confused-deputy conditions).

locals {
  # valueFrom may carry `:<json-key>:<stage>:<version>` after a secret's ARN; IAM wants the
  # secret itself (the first seven `:`-separated fields).
  secret_arns = distinct([
    for arn in values(var.secrets) : join(":", slice(split(":", arn), 0, 7))
    if startswith(split(":", arn)[2], "secretsmanager")
  ])
  parameter_arns = distinct([for arn in values(var.secrets) : arn if split(":", arn)[2] == "ssm"])
  # ARNs built from names (not read from the resources) keep both role policies known at
  # plan time, so reviews and tests see exactly what each role may do.
  repository_arns = concat(
    var.create_ecr_repository ? ["arn:${local.partition}:ecr:${local.region}:${local.account_id}:repository/${var.name}"] : [],
    var.image_repository_arns,
  )
  log_group_arn_prefix = "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:${local.log_group_prefix}"
}

data "aws_iam_policy_document" "assume_by_ecs_tasks" {
  statement {
    sid     = "EcsTasksOfThisAccount"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = ["arn:${local.partition}:ecs:${local.region}:${local.account_id}:*"]
    }
  }
}

# --- execution role -------------------------------------------------------------------------

resource "aws_iam_role" "execution" {
  name_prefix          = "${substr(var.name, 0, 26)}-exec-"
  description          = "ECS task execution role of ${var.name}: pull the image, write logs, read the named secrets"
  assume_role_policy   = data.aws_iam_policy_document.assume_by_ecs_tasks.json
  max_session_duration = 3600
  tags                 = var.tags
}

data "aws_iam_policy_document" "execution" {
  # GetAuthorizationToken has no resource-level permissions; it only returns a registry
  # login, and every pull is then checked against the repository statement below.
  statement {
    sid       = "EcrLogin"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }

  dynamic "statement" {
    for_each = length(local.repository_arns) > 0 ? [true] : []
    content {
      sid       = "PullReleaseImages"
      actions   = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
      resources = local.repository_arns
    }
  }

  statement {
    sid       = "WriteApplicationLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${local.log_group_arn_prefix}/app:*"]
  }

  dynamic "statement" {
    for_each = length(local.secret_arns) > 0 ? [true] : []
    content {
      sid       = "ReadNamedSecrets"
      actions   = ["secretsmanager:GetSecretValue"]
      resources = local.secret_arns
    }
  }

  dynamic "statement" {
    for_each = length(local.parameter_arns) > 0 ? [true] : []
    content {
      sid       = "ReadNamedParameters"
      actions   = ["ssm:GetParameters"]
      resources = local.parameter_arns
    }
  }

  dynamic "statement" {
    for_each = length(var.secret_kms_key_arns) > 0 ? [true] : []
    content {
      sid       = "DecryptSecretsThroughTheirService"
      actions   = ["kms:Decrypt"]
      resources = var.secret_kms_key_arns

      condition {
        test     = "StringEquals"
        variable = "kms:ViaService"
        values   = ["secretsmanager.${local.region}.amazonaws.com", "ssm.${local.region}.amazonaws.com"]
      }
    }
  }
}

resource "aws_iam_role_policy" "execution" {
  name   = "task-execution"
  role   = aws_iam_role.execution.id
  policy = data.aws_iam_policy_document.execution.json
}

# --- task role ------------------------------------------------------------------------------

resource "aws_iam_role" "task" {
  name_prefix          = "${substr(var.name, 0, 26)}-task-"
  description          = "Application role of ECS service ${var.name}"
  assume_role_policy   = data.aws_iam_policy_document.assume_by_ecs_tasks.json
  max_session_duration = 3600
  tags                 = var.tags
}

resource "aws_iam_role_policy" "application" {
  count = var.task_role_policy_json == null ? 0 : 1

  name   = "application"
  role   = aws_iam_role.task.id
  policy = var.task_role_policy_json
}

data "aws_iam_policy_document" "execute_command" {
  count = var.enable_execute_command ? 1 : 0

  #checkov:skip=CKV_AWS_111:ssmmessages channel actions and logs:DescribeLogGroups have no resource-level permissions; writes to logs are scoped to the exec log group and KMS use to the module's key.
  #checkov:skip=CKV_AWS_356:ssmmessages channel actions and logs:DescribeLogGroups have no resource-level permissions, so "*" is the only resource AWS accepts for them.
  statement {
    sid = "ExecSessionChannels"
    actions = [
      "ssmmessages:CreateControlChannel",
      "ssmmessages:CreateDataChannel",
      "ssmmessages:OpenControlChannel",
      "ssmmessages:OpenDataChannel",
    ]
    resources = ["*"]
  }

  statement {
    sid       = "FindExecLogGroup"
    actions   = ["logs:DescribeLogGroups"]
    resources = ["*"]
  }

  statement {
    sid       = "WriteExecSessionLogs"
    actions   = ["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"]
    resources = ["${local.log_group_arn_prefix}/exec:*"]
  }

  statement {
    sid       = "DecryptExecSessions"
    actions   = ["kms:Decrypt"]
    resources = [local.kms_key_arn]
  }
}

resource "aws_iam_role_policy" "execute_command" {
  count = var.enable_execute_command ? 1 : 0

  name   = "ecs-exec"
  role   = aws_iam_role.task.id
  policy = data.aws_iam_policy_document.execute_command[0].json
}
