output "trail_arn" {
  description = "ARN of the multi-region trail."
  value       = aws_cloudtrail.this.arn
}

output "trail_name" {
  description = "Name of the trail."
  value       = aws_cloudtrail.this.name
}

output "trail_home_region" {
  description = "Region the trail was created in (its home region)."
  value       = aws_cloudtrail.this.home_region
}

output "log_bucket_id" {
  description = "Name of the dedicated log bucket."
  value       = module.bucket.bucket_id
}

output "log_bucket_arn" {
  description = "ARN of the dedicated log bucket."
  value       = module.bucket.bucket_arn
}

output "log_group_name" {
  description = "Name of the CloudWatch Logs log group the trail delivers to."
  value       = aws_cloudwatch_log_group.this.name
}

output "log_group_arn" {
  description = "ARN of the CloudWatch Logs log group the trail delivers to."
  value       = aws_cloudwatch_log_group.this.arn
}

output "kms_key_arn" {
  description = "ARN of the customer-managed key of the log files, log group and alarm topic."
  value       = module.key.key_arn
}

output "alarm_topic_arn" {
  description = "ARN of the SNS topic the CIS alarms notify."
  value       = local.create_topic ? aws_sns_topic.alarms[0].arn : var.alarm_topic_arn
}

output "alarm_names" {
  description = "Names of the CIS alarms, by control."
  value       = { for k, a in aws_cloudwatch_metric_alarm.cis : k => a.alarm_name }
}
