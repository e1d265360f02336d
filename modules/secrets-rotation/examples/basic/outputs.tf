output "app_secret_arns" {
  description = "Application secret per user."
  value       = module.rotation.app_secret_arns
}

output "function_name" {
  description = "Rotation function."
  value       = module.rotation.function_name
}

output "alarm_topic_arn" {
  description = "Topic for rotation-failure alarms."
  value       = module.rotation.alarm_topic_arn
}

output "function_security_group_id" {
  description = "Security group of the rotation function."
  value       = module.rotation.function_security_group_id
}
