output "lb_arn" {
  description = "ARN of the load balancer."
  value       = module.alb.lb_arn
}

output "lb_dns_name" {
  description = "DNS name of the load balancer."
  value       = module.alb.lb_dns_name
}

output "https_listener_arn" {
  description = "ARN of the HTTPS listener."
  value       = module.alb.https_listener_arn
}

output "http_listener_arn" {
  description = "ARN of the port-80 redirect listener."
  value       = module.alb.http_listener_arn
}

output "target_group_arns" {
  description = "Target group ARNs by key."
  value       = module.alb.target_group_arns
}

output "web_acl_association_id" {
  description = "Id of the WAF association."
  value       = module.alb.web_acl_association_id
}

output "access_log_bucket_id" {
  description = "Bucket receiving the access logs."
  value       = module.access_logs.bucket_id
}

output "service_name" {
  description = "ECS service registered in the web target group."
  value       = module.portal_web.service_name
}

output "autoscaling_target_id" {
  description = "Autoscaling target of the portal service."
  value       = module.portal_web.autoscaling_target_id
}
