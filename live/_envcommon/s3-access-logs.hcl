# The region's log bucket: S3 server access logs of every platform bucket in this account
# ALB access logs and CloudFront standard logs land here (SSE-S3, because those producers cannot write to SSE-KMS
# buckets). Kept for seven years.
locals {
  account = read_terragrunt_config(find_in_parent_folders("account.hcl")).locals
  env     = read_terragrunt_config(find_in_parent_folders("env.hcl")).locals
  region  = read_terragrunt_config(find_in_parent_folders("region.hcl")).locals
}

terraform {
  source = "${get_repo_root()}/modules//s3-bucket"
}

inputs = {
  name    = "phi-platform-${local.env.environment}-access-logs-${local.account.account_id}-${local.region.aws_region}"
  profile = "log"
  log_delivery = {
    s3_server_access_logs = true
    source_bucket_arns    = ["arn:aws:s3:::phi-platform-${local.env.environment}-*"]
    alb_access_logs       = true
    alb_prefix            = "alb"
    # The portal site's CloudFront standard logs (delivered through the awslogsdelivery ACL grant).
    cloudfront_standard_logs = true
  }
  expiration_days = 2557
  tags            = { Component = "access-logs" }
}
