output "proxy_endpoint" {
  description = "Where applications connect (read/write)."
  value       = module.rotation.proxy_endpoint
}

output "proxy_read_only_endpoint" {
  description = "Read-only proxy endpoint (null without a replica)."
  value       = module.rotation.proxy_read_only_endpoint
}

output "db_instance_address" {
  description = "Writer endpoint (rotation only; applications use the proxy)."
  value       = module.db.db_instance_address
}

output "app_secret_arns" {
  description = "Rotated application secrets."
  value       = module.rotation.app_secret_arns
}

output "proxy_secret_arns" {
  description = "Proxy auth secrets registered with the proxy."
  value       = module.rotation.proxy_secret_arns
}

output "alarm_topic_arn" {
  description = "Topic for rotation-failure alarms."
  value       = module.rotation.alarm_topic_arn
}
