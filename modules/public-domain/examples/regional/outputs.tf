output "zone_id" {
  description = "Hosted zone id."
  value       = module.public_domain.zone_id
}

output "zone_name" {
  description = "Zone name."
  value       = module.public_domain.zone_name
}

output "zone_name_servers" {
  description = "Name servers of the zone."
  value       = module.public_domain.zone_name_servers
}

output "regional_certificate_arn" {
  description = "Validated regional certificate."
  value       = module.public_domain.regional_certificate_arn
}

output "cloudfront_certificate_arn" {
  description = "Validated us-east-1 certificate for CloudFront."
  value       = module.public_domain.cloudfront_certificate_arn
}

output "cloudfront_web_acl_arn" {
  description = "CloudFront web ACL."
  value       = module.public_domain.cloudfront_web_acl_arn
}

output "cloudfront_web_acl_rule_names" {
  description = "CloudFront web ACL rules in order."
  value       = module.public_domain.cloudfront_web_acl_rule_names
}
