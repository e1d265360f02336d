output "topic_arn" {
  description = "ARN of the topic."
  value       = aws_sns_topic.this.arn
}

output "topic_name" {
  description = "Name of the topic."
  value       = aws_sns_topic.this.name
}

output "topic_policy_json" {
  description = "The topic's resource policy (owner account, TLS only, allowed publishers)."
  value       = data.aws_iam_policy_document.topic.json
}
