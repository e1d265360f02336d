output "alb_security_group_id" {
  description = "Group for the load balancer (modules/alb)."
  value       = aws_security_group.alb.id
}

output "app_security_group_id" {
  description = "Group for the application tasks (modules/ecs)."
  value       = aws_security_group.app.id
}

output "proxy_security_group_id" {
  description = "Group for the RDS Proxy (modules/rds)."
  value       = aws_security_group.proxy.id
}

output "db_security_group_id" {
  description = "Group for the database instance (modules/rds)."
  value       = aws_security_group.db.id
}

output "cache_security_group_id" {
  description = "Group for the cache (modules/elasticache)."
  value       = aws_security_group.cache.id
}

output "rotation_security_group_id" {
  description = "Group for the secret rotation function (modules/lambda)."
  value       = aws_security_group.rotation.id
}

output "endpoints_security_group_id" {
  description = "Group of the interface VPC endpoints: the given `endpoints_security_group_id`, or the one created here (for modules/vpc `endpoint_security_group_ids`)."
  value       = coalesce(var.endpoints_security_group_id, one(aws_security_group.endpoints[*].id))
}
