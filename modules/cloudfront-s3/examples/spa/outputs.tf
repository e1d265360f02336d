output "distribution_domain_name" {
  description = "Point the site's DNS (alias record) here."
  value       = module.site.distribution_domain_name
}

output "distribution_arn" {
  description = "The distribution, the only reader of the origin bucket."
  value       = module.site.distribution_arn
}

output "origin_bucket_name" {
  description = "Upload the built app here (SSE-KMS)."
  value       = module.site.origin_bucket_name
}

output "web_acl_arn" {
  description = "The CLOUDFRONT-scope web ACL in front of the site."
  value       = module.waf.web_acl_arn
}

output "response_headers_policy_id" {
  description = "Security headers policy on the default behaviour."
  value       = module.site.response_headers_policy_id
}

output "origin_bucket_policy_json" {
  description = "The origin bucket's statement for this distribution (reads through OAC, this distribution only)."
  value       = module.site.origin_bucket_policy_json
}
