output "app_secret_arns" {
  description = "Application secret ARN per user (applications read AWSCURRENT)."
  value       = { for u, s in aws_secretsmanager_secret.app : u => s.arn }
}

output "proxy_secret_arns" {
  description = "Proxy auth secret ARNs (two per user): register them with the RDS Proxy (`password_auth_secret_arns`). Empty without a proxy."
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
  description = "Security group of the rotation function; allow it on the database (and proxy) port."
  value       = aws_security_group.rotation.id
}

output "dlq_arn" {
  description = "ARN of the function's dead-letter queue."
  value       = aws_sqs_queue.dlq.arn
}

output "alarm_topic_arn" {
  description = "SNS topic that receives rotation-failure alarms; subscribe the on-call here."
  value       = aws_sns_topic.alarms.arn
}
