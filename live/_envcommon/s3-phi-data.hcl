# The region's PHI document bucket (patient uploads, visit artefacts): SSE-KMS under the
# region's data key, every access logged to the access-log bucket.
locals {
  account = read_terragrunt_config(find_in_parent_folders("account.hcl")).locals
  env     = read_terragrunt_config(find_in_parent_folders("env.hcl")).locals
  region  = read_terragrunt_config(find_in_parent_folders("region.hcl")).locals
  mock    = "0badc0de" # marks mock outputs; the apply path refuses any plan that contains it
}

terraform {
  source = "${get_repo_root()}/modules//s3-bucket"
}

dependency "kms" {
  config_path = "../kms"
  mock_outputs = {
    key_arn = "arn:aws:kms:${local.region.aws_region}:${local.account.account_id}:key/${local.mock}-0000-4000-8000-000000000000"
  }
  mock_outputs_allowed_terraform_commands = ["validate", "plan"]
}

dependency "access_logs" {
  config_path = "../s3-access-logs"
  mock_outputs = {
    bucket_id = "phi-platform-${local.mock}-access-logs"
  }
  mock_outputs_allowed_terraform_commands = ["validate", "plan"]
}

inputs = {
  name        = "phi-platform-${local.env.environment}-phi-data-${local.account.account_id}-${local.region.aws_region}"
  kms_key_arn = dependency.kms.outputs.key_arn
  access_logging = {
    target_bucket = dependency.access_logs.outputs.bucket_id
    target_prefix = "phi-data/"
  }
  tags = { Component = "phi-data" }
}
