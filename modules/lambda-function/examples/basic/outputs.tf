output "function_name" {
  description = "Name of the example function."
  value       = module.function.function_name
}

output "function_version" {
  description = "Version published by the apply."
  value       = module.function.function_version
}

output "alias_arn" {
  description = "ARN of the `live` alias (invoke this)."
  value       = module.function.alias_arn
}

output "dlq_arn" {
  description = "Dead-letter queue ARN."
  value       = module.function.dlq_arn
}

output "log_group_name" {
  description = "The function's log group."
  value       = module.function.log_group_name
}
