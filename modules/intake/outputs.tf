output "bucket_id" {
  description = "Name of the PHI bucket (uploads under `incoming/`, converted images under `derived/`, rejected files under `quarantine/`)."
  value       = module.bucket.bucket_id
}

output "bucket_arn" {
  description = "ARN of the PHI bucket."
  value       = module.bucket.bucket_arn
}

output "upload_url" {
  description = "The endpoint patients' portal calls (POST, with the patient's Cognito token) for a pre-signed upload."
  value       = "${module.api.api_endpoint}/documents"
}

output "api_id" {
  description = "Id of the upload HTTP API."
  value       = module.api.api_id
}

output "api_endpoint" {
  description = "Default endpoint of the upload HTTP API."
  value       = module.api.api_endpoint
}

output "process_alias_arn" {
  description = "`live` alias of the processing function (fed by the object queue)."
  value       = module.process.alias_arn
}

output "upload_alias_arn" {
  description = "`live` alias of the upload function (behind `POST /documents`)."
  value       = module.upload.alias_arn
}

output "process_function_name" {
  description = "Name of the processing function."
  value       = module.process.function_name
}

output "upload_function_name" {
  description = "Name of the upload function."
  value       = module.upload.function_name
}

output "process_role_arn" {
  description = "Execution role of the processing function (for key policies and audits)."
  value       = module.process.role_arn
}

output "upload_role_arn" {
  description = "Execution role of the upload function (for key policies and audits)."
  value       = module.upload.role_arn
}

output "object_queue_url" {
  description = "URL of the queue S3 sends `incoming/` object events to."
  value       = module.object_queue.queue_url
}

output "object_queue_arn" {
  description = "ARN of the object queue."
  value       = module.object_queue.queue_arn
}

output "object_dlq_arn" {
  description = "ARN of the object queue's dead-letter queue (events that failed max_receive_count deliveries; alarmed)."
  value       = module.object_queue.dlq_arn
}

output "object_dlq_url" {
  description = "URL of the object queue's dead-letter queue (inspect and redrive from here)."
  value       = module.object_queue.dlq_url
}

output "doctor_topic_arn" {
  description = "ARN of the doctor notification topic (messages carry ids only; filter on the `doctor_id` attribute)."
  value       = module.doctor_topic.topic_arn
}

output "event_source_mapping_uuid" {
  description = "UUID of the object queue -> processing function event source mapping."
  value       = aws_lambda_event_source_mapping.objects.uuid
}

output "quarantine_policy_json" {
  description = "The bucket-policy document (merged into the PHI bucket's policy) that denies reading `quarantine/` to everyone but the processing function and `quarantine_reader_arns`."
  value       = jsonencode(jsondecode(data.aws_iam_policy_document.quarantine.json))
}
