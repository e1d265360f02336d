data "aws_caller_identity" "current" {}
data "aws_region" "current" {}

locals {
  secret_arns = concat(var.password_auth_secret_arns, var.iam_auth_secret_arns)
  auth = concat(
    [for arn in var.password_auth_secret_arns : { secret_arn = arn, iam_auth = "DISABLED", description = "password (SCRAM) login" }],
    [for arn in var.iam_auth_secret_arns : { secret_arn = arn, iam_auth = "REQUIRED", description = "IAM token login" }],
  )
}

# RDS Proxy writes to /aws/rds/proxy/<name>; creating it first gives it KMS and retention.
resource "aws_cloudwatch_log_group" "this" {
  name              = "/aws/rds/proxy/${var.name}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.log_kms_key_arn
  tags              = var.tags
}

# --- The proxy's role: read the listed secrets, decrypt them only through Secrets Manager ---

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["rds.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

data "aws_iam_policy_document" "secrets" {
  statement {
    sid       = "ReadListedSecrets"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = local.secret_arns
  }

  statement {
    sid       = "DecryptThroughSecretsManager"
    actions   = ["kms:Decrypt"]
    resources = var.secret_kms_key_arns

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["secretsmanager.${data.aws_region.current.name}.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "this" {
  name               = "${var.name}-rds-proxy"
  description        = "RDS Proxy ${var.name}: reads its auth secrets"
  assume_role_policy = data.aws_iam_policy_document.assume.json
  tags               = var.tags
}

resource "aws_iam_role_policy" "secrets" {
  name   = "read-auth-secrets"
  role   = aws_iam_role.this.id
  policy = data.aws_iam_policy_document.secrets.json
}

# --- Proxy, pool and target ---------------------------------------------------------------

resource "aws_db_proxy" "this" {
  name                   = var.name
  engine_family          = "POSTGRESQL"
  role_arn               = aws_iam_role.this.arn
  vpc_subnet_ids         = var.subnet_ids
  vpc_security_group_ids = var.vpc_security_group_ids
  require_tls            = var.require_tls
  idle_client_timeout    = var.idle_client_timeout
  # Debug logging writes statement text (PHI) to the log group: never on.
  debug_logging = false
  tags          = var.tags

  dynamic "auth" {
    for_each = local.auth
    content {
      auth_scheme               = "SECRETS"
      secret_arn                = auth.value.secret_arn
      iam_auth                  = auth.value.iam_auth
      client_password_auth_type = "POSTGRES_SCRAM_SHA_256"
      description               = auth.value.description
    }
  }

  depends_on = [aws_cloudwatch_log_group.this, aws_iam_role_policy.secrets]
}

resource "aws_db_proxy_default_target_group" "this" {
  db_proxy_name = aws_db_proxy.this.name

  connection_pool_config {
    max_connections_percent      = var.max_connections_percent
    max_idle_connections_percent = var.max_idle_connections_percent
    connection_borrow_timeout    = var.connection_borrow_timeout
    session_pinning_filters      = var.session_pinning_filters
  }
}

resource "aws_db_proxy_target" "this" {
  db_proxy_name          = aws_db_proxy.this.name
  target_group_name      = aws_db_proxy_default_target_group.this.name
  db_instance_identifier = var.db_instance_identifier
}

resource "aws_db_proxy_endpoint" "read_only" {
  count = var.read_only_endpoint ? 1 : 0

  db_proxy_name          = aws_db_proxy.this.name
  db_proxy_endpoint_name = "${var.name}-ro"
  vpc_subnet_ids         = var.subnet_ids
  vpc_security_group_ids = var.vpc_security_group_ids
  target_role            = "READ_ONLY"
  tags                   = var.tags
}
