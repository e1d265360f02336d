output "db_instance_address" {
  description = "Writer endpoint."
  value       = module.db.db_instance_address
}

output "db_instance_arn" {
  description = "ARN of the instance."
  value       = module.db.db_instance_arn
}

output "master_secret_arn" {
  description = "RDS-managed master secret."
  value       = module.db.master_secret_arn
}

output "db_parameter_group_name" {
  description = "Parameter group enforcing TLS and audit logging."
  value       = module.db.db_parameter_group_name
}
