# The account's multi-region trail, once per account (live/<env>/_global): log file validation,
# KMS-encrypted log bucket (access-logged to the home region's log bucket), CloudWatch Logs
# with security alarms, and S3 data events of every PHI bucket of the account.
locals {
  account = read_terragrunt_config(find_in_parent_folders("account.hcl")).locals
  env     = read_terragrunt_config(find_in_parent_folders("env.hcl")).locals
  mock    = "0badc0de" # marks mock outputs; the apply path refuses any plan that contains it
  prefix  = "phi-platform-${local.env.environment}"
}

terraform {
  source = "${get_repo_root()}/modules//cloudtrail"
}

dependency "access_logs" {
  config_path = "../../${local.account.home_region}/s3-access-logs"
  mock_outputs = {
    bucket_id = "phi-platform-${local.mock}-access-logs"
  }
  mock_outputs_allowed_terraform_commands = ["validate", "plan"]
}

inputs = {
  name              = local.prefix
  access_log_bucket = dependency.access_logs.outputs.bucket_id
  # The PHI document buckets of every region (names as in _envcommon/s3-phi-data.hcl).
  s3_data_event_bucket_arns = [
    for region in local.account.regions :
    "arn:aws:s3:::${local.prefix}-phi-data-${local.account.account_id}-${region}"
  ]
  tags = { Component = "cloudtrail" }
}
