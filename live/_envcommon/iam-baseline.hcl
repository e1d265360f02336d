# The account's IAM baseline, once per account (live/<env>/_global): password policy, groups
# with MFA enforced, the S3 account-level public access block, EBS encryption by default.
locals {
  env = read_terragrunt_config(find_in_parent_folders("env.hcl")).locals
}

terraform {
  source = "${get_repo_root()}/modules//iam-baseline"
}

inputs = {
  name = "phi-platform-${local.env.environment}"
  tags = { Component = "iam-baseline" }
}
