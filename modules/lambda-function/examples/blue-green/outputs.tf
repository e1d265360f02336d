output "function_version" {
  description = "Newest published version."
  value       = module.function.function_version
}

output "alias_arn" {
  description = "ARN of the `live` alias (invoke this)."
  value       = module.function.alias_arn
}

output "alias_function_version" {
  description = "Version `live` serves besides the canary share."
  value       = module.function.alias_function_version
}

output "alias_canary_weights" {
  description = "Canary routing of `live` ({version = weight})."
  value       = module.function.alias_canary_weights
}
