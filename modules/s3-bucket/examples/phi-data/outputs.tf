output "phi_bucket_id" {
  description = "Name of the PHI bucket."
  value       = module.phi_bucket.bucket_id
}

output "phi_bucket_arn" {
  description = "ARN of the PHI bucket."
  value       = module.phi_bucket.bucket_arn
}

output "access_log_bucket_id" {
  description = "Name of the access-log bucket."
  value       = module.access_logs.bucket_id
}

output "kms_key_arn" {
  description = "Key that encrypts the PHI bucket."
  value       = module.kms.key_arn
}
