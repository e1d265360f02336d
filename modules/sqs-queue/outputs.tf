output "queue_arn" {
  description = "ARN of the queue. Known only once the queue policy is in place, so a service that checks it may send when it is configured (S3 event notifications) finds it."
  value       = aws_sqs_queue.this.arn

  depends_on = [aws_sqs_queue_policy.this]
}

output "queue_url" {
  description = "URL of the queue (what producers and consumers call)."
  value       = aws_sqs_queue.this.id
}

output "queue_name" {
  description = "Name of the queue."
  value       = aws_sqs_queue.this.name
}

output "dlq_arn" {
  description = "ARN of the dead-letter queue."
  value       = aws_sqs_queue.dlq.arn
}

output "dlq_url" {
  description = "URL of the dead-letter queue (inspect and redrive from here)."
  value       = aws_sqs_queue.dlq.id
}

output "dlq_alarm_arn" {
  description = "ARN of the alarm that fires when a message reaches the dead-letter queue."
  value       = aws_cloudwatch_metric_alarm.dlq_not_empty.arn
}

output "age_alarm_arn" {
  description = "ARN of the alarm on the age of the oldest message in the main queue."
  value       = aws_cloudwatch_metric_alarm.oldest_message.arn
}

output "queue_policy_json" {
  description = "The queue's resource policy (TLS only, plus the allowed senders)."
  value       = data.aws_iam_policy_document.queue.json
}
