output "zone_id" {
  description = "Route 53 hosted zone id of `<region_label>.<public_domain>`."
  value       = aws_route53_zone.this.zone_id
}

output "zone_name" {
  description = "Name of the public zone, e.g. `us-east-1.dev.phi-platform.example.com`."
  value       = aws_route53_zone.this.name
}

output "zone_arn" {
  description = "ARN of the public zone."
  value       = aws_route53_zone.this.arn
}

output "zone_name_servers" {
  description = "Name servers to delegate the zone to from the parent domain."
  value       = aws_route53_zone.this.name_servers
}

output "dnssec_key_arn" {
  description = "ARN of the KMS key (us-east-1) behind the zone's DNSSEC key-signing key."
  value       = aws_kms_key.dnssec.arn
}

output "dnssec_ds_record" {
  description = "DS record to add at the parent zone to complete the DNSSEC chain of trust; null when enable_dnssec is off."
  value       = one(aws_route53_key_signing_key.this[*].ds_record)
}

output "query_log_group_name" {
  description = "The query log group in us-east-1 (`/aws/route53/<zone>`); null when enable_query_logging is off."
  value       = one(aws_cloudwatch_log_group.query[*].name)
}

output "regional_certificate_arn" {
  description = "ARN of the validated regional certificate (for the ALB's HTTPS listener); known once DNS validation succeeded."
  value       = aws_acm_certificate_validation.regional.certificate_arn
}

output "regional_certificate_domain_names" {
  description = "Names the regional certificate covers (its domain name first)."
  value       = local.regional_names
}

output "cloudfront_certificate_arn" {
  description = "ARN of the validated us-east-1 certificate for CloudFront (`viewer_certificate.acm_certificate_arn`)."
  value       = aws_acm_certificate_validation.cloudfront.certificate_arn
}

output "cloudfront_certificate_domain_names" {
  description = "Names the CloudFront certificate covers (its domain name first): the distribution's aliases."
  value       = local.cloudfront_names
}

output "cloudfront_web_acl_arn" {
  description = "ARN of the CLOUDFRONT-scope web ACL in us-east-1 (a distribution's `web_acl_id`)."
  value       = module.cloudfront_waf.web_acl_arn
}

output "cloudfront_web_acl_rule_names" {
  description = "Rules of the CloudFront web ACL in evaluation order."
  value       = module.cloudfront_waf.web_acl_rule_names
}
