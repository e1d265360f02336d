output "function_name" {
  description = "Function name."
  value       = aws_lambda_function.this.function_name
}

output "function_arn" {
  description = "Unqualified function ARN (invokes $LATEST; grant and invoke through `alias_arn` instead)."
  value       = aws_lambda_function.this.arn
}

output "function_qualified_arn" {
  description = "ARN of the version published by this apply (`<function_arn>:<version>`)."
  value       = aws_lambda_function.this.qualified_arn
}

output "function_version" {
  description = "Version published by this apply (the newest; what `live` serves unless `live_version` pins another)."
  value       = aws_lambda_function.this.version
}

output "function_source_code_hash" {
  description = "base64(SHA-256) of the deployed zip, as `build-lambdas` prints it."
  value       = aws_lambda_function.this.source_code_hash
}

output "alias_name" {
  description = "Name of the alias callers invoke (`live`)."
  value       = aws_lambda_alias.live.name
}

output "alias_arn" {
  description = "ARN of the `live` alias: the ARN to invoke and to grant permissions (aws_lambda_permission qualifier) on."
  value       = aws_lambda_alias.live.arn
}

output "alias_invoke_arn" {
  description = "Invoke ARN of the `live` alias, for API Gateway integrations."
  value       = aws_lambda_alias.live.invoke_arn
}

output "alias_function_version" {
  description = "Published version the `live` alias serves (besides the canary share)."
  value       = aws_lambda_alias.live.function_version
}

output "alias_canary_weights" {
  description = "Canary routing of the `live` alias: {version = weight}, empty when all traffic goes to alias_function_version."
  value       = var.canary == null ? {} : { (var.canary.version) = var.canary.weight }
}

output "role_arn" {
  description = "ARN of the function's execution role."
  value       = aws_iam_role.this.arn
}

output "role_name" {
  description = "Name of the function's execution role (attach further policies to it if needed)."
  value       = aws_iam_role.this.name
}

output "log_group_name" {
  description = "The function's log group (`/aws/lambda/<name>`)."
  value       = aws_cloudwatch_log_group.this.name
}

output "log_group_arn" {
  description = "ARN of the function's log group."
  value       = aws_cloudwatch_log_group.this.arn
}

output "dlq_arn" {
  description = "Dead-letter target ARN (the created queue, or `dead_letter_target_arn`; null when `enable_dead_letter = false`)."
  value       = local.dlq_arn
}

output "dlq_url" {
  description = "URL of the created dead-letter queue (null when an external target is used)."
  value       = local.create_dlq ? aws_sqs_queue.dlq[0].url : null
}

output "code_signing_config_arn" {
  description = "Code signing config enforced on the function (null when signing is off)."
  value       = local.code_signing_config
}

output "role_policy_json" {
  description = "The role's inline policy: `policy_json` plus what the function needs to run (logs, dead letters, X-Ray, environment decryption, VPC interfaces)."
  value       = data.aws_iam_policy_document.function.json
}
