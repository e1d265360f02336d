output "db_instance_identifier" {
  description = "Identifier of the primary DB instance."
  value       = aws_db_instance.this.identifier
}

output "db_instance_arn" {
  description = "ARN of the primary DB instance."
  value       = aws_db_instance.this.arn
}

output "db_instance_address" {
  description = "DNS name of the primary (writer) endpoint; the rotation Lambda's `host`."
  value       = aws_db_instance.this.address
}

output "db_instance_port" {
  description = "Port of the primary endpoint."
  value       = aws_db_instance.this.port
}

output "db_instance_resource_id" {
  description = "DbiResourceId of the primary, used in `rds-db:connect` ARNs for IAM database authentication."
  value       = aws_db_instance.this.resource_id
}

output "db_instance_name" {
  description = "Name of the initial database."
  value       = aws_db_instance.this.db_name
}

output "master_secret_arn" {
  description = "ARN of the RDS-managed master user secret (encrypted with kms_key_arn); the rotation Lambda's `masterarn`."
  value       = aws_db_instance.this.master_user_secret[0].secret_arn
}

output "replica_instance_identifier" {
  description = "Identifier of the read replica, or null."
  value       = one(aws_db_instance.replica[*].identifier)
}

output "replica_instance_address" {
  description = "DNS name of the read replica, or null."
  value       = one(aws_db_instance.replica[*].address)
}

output "db_subnet_group_name" {
  description = "Name of the DB subnet group (data-tier subnets)."
  value       = aws_db_subnet_group.this.name
}

output "db_parameter_group_name" {
  description = "Name of the parameter group that enforces TLS, logging and pgaudit."
  value       = aws_db_parameter_group.this.name
}

output "log_group_names" {
  description = "CloudWatch log groups of the exported logs, keyed `<instance>/<log>`."
  value       = { for k, g in aws_cloudwatch_log_group.this : k => g.name }
}

output "monitoring_role_arn" {
  description = "ARN of the enhanced monitoring role."
  value       = aws_iam_role.monitoring.arn
}
