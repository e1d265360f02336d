output "queue_url" {
  description = "URL of the work queue."
  value       = module.queue.queue_url
}

output "queue_arn" {
  description = "ARN of the work queue."
  value       = module.queue.queue_arn
}

output "dlq_arn" {
  description = "ARN of its dead-letter queue."
  value       = module.queue.dlq_arn
}

output "dlq_alarm_arn" {
  description = "Alarm on the dead-letter queue."
  value       = module.queue.dlq_alarm_arn
}
