output "bucket_id" {
  description = "Bucket name. Known only once the bucket policy, ownership controls and public access block are in place, so a log producer that depends on it finds a bucket it can write to."
  value       = local.is_phi ? aws_s3_bucket.phi[0].id : aws_s3_bucket.log[0].id

  depends_on = [
    aws_s3_bucket_policy.phi,
    aws_s3_bucket_policy.log,
    aws_s3_bucket_public_access_block.phi,
    aws_s3_bucket_public_access_block.log,
    aws_s3_bucket_ownership_controls.phi,
    aws_s3_bucket_ownership_controls.log,
    aws_s3_bucket_ownership_controls.log_acl_enabled,
    aws_s3_bucket_acl.log_cloudfront,
  ]
}

output "bucket_arn" {
  description = "Bucket ARN."
  value       = local.is_phi ? aws_s3_bucket.phi[0].arn : aws_s3_bucket.log[0].arn
}

output "bucket_regional_domain_name" {
  description = "Regional domain name, for CloudFront origins and VPC endpoint policies."
  value       = local.is_phi ? aws_s3_bucket.phi[0].bucket_regional_domain_name : aws_s3_bucket.log[0].bucket_regional_domain_name
}

output "bucket_profile" {
  description = "The profile the bucket was built with (`phi` or `log`)."
  value       = var.profile
}

output "bucket_policy_json" {
  description = "The bucket policy document."
  value       = data.aws_iam_policy_document.bucket.json
}

output "replication_role_arn" {
  description = "ARN of the replication role, or null when replication is off."
  value       = var.replication == null ? null : aws_iam_role.replication[0].arn
}
