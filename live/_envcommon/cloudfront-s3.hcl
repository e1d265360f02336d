# The patient portal's static site: a private origin bucket under the region's key that only
# this distribution reads (OAC), served on www.<region>.<public_domain> with the public-domain
# unit's us-east-1 certificate and CLOUDFRONT web ACL, standard logs and the origin's access
# logs in the region's log bucket, and only to the environment's patient countries.
locals {
  account = read_terragrunt_config(find_in_parent_folders("account.hcl")).locals
  env     = read_terragrunt_config(find_in_parent_folders("env.hcl")).locals
  region  = read_terragrunt_config(find_in_parent_folders("region.hcl")).locals
  mock    = "0badc0de" # marks mock outputs; the apply path refuses any plan that contains it
}

terraform {
  source = "${get_repo_root()}/modules//cloudfront-s3"
}

dependency "kms" {
  config_path = "../kms"
  mock_outputs = {
    key_arn = "arn:aws:kms:${local.region.aws_region}:${local.account.account_id}:key/${local.mock}-0000-4000-8000-000000000000"
  }
  mock_outputs_allowed_terraform_commands = ["validate", "plan"]
}

dependency "public_domain" {
  config_path = "../public-domain"
  mock_outputs = {
    cloudfront_certificate_arn          = "arn:aws:acm:us-east-1:${local.account.account_id}:certificate/${local.mock}-0000-4000-8000-000000000000"
    cloudfront_certificate_domain_names = ["www-${local.mock}.${local.region.aws_region}.${local.env.public_domain}"]
    cloudfront_web_acl_arn              = "arn:aws:wafv2:us-east-1:${local.account.account_id}:global/webacl/phi-platform-${local.env.environment}-cloudfront/${local.mock}-0000-4000-8000-000000000000"
  }
  mock_outputs_allowed_terraform_commands = ["validate", "plan"]
}

dependency "access_logs" {
  config_path = "../s3-access-logs"
  mock_outputs = {
    bucket_id = "phi-platform-${local.env.environment}-access-logs-${local.mock}"
  }
  mock_outputs_allowed_terraform_commands = ["validate", "plan"]
}

inputs = {
  name                     = "phi-platform-${local.env.environment}-${local.region.aws_region}-portal"
  origin_bucket_name       = "phi-platform-${local.env.environment}-portal-${local.account.account_id}-${local.region.aws_region}"
  origin_kms_key_arn       = dependency.kms.outputs.key_arn
  origin_access_log_bucket = dependency.access_logs.outputs.bucket_id
  aliases                  = dependency.public_domain.outputs.cloudfront_certificate_domain_names
  acm_certificate_arn      = dependency.public_domain.outputs.cloudfront_certificate_arn
  web_acl_arn              = dependency.public_domain.outputs.cloudfront_web_acl_arn
  standard_logging         = { bucket_domain_name = "${dependency.access_logs.outputs.bucket_id}.s3.amazonaws.com" }
  geo_restriction          = { restriction_type = "whitelist", locations = local.env.patient_countries }
  tags                     = { Component = "cloudfront-s3" }
}
