output "web_acl_arn" {
  description = "Web ACL ARN (associate it with an ALB or API stage)."
  value       = module.waf.web_acl_arn
}

output "web_acl_rule_names" {
  description = "Rules in evaluation order."
  value       = module.waf.web_acl_rule_names
}

output "log_group_name" {
  description = "Where the WAF writes its (redacted) request logs."
  value       = module.waf.log_group_name
}
