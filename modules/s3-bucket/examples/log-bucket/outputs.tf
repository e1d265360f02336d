output "bucket_id" {
  description = "Name of the log bucket."
  value       = module.logs.bucket_id
}

output "bucket_arn" {
  description = "ARN of the log bucket."
  value       = module.logs.bucket_arn
}
