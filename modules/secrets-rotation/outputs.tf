output "app_secret_arns" {
  description = "Application secret ARN per user (applications read AWSCURRENT)."
  value       = { for u, s in aws_secretsmanager_secret.app : u => s.arn }
}

output "proxy_secret_arns" {
  description = "Proxy auth secret ARNs (two per user), registered with the proxy. Empty without `rds_proxy`."
  value       = [for k in sort(keys(aws_secretsmanager_secret.proxy)) : aws_secretsmanager_secret.proxy[k].arn]
}

output "function_arn" {
  description = "ARN of the rotation function."
  value       = aws_lambda_function.rotation.arn
}

output "function_name" {
  description = "Name of the rotation function."
  value       = aws_lambda_function.rotation.function_name
}

output "function_role_arn" {
  description = "ARN of the rotation function's role."
  value       = aws_iam_role.rotation.arn
}

output "function_security_group_id" {
  description = "Security group of the rotation function (`security_group_id`, or the module's own); allow it on the database (and proxy) port."
  value       = coalesce(var.security_group_id, one(aws_security_group.rotation[*].id))
}

output "dlq_arn" {
  description = "ARN of the function's dead-letter queue."
  value       = aws_sqs_queue.dlq.arn
}

output "alarm_topic_arn" {
  description = "SNS topic that receives rotation-failure alarms; subscribe the on-call here."
  value       = aws_sns_topic.alarms.arn
}

output "proxy_name" {
  description = "Name of the RDS Proxy, or null without `rds_proxy`."
  value       = one(module.proxy[*].proxy_name)
}

output "proxy_arn" {
  description = "ARN of the RDS Proxy, or null without `rds_proxy`."
  value       = one(module.proxy[*].proxy_arn)
}

output "proxy_endpoint" {
  description = "DNS name applications connect to (read/write), also written into each application secret as `proxy_host`; null without `rds_proxy`."
  value       = one(module.proxy[*].proxy_endpoint)
}

output "proxy_read_only_endpoint" {
  description = "DNS name of the proxy's read-only endpoint, or null (no `rds_proxy.read_only_endpoint`)."
  value       = one(module.proxy[*].proxy_read_only_endpoint)
}
