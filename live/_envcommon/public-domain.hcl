# The region's public edge: the zone <region>.<public_domain> (DNSSEC, query logs), the ALB's
# certificate, and the us-east-1 certificate and CLOUDFRONT web ACL of the region's site. The
# query and WAF log groups live in us-east-1, so their key is the us-east-1 kms unit's (its
# CloudWatch Logs statement admits every log group of this account there).
locals {
  account = read_terragrunt_config(find_in_parent_folders("account.hcl")).locals
  env     = read_terragrunt_config(find_in_parent_folders("env.hcl")).locals
  region  = read_terragrunt_config(find_in_parent_folders("region.hcl")).locals
  mock    = "0badc0de" # marks mock outputs; the apply path refuses any plan that contains it
}

terraform {
  source = "${get_repo_root()}/modules//public-domain"
}

dependency "kms_us_east_1" {
  config_path = "${get_terragrunt_dir()}/../../us-east-1/kms"
  mock_outputs = {
    key_arn = "arn:aws:kms:us-east-1:${local.account.account_id}:key/${local.mock}-0000-4000-8000-000000000000"
  }
  mock_outputs_allowed_terraform_commands = ["validate", "plan"]
}

inputs = {
  name                             = "phi-platform-${local.env.environment}-${local.region.aws_region}"
  public_domain                    = local.env.public_domain
  region_label                     = local.region.aws_region
  regional_certificate_names       = ["portal", "api"]
  cloudfront_certificate_names     = ["www"]
  log_kms_key_arn                  = dependency.kms_us_east_1.outputs.key_arn
  cloudfront_allowed_country_codes = local.env.patient_countries
  tags                             = { Component = "public-domain" }
}
