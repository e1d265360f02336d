output "web_acl_arn" {
  description = "Web ACL ARN (a CloudFront distribution's `web_acl_id` takes this ARN)."
  value       = aws_wafv2_web_acl.this.arn
}

output "web_acl_id" {
  description = "Web ACL id."
  value       = aws_wafv2_web_acl.this.id
}

output "web_acl_name" {
  description = "Web ACL name."
  value       = aws_wafv2_web_acl.this.name
}

output "web_acl_capacity" {
  description = "Web ACL capacity units the rules use (the default rules need about 1,000 of the 5,000 allowed)."
  value       = aws_wafv2_web_acl.this.capacity
}

output "web_acl_rule_names" {
  description = "Rules in evaluation order."
  value       = concat(length(var.allowed_country_codes) > 0 ? ["geo-allow-list"] : [], ["rate-limit-per-ip"], [for g in var.managed_rule_groups : g.name])
}

output "log_group_name" {
  description = "The WAF log group (`aws-waf-logs-<name>`)."
  value       = aws_cloudwatch_log_group.this.name
}

output "log_group_arn" {
  description = "ARN of the WAF log group."
  value       = aws_cloudwatch_log_group.this.arn
}
