output "bucket_id" {
  description = "Name of the PHI intake bucket."
  value       = module.intake.bucket_id
}

output "upload_url" {
  description = "The upload endpoint (POST, patient token)."
  value       = module.intake.upload_url
}

output "object_queue_url" {
  description = "URL of the object queue."
  value       = module.intake.object_queue_url
}

output "object_dlq_arn" {
  description = "ARN of the object queue's dead-letter queue."
  value       = module.intake.object_dlq_arn
}

output "doctor_topic_arn" {
  description = "ARN of the doctor notification topic."
  value       = module.intake.doctor_topic_arn
}

output "process_alias_arn" {
  description = "Alias the object queue invokes."
  value       = module.intake.process_alias_arn
}

output "upload_alias_arn" {
  description = "Alias the upload route invokes."
  value       = module.intake.upload_alias_arn
}

output "quarantine_policy_json" {
  description = "The statement that keeps quarantined files from everyone but the processor and the reviewers."
  value       = module.intake.quarantine_policy_json
}
