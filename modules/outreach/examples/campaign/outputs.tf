output "function_names" {
  description = "Function names by role."
  value       = module.outreach.function_names
}

output "send_queue_url" {
  description = "URL of the send queue."
  value       = module.outreach.send_queue_url
}

output "send_dlq_arn" {
  description = "ARN of the send queue's dead-letter queue."
  value       = module.outreach.send_dlq_arn
}

output "redeem_alias_arn" {
  description = "Alias the public link route invokes."
  value       = module.outreach.redeem_alias_arn
}

output "schedule_rule_arn" {
  description = "ARN of the weekly schedule."
  value       = module.outreach.schedule_rule_arn
}

output "link_key_secret_arn" {
  description = "ARN of the link-key secret."
  value       = module.outreach.link_key_secret_arn
}
