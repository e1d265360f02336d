output "alb_security_group_id" {
  description = "Group for the load balancer."
  value       = module.security_groups.alb_security_group_id
}

output "app_security_group_id" {
  description = "Group for the application."
  value       = module.security_groups.app_security_group_id
}

output "proxy_security_group_id" {
  description = "Group for the database proxy."
  value       = module.security_groups.proxy_security_group_id
}

output "db_security_group_id" {
  description = "Group for the database."
  value       = module.security_groups.db_security_group_id
}

output "cache_security_group_id" {
  description = "Group for the cache."
  value       = module.security_groups.cache_security_group_id
}

output "rotation_security_group_id" {
  description = "Group for the rotation function."
  value       = module.security_groups.rotation_security_group_id
}

output "endpoints_security_group_id" {
  description = "Group for the interface endpoints."
  value       = module.security_groups.endpoints_security_group_id
}
