output "trail_arn" {
  description = "ARN of the trail."
  value       = module.cloudtrail.trail_arn
}

output "log_bucket_id" {
  description = "The trail's log bucket."
  value       = module.cloudtrail.log_bucket_id
}

output "log_group_name" {
  description = "The trail's CloudWatch Logs log group."
  value       = module.cloudtrail.log_group_name
}

output "kms_key_arn" {
  description = "The trail's customer-managed key."
  value       = module.cloudtrail.kms_key_arn
}

output "alarm_topic_arn" {
  description = "The SNS topic of the CIS alarms."
  value       = module.cloudtrail.alarm_topic_arn
}
