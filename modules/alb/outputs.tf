output "lb_arn" {
  description = "ARN of the load balancer."
  value       = aws_lb.this.arn
}

output "lb_arn_suffix" {
  description = "ARN suffix of the load balancer (`app/<name>/<id>`), for CloudWatch metrics and request-count autoscaling labels."
  value       = aws_lb.this.arn_suffix
}

output "lb_dns_name" {
  description = "DNS name of the load balancer (alias target for Route 53 or origin for CloudFront)."
  value       = aws_lb.this.dns_name
}

output "lb_zone_id" {
  description = "Canonical hosted zone id of the load balancer, for Route 53 alias records."
  value       = aws_lb.this.zone_id
}

output "https_listener_arn" {
  description = "ARN of the HTTPS listener (for listener rules added outside this module)."
  value       = aws_lb_listener.https.arn
}

output "http_listener_arn" {
  description = "ARN of the port-80 redirect listener, or null when `http_listener = \"none\"`."
  value       = one(aws_lb_listener.http_redirect[*].arn)
}

output "target_group_arns" {
  description = "Target group ARNs by key (pass one to modules/ecs-fargate `load_balancer.target_group_arn`). Known only once the listener and its rules exist: ECS refuses a target group that no listener forwards to yet."
  value       = { for k, tg in aws_lb_target_group.this : k => tg.arn }

  depends_on = [aws_lb_listener.https, aws_lb_listener_rule.this]
}

output "target_group_arn_suffixes" {
  description = "Target group ARN suffixes (`targetgroup/<name>/<id>`) by key, for CloudWatch metrics."
  value       = { for k, tg in aws_lb_target_group.this : k => tg.arn_suffix }
}

output "web_acl_association_id" {
  description = "Id of the WAF web ACL association, or null when it is switched off (internal load balancers only)."
  value       = one(aws_wafv2_web_acl_association.this[*].id)
}
