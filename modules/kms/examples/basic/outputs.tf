output "key_arn" {
  description = "ARN of the example key."
  value       = module.kms.key_arn
}

output "alias_name" {
  description = "Alias of the example key."
  value       = module.kms.alias_name
}
