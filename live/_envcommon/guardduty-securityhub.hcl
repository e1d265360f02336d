# Threat detection in the region: GuardDuty (S3, RDS, Lambda, runtime and malware protection;
# findings exported to a KMS bucket), Security Hub with its standards, Inspector, IAM Access
# Analyzer, and PHI-free de-duplicated alerts from the findings forwarder. Both GuardDuty and
# Security Hub are regional services, so every region runs this unit.
locals {
  env    = read_terragrunt_config(find_in_parent_folders("env.hcl")).locals
  region = read_terragrunt_config(find_in_parent_folders("region.hcl")).locals
  mock   = "0badc0de" # marks mock outputs; the apply path refuses any plan that contains it
  # ue1, as1: named resources (IAM role, topics) must be unique in the account; 20 characters.
  short = join("", [for part in split("-", local.region.aws_region) : substr(part, 0, 1)])
}

terraform {
  source = "${get_repo_root()}/modules//guardduty-securityhub"
}

dependency "access_logs" {
  config_path = "../s3-access-logs"
  mock_outputs = {
    bucket_id = "phi-platform-${local.mock}-access-logs"
  }
  mock_outputs_allowed_terraform_commands = ["validate", "plan"]
}

inputs = {
  name                   = "phi-${local.env.environment}-${local.short}"
  access_log_bucket      = dependency.access_logs.outputs.bucket_id
  forwarder_package_path = "${get_repo_root()}/build/lambda/findings_forwarder.zip"
  tags                   = { Component = "guardduty-securityhub" }
}
