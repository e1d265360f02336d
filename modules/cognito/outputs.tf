output "patient_user_pool_id" {
  description = "Id of the patient/member user pool."
  value       = aws_cognito_user_pool.this["patients"].id
}

output "patient_user_pool_arn" {
  description = "ARN of the patient/member user pool."
  value       = aws_cognito_user_pool.this["patients"].arn
}

output "patient_user_pool_endpoint" {
  description = "Issuer endpoint of the patient/member user pool (for JWT validation)."
  value       = aws_cognito_user_pool.this["patients"].endpoint
}

output "patient_client_id" {
  description = "Client id of the patient/member single-page app (public client, no secret)."
  value       = aws_cognito_user_pool_client.spa["patients"].id
}

output "staff_user_pool_id" {
  description = "Id of the staff user pool."
  value       = aws_cognito_user_pool.this["staff"].id
}

output "staff_user_pool_arn" {
  description = "ARN of the staff user pool."
  value       = aws_cognito_user_pool.this["staff"].arn
}

output "staff_user_pool_endpoint" {
  description = "Issuer endpoint of the staff user pool (for JWT validation)."
  value       = aws_cognito_user_pool.this["staff"].endpoint
}

output "staff_client_id" {
  description = "Client id of the staff single-page app (public client, no secret)."
  value       = aws_cognito_user_pool_client.spa["staff"].id
}

output "group_names" {
  description = "Group names by pool (`patients`, `staff`)."
  value       = { for pool, _ in local.pools : pool => sort([for k, g in aws_cognito_user_group.this : g.name if local.groups[k].pool == pool]) }
}

output "domain_names" {
  description = "Cognito-hosted domain prefixes by pool (empty when domain_prefix is null)."
  value       = { for pool, d in aws_cognito_user_pool_domain.this : pool => d.domain }
}
