output "proxy_name" {
  description = "Name of the proxy."
  value       = aws_db_proxy.this.name
}

output "proxy_arn" {
  description = "ARN of the proxy."
  value       = aws_db_proxy.this.arn
}

output "proxy_endpoint" {
  description = "DNS name applications connect to (read/write); the rotation secret's `proxy_host`."
  value       = aws_db_proxy.this.endpoint
}

output "proxy_read_only_endpoint" {
  description = "DNS name of the read-only endpoint, or null."
  value       = one(aws_db_proxy_endpoint.read_only[*].endpoint)
}

output "proxy_role_arn" {
  description = "ARN of the proxy's IAM role (reads only the listed secrets)."
  value       = aws_iam_role.this.arn
}

output "proxy_log_group_name" {
  description = "CloudWatch log group of the proxy."
  value       = aws_cloudwatch_log_group.this.name
}
