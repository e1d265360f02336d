output "cluster_arn" {
  description = "ARN of the ECS cluster."
  value       = module.service.cluster_arn
}

output "service_name" {
  description = "Name of the ECS service."
  value       = module.service.service_name
}

output "task_definition_arn" {
  description = "ARN of the task definition."
  value       = module.service.task_definition_arn
}

output "execution_role_arn" {
  description = "ARN of the task execution role."
  value       = module.service.execution_role_arn
}

output "task_role_arn" {
  description = "ARN of the task role."
  value       = module.service.task_role_arn
}

output "ecr_repository_url" {
  description = "URL of the ECR repository."
  value       = module.service.ecr_repository_url
}

output "log_group_name" {
  description = "Name of the application log group."
  value       = module.service.log_group_name
}

output "kms_key_arn" {
  description = "Key of the service's logs, images and exec sessions."
  value       = module.service.kms_key_arn
}

output "autoscaling_target_id" {
  description = "Autoscaling target, or null when autoscaling is off."
  value       = module.service.autoscaling_target_id
}
