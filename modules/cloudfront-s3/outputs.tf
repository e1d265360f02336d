output "distribution_id" {
  description = "Distribution id (for cache invalidations)."
  value       = aws_cloudfront_distribution.this.id
}

output "distribution_arn" {
  description = "Distribution ARN (the only principal the origin bucket admits)."
  value       = aws_cloudfront_distribution.this.arn
}

output "distribution_domain_name" {
  description = "The distribution's cloudfront.net name (the target of the aliases' DNS records)."
  value       = aws_cloudfront_distribution.this.domain_name
}

output "distribution_hosted_zone_id" {
  description = "Route 53 zone id for alias records pointing at the distribution."
  value       = aws_cloudfront_distribution.this.hosted_zone_id
}

output "origin_bucket_name" {
  description = "The origin bucket (upload site assets here, with SSE-KMS)."
  value       = local.bucket_name
}

output "origin_bucket_arn" {
  description = "ARN of the origin bucket."
  value       = local.bucket_arn
}

output "origin_bucket_policy_json" {
  description = "The statement admitting this distribution (through OAC) to the origin; already in the created bucket's policy, to be merged by the owner of an `existing_origin_bucket`."
  value       = data.aws_iam_policy_document.origin.json
}

output "origin_access_control_id" {
  description = "Origin access control id."
  value       = aws_cloudfront_origin_access_control.this.id
}

output "response_headers_policy_id" {
  description = "Response headers policy on the default behaviour (the module's, or the AWS-managed SecurityHeadersPolicy when create_response_headers_policy = false)."
  value       = var.create_response_headers_policy ? aws_cloudfront_response_headers_policy.this[0].id : local.managed_security_headers_id
}
