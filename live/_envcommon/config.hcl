# AWS Config, once per account (live/<env>/_global, the home region, which also records the
# global resource types): recorder, delivery to a KMS bucket access-logged to the home
# region's log bucket, and the HIPAA Security conformance pack.
locals {
  account = read_terragrunt_config(find_in_parent_folders("account.hcl")).locals
  env     = read_terragrunt_config(find_in_parent_folders("env.hcl")).locals
  mock    = "0badc0de" # marks mock outputs; the apply path refuses any plan that contains it
}

terraform {
  source = "${get_repo_root()}/modules//config"
}

dependency "access_logs" {
  config_path = "../../${local.account.home_region}/s3-access-logs"
  mock_outputs = {
    bucket_id = "phi-platform-${local.mock}-access-logs"
  }
  mock_outputs_allowed_terraform_commands = ["validate", "plan"]
}

inputs = {
  name                    = "phi-platform-${local.env.environment}"
  global_resources_region = local.account.home_region
  access_log_bucket       = dependency.access_logs.outputs.bucket_id
  tags                    = { Component = "config" }
}
