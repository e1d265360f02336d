data "aws_partition" "current" {}
data "aws_caller_identity" "current" {}

locals {
  major_version  = split(".", var.engine_version)[0]
  log_exports    = ["postgresql", "upgrade"]
  replica_id     = "${var.identifier}-replica"
  instance_names = var.read_replica == null ? [var.identifier] : [var.identifier, local.replica_id]

  # What the platform enforces on every PHI database. Static parameters (RDS rejects an
  # immediate apply for them) say `pending-reboot`; a dynamic one set to `pending-reboot`
  # would instead re-plan forever, because RDS reports it back as applied immediately.
  enforced_parameters = [
    # TLS only (CKV2_AWS_69), TLS 1.2 or later, SCRAM verifiers for new passwords.
    { name = "rds.force_ssl", value = "1", apply_method = "immediate" },
    { name = "ssl_min_protocol_version", value = "TLSv1.2", apply_method = "immediate" },
    { name = "password_encryption", value = "scram-sha-256", apply_method = "immediate" },
    # Who connected and for how long (HIPAA audit controls).
    { name = "log_connections", value = "1", apply_method = "immediate" },
    { name = "log_disconnections", value = "1", apply_method = "immediate" },
    # Slow statements (CKV2_AWS_30 query logging) and DDL; never `all`, which logs PHI values.
    { name = "log_min_duration_statement", value = tostring(var.log_min_duration_statement_ms), apply_method = "immediate" },
    { name = "log_statement", value = "ddl", apply_method = "immediate" },
    # pgaudit: loaded at start-up (static), session audit of the chosen classes, no bind values.
    { name = "shared_preload_libraries", value = "pg_stat_statements,pgaudit", apply_method = "pending-reboot" },
    { name = "pgaudit.log", value = join(",", var.pgaudit_log), apply_method = "immediate" },
    { name = "pgaudit.role", value = "rds_pgaudit", apply_method = "immediate" },
    { name = "pgaudit.log_parameter", value = "0", apply_method = "immediate" },
  ]
}

# --- The subnets must be private data-tier subnets ------------------------------------
# Read at plan time when the subnets already exist (the network tier is its own unit);
# otherwise at apply, before the subnet group is created.

data "aws_subnet" "data" {
  count = var.verify_subnet_tier ? length(var.subnet_ids) : 0
  id    = var.subnet_ids[count.index]

  lifecycle {
    postcondition {
      condition     = !self.map_public_ip_on_launch
      error_message = "subnet_ids must be private data-tier subnets: ${self.id} assigns public IPs on launch (a public subnet)."
    }
    postcondition {
      condition     = contains(["data", "database", "db"], lower(lookup(self.tags, "Tier", "data")))
      error_message = "subnet_ids must be private data-tier subnets: ${self.id} is tagged Tier = ${lookup(self.tags, "Tier", "")}."
    }
  }
}

data "aws_route_tables" "internet_routed" {
  count  = var.verify_subnet_tier ? length(var.subnet_ids) : 0
  vpc_id = data.aws_subnet.data[count.index].vpc_id

  filter {
    name   = "association.subnet-id"
    values = [data.aws_subnet.data[count.index].id]
  }

  filter {
    name   = "route.gateway-id"
    values = ["igw-*"]
  }

  lifecycle {
    postcondition {
      condition     = length(self.ids) == 0
      error_message = "subnet_ids must be private data-tier subnets: ${var.subnet_ids[count.index]} routes to an internet gateway (a public subnet)."
    }
  }
}

resource "aws_db_subnet_group" "this" {
  name        = var.identifier
  description = "Data-tier subnets of ${var.identifier}"
  subnet_ids  = var.verify_subnet_tier ? data.aws_subnet.data[*].id : var.subnet_ids
  tags        = var.tags

  depends_on = [data.aws_route_tables.internet_routed]
}

resource "aws_db_parameter_group" "this" {
  name        = var.identifier
  family      = "postgres${local.major_version}"
  description = "TLS-only, audited PostgreSQL ${local.major_version} for ${var.identifier}"
  tags        = var.tags

  dynamic "parameter" {
    for_each = concat(local.enforced_parameters, var.extra_parameters)
    content {
      name         = parameter.value.name
      value        = parameter.value.value
      apply_method = parameter.value.apply_method
    }
  }

  lifecycle {
    create_before_destroy = true
  }
}

# --- Logs and monitoring ----------------------------------------------------------------
# RDS writes exported logs into /aws/rds/instance/<id>/<log>; creating the groups first
# gives them KMS encryption and retention (RDS would otherwise create them without).

