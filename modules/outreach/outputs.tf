output "plan_alias_arn" {
  description = "`live` alias of the planner: route staff `POST /campaigns/{campaign_id}/plan` (JWT) here, or invoke it with {\"campaign_id\": ...}."
  value       = module.plan.alias_arn
}

output "redeem_alias_arn" {
  description = "`live` alias of the link endpoint: route `GET /r/{token}` and `POST /r/{token}` (public, throttled) here."
  value       = module.redeem.alias_arn
}

output "send_alias_arn" {
  description = "`live` alias of the sender (fed by the send queue)."
  value       = module.send.alias_arn
}

output "weekly_alias_arn" {
  description = "`live` alias of the weekly job (invoked by the schedule)."
  value       = module.weekly.alias_arn
}

output "function_names" {
  description = "Function names by role (plan, send, redeem, weekly)."
  value       = { for k, f in local.functions : k => f.function_name }
}

output "role_arns" {
  description = "Execution role ARNs by function (for key policies and audits)."
  value       = { for k, f in local.functions : k => f.role_arn }
}

output "send_queue_url" {
  description = "URL of the send queue."
  value       = module.send_queue.queue_url
}

output "send_queue_arn" {
  description = "ARN of the send queue."
  value       = module.send_queue.queue_arn
}

output "send_dlq_arn" {
  description = "ARN of the send queue's dead-letter queue (messages that failed 5 receives)."
  value       = module.send_queue.dlq_arn
}

output "link_key_secret_arn" {
  description = "ARN of the secret holding the link HMAC keys."
  value       = aws_secretsmanager_secret.link_keys.arn
}

output "schedule_rule_arn" {
  description = "ARN of the weekly EventBridge rule."
  value       = aws_cloudwatch_event_rule.weekly.arn
}

output "email_template_names" {
  description = "SES templates for invitations and reminders."
  value       = { invitation = aws_ses_template.invitation.name, reminder = aws_ses_template.reminder.name }
}

output "event_source_mapping_uuid" {
  description = "UUID of the send queue -> sender event source mapping."
  value       = aws_lambda_event_source_mapping.send.uuid
}
