output "recorder_name" {
  description = "Configuration recorder."
  value       = module.config.recorder_name
}

output "recorder_global_resources" {
  description = "Whether this region records global resources."
  value       = module.config.recorder_global_resources
}

output "delivery_bucket_id" {
  description = "Delivery bucket."
  value       = module.config.delivery_bucket_id
}

output "delivery_kms_key_arn" {
  description = "Key encrypting deliveries."
  value       = module.config.delivery_kms_key_arn
}

output "conformance_pack_name" {
  description = "HIPAA Security conformance pack."
  value       = module.config.conformance_pack_name
}
