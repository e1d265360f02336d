output "identity_arn" {
  description = "ARN of the domain identity (grant ses:SendEmail/SendBulkTemplatedEmail on it)."
  value       = aws_sesv2_email_identity.this.arn
}

output "identity_domain" {
  description = "The verified sending domain."
  value       = aws_sesv2_email_identity.this.email_identity
}

output "dkim_tokens" {
  description = "Easy DKIM tokens: publish each as CNAME `<token>._domainkey.<domain>` -> `<token>.dkim.amazonses.com`."
  value       = try(aws_sesv2_email_identity.this.dkim_signing_attributes[0].tokens, [])
}

output "configuration_set_name" {
  description = "Name of the configuration set (TLS required, suppression on) to send with (null when `enable_configuration_set = false`)."
  value       = try(aws_sesv2_configuration_set.this[0].configuration_set_name, null)
}

output "configuration_set_arn" {
  description = "ARN of the configuration set (grant sending on it as well as on the identity; null when `enable_configuration_set = false`)."
  value       = try(aws_sesv2_configuration_set.this[0].arn, null)
}
