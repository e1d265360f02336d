# The region's web ACL for the patient-facing entry points (the portal's load balancer, the
# HTTP API stages): AWS managed rule groups, a per-IP rate limit, request logs to a KMS log
# group with the authorization and cookie headers redacted. The alb unit passes this ACL's
# ARN to its `web_acl_arn` (the association lives with the resource it protects).
locals {
  account = read_terragrunt_config(find_in_parent_folders("account.hcl")).locals
  env     = read_terragrunt_config(find_in_parent_folders("env.hcl")).locals
  region  = read_terragrunt_config(find_in_parent_folders("region.hcl")).locals
  mock    = "0badc0de" # marks mock outputs; the apply path refuses any plan that contains it
}

terraform {
  source = "${get_repo_root()}/modules//waf"
}

dependency "kms" {
  config_path = "../kms"
  mock_outputs = {
    key_arn = "arn:aws:kms:${local.region.aws_region}:${local.account.account_id}:key/${local.mock}-0000-4000-8000-000000000000"
  }
  mock_outputs_allowed_terraform_commands = ["validate", "plan"]
}

inputs = {
  name        = "phi-platform-${local.env.environment}-portal"
  description = "Patient-facing entry points of ${local.env.environment} in ${local.region.aws_region}"
  scope       = "REGIONAL"
  kms_key_arn = dependency.kms.outputs.key_arn
  tags        = { Component = "waf" }
}
