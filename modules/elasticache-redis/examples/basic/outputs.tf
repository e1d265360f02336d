output "replication_group_id" {
  description = "Replication group id (null when not created)."
  value       = module.redis.replication_group_id
}

output "primary_endpoint_address" {
  description = "Primary endpoint (null when not created)."
  value       = module.redis.primary_endpoint_address
}

output "auth_token_secret_arn" {
  description = "Secret holding the AUTH token."
  value       = module.redis.auth_token_secret_arn
}

output "log_group_names" {
  description = "Slow-log and engine-log groups."
  value       = module.redis.log_group_names
}
