output "identity_arn" {
  description = "ARN of the domain identity."
  value       = module.ses.identity_arn
}

output "configuration_set_name" {
  description = "Configuration set to send with."
  value       = module.ses.configuration_set_name
}

output "dkim_tokens" {
  description = "DKIM CNAME tokens to publish."
  value       = module.ses.dkim_tokens
}
