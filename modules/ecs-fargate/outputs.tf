output "cluster_arn" {
  description = "ARN of the ECS cluster."
  value       = aws_ecs_cluster.this.arn
}

output "cluster_name" {
  description = "Name of the ECS cluster."
  value       = aws_ecs_cluster.this.name
}

output "service_name" {
  description = "Name of the ECS service."
  value       = aws_ecs_service.this.name
}

output "service_id" {
  description = "ARN (id) of the ECS service."
  value       = aws_ecs_service.this.id
}

output "task_definition_arn" {
  description = "ARN of the task definition revision the service runs."
  value       = aws_ecs_task_definition.this.arn
}

output "task_definition_family" {
  description = "Family of the task definition."
  value       = aws_ecs_task_definition.this.family
}

output "container_name" {
  description = "Name of the application container (for load balancer attachments and overrides)."
  value       = var.name
}

output "execution_role_arn" {
  description = "ARN of the task execution role (image pull, logs, named secrets)."
  value       = aws_iam_role.execution.arn
}

output "task_role_arn" {
  description = "ARN of the task role (the application's identity)."
  value       = aws_iam_role.task.arn
}

output "task_role_name" {
  description = "Name of the task role, to attach further policies outside the module."
  value       = aws_iam_role.task.name
}

output "ecr_repository_url" {
  description = "URL of the ECR repository to push releases to, or null when `create_ecr_repository = false`."
  value       = one(aws_ecr_repository.this[*].repository_url)
}

output "ecr_repository_arn" {
  description = "ARN of the ECR repository, or null when `create_ecr_repository = false`."
  value       = one(aws_ecr_repository.this[*].arn)
}

output "log_group_name" {
  description = "Name of the application log group."
  value       = aws_cloudwatch_log_group.app.name
}

output "exec_log_group_name" {
  description = "Name of the ECS Exec session log group."
  value       = aws_cloudwatch_log_group.exec.name
}

output "kms_key_arn" {
  description = "ARN of the key protecting logs, images, exec sessions and ephemeral storage (created by the module or given)."
  value       = local.kms_key_arn
}

output "autoscaling_target_id" {
  description = "Resource id of the Application Auto Scaling target (`service/<cluster>/<service>`), or null when autoscaling is off."
  value       = one(aws_appautoscaling_target.this[*].resource_id)
}
