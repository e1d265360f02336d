output "replication_group_id" {
  description = "Id of the replication group, or null when it is not created."
  value       = one(aws_elasticache_replication_group.this[*].id)
}

output "replication_group_arn" {
  description = "ARN of the replication group, or null when it is not created."
  value       = one(aws_elasticache_replication_group.this[*].arn)
}

output "primary_endpoint_address" {
  description = "Address of the primary (read/write) endpoint, or null."
  value       = one(aws_elasticache_replication_group.this[*].primary_endpoint_address)
}

output "reader_endpoint_address" {
  description = "Address of the reader endpoint, or null."
  value       = one(aws_elasticache_replication_group.this[*].reader_endpoint_address)
}

output "auth_token_secret_arn" {
  description = "ARN of the secret that holds the AUTH token (applications read it from here)."
  value       = aws_secretsmanager_secret.auth.arn
}

output "log_group_names" {
  description = "CloudWatch log groups, keyed by log type (slow-log, engine-log)."
  value       = { for k, g in aws_cloudwatch_log_group.this : k => g.name }
}
