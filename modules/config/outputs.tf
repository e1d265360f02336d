output "recorder_name" {
  description = "Name of the configuration recorder."
  value       = aws_config_configuration_recorder.this.name
}

output "recorder_role_arn" {
  description = "ARN of the recorder's IAM role."
  value       = aws_iam_role.recorder.arn
}

output "recorder_global_resources" {
  description = "Whether this region's recorder records global resource types (true only in global_resources_region)."
  value       = local.record_global_resources
}

output "delivery_channel_name" {
  description = "Name of the delivery channel."
  value       = aws_config_delivery_channel.this.name
}

output "delivery_bucket_id" {
  description = "Bucket receiving configuration snapshots and history."
  value       = module.bucket.bucket_id
}

output "delivery_bucket_arn" {
  description = "ARN of the delivery bucket."
  value       = module.bucket.bucket_arn
}

output "delivery_kms_key_arn" {
  description = "Customer-managed key encrypting the delivery bucket (created or passed in)."
  value       = local.kms_key_arn
}

output "conformance_pack_name" {
  description = "Name of the HIPAA Security conformance pack (null when enable_conformance_pack is false)."
  value       = one(aws_config_conformance_pack.hipaa[*].name)
}

output "conformance_pack_template_sha256" {
  description = "SHA-256 of the conformance pack template the module deploys (to audit which rule set is live)."
  value       = filesha256("${path.module}/conformance-packs/hipaa-security.yaml")
}