resource "aws_cloudwatch_log_group" "this" {
  for_each = { for pair in setproduct(local.instance_names, local.log_exports) : "${pair[0]}/${pair[1]}" => pair }

  name              = "/aws/rds/instance/${each.value[0]}/${each.value[1]}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn
  tags              = var.tags
}

data "aws_iam_policy_document" "monitoring_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["monitoring.rds.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_iam_role" "monitoring" {
  name               = "${var.identifier}-rds-monitoring"
  description        = "Enhanced monitoring of ${var.identifier}"
  assume_role_policy = data.aws_iam_policy_document.monitoring_assume.json
  tags               = var.tags
}

resource "aws_iam_role_policy_attachment" "monitoring" {
  role       = aws_iam_role.monitoring.name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"
}

# --- The instance -------------------------------------------------------------------------

resource "aws_db_instance" "this" {
  identifier     = var.identifier
  engine         = "postgres"
  engine_version = var.engine_version
  instance_class = var.instance_class

  allocated_storage     = var.allocated_storage
  max_allocated_storage = var.max_allocated_storage
  storage_type          = "gp3"
  storage_encrypted     = var.storage_encrypted
  kms_key_id            = var.kms_key_arn

  db_name                       = var.db_name
  username                      = var.master_username
  port                          = var.port
  manage_master_user_password   = true
  master_user_secret_kms_key_id = var.kms_key_arn

  db_subnet_group_name   = aws_db_subnet_group.this.name
  vpc_security_group_ids = var.vpc_security_group_ids
  publicly_accessible    = false
  parameter_group_name   = aws_db_parameter_group.this.name
  ca_cert_identifier     = var.ca_cert_identifier
  multi_az               = var.multi_az

  iam_database_authentication_enabled = var.iam_database_authentication_enabled

  backup_retention_period   = var.backup_retention_period
  backup_window             = var.backup_window
  maintenance_window        = var.maintenance_window
  copy_tags_to_snapshot     = true
  delete_automated_backups  = false
  deletion_protection       = var.deletion_protection
  skip_final_snapshot       = false
  final_snapshot_identifier = "${var.identifier}-final"

  auto_minor_version_upgrade  = true
  allow_major_version_upgrade = false
  apply_immediately           = var.apply_immediately

  performance_insights_enabled          = var.performance_insights_enabled
  performance_insights_kms_key_id       = var.performance_insights_enabled ? var.kms_key_arn : null
  performance_insights_retention_period = var.performance_insights_enabled ? var.performance_insights_retention_period : null

  monitoring_interval = var.monitoring_interval
  monitoring_role_arn = aws_iam_role.monitoring.arn

  enabled_cloudwatch_logs_exports = local.log_exports

  tags = var.tags

  depends_on = [aws_cloudwatch_log_group.this, aws_iam_role_policy_attachment.monitoring]
}

resource "aws_db_instance" "replica" {
  count = var.read_replica == null ? 0 : 1

  identifier          = local.replica_id
  replicate_source_db = aws_db_instance.this.identifier
  instance_class      = coalesce(try(var.read_replica.instance_class, null), var.instance_class)

  max_allocated_storage = var.max_allocated_storage
  storage_type          = "gp3"
  storage_encrypted     = var.storage_encrypted
  kms_key_id            = var.kms_key_arn

  # Same-region replicas live in the source's subnet group (setting one needs an ARN source).
  vpc_security_group_ids = var.vpc_security_group_ids
  publicly_accessible    = false
  parameter_group_name   = aws_db_parameter_group.this.name
  ca_cert_identifier     = var.ca_cert_identifier
  multi_az               = var.multi_az

  iam_database_authentication_enabled = var.iam_database_authentication_enabled

  backup_retention_period = var.backup_retention_period
  backup_window           = var.backup_window
  maintenance_window      = var.maintenance_window
  copy_tags_to_snapshot   = true
  deletion_protection     = var.deletion_protection
  # RDS cannot take a final snapshot of a read replica; the primary's backups cover it.
  skip_final_snapshot = true

  auto_minor_version_upgrade = true
  apply_immediately          = var.apply_immediately

  performance_insights_enabled          = var.performance_insights_enabled
  performance_insights_kms_key_id       = var.performance_insights_enabled ? var.kms_key_arn : null
  performance_insights_retention_period = var.performance_insights_enabled ? var.performance_insights_retention_period : null

  monitoring_interval = var.monitoring_interval
  monitoring_role_arn = aws_iam_role.monitoring.arn

  enabled_cloudwatch_logs_exports = local.log_exports

  tags = var.tags

  depends_on = [aws_cloudwatch_log_group.this]
}
