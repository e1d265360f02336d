output "topic_arn" {
  description = "ARN of the topic."
  value       = module.topic.topic_arn
}

output "topic_name" {
  description = "Name of the topic."
  value       = module.topic.topic_name
}
