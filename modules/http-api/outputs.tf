output "api_id" {
  description = "Id of the HTTP API."
  value       = aws_apigatewayv2_api.this.id
}

output "api_endpoint" {
  description = "Default endpoint of the API (https://<id>.execute-api.<region>.amazonaws.com)."
  value       = aws_apigatewayv2_api.this.api_endpoint
}

output "api_execution_arn" {
  description = "Execution ARN prefix (for invoke permissions)."
  value       = aws_apigatewayv2_api.this.execution_arn
}

output "stage_invoke_url" {
  description = "Invoke URL of the $default stage."
  value       = aws_apigatewayv2_stage.default.invoke_url
}

output "authorizer_id" {
  description = "Id of the JWT authorizer (null without one)."
  value       = try(aws_apigatewayv2_authorizer.jwt[0].id, null)
}

output "access_log_group_name" {
  description = "Name of the access-log group."
  value       = aws_cloudwatch_log_group.access.name
}

output "route_ids" {
  description = "Route ids by route key."
  value       = merge({ for k, r in aws_apigatewayv2_route.jwt : k => r.id }, { for k, r in aws_apigatewayv2_route.public : k => r.id })
}
