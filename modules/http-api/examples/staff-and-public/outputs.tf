output "api_endpoint" {
  description = "Base URL of the API."
  value       = module.api.api_endpoint
}

output "authorizer_id" {
  description = "Id of the JWT authorizer."
  value       = module.api.authorizer_id
}

output "access_log_group_name" {
  description = "Access-log group of the stage."
  value       = module.api.access_log_group_name
}

output "route_ids" {
  description = "Route ids by route key."
  value       = module.api.route_ids
}
