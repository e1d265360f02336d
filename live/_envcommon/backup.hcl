# AWS Backup, once per account (live/<env>/_global): a vault under its own key (locked in
# compliance mode in prod, governance elsewhere), daily and monthly plans for every resource
# tagged for backup, each recovery point copied to the DR region's vault.
locals {
  account = read_terragrunt_config(find_in_parent_folders("account.hcl")).locals
  env     = read_terragrunt_config(find_in_parent_folders("env.hcl")).locals
}

terraform {
  source = "${get_repo_root()}/modules//backup"
}

# The module copies recovery points through a second provider, `aws.dr`: same account, same
# role and default tags as the root's provider, in the account's DR region.
generate "provider_dr" {
  path      = "provider_dr.tf"
  if_exists = "overwrite_terragrunt"
  contents  = <<-EOF
    provider "aws" {
      alias               = "dr"
      region              = "${local.account.dr_region}"
      allowed_account_ids = ["${local.account.account_id}"]

      assume_role {
        role_arn     = "arn:aws:iam::${local.account.account_id}:role/${local.account.terraform_role_name}"
        session_name = "terragrunt-${local.env.environment}"
      }

      default_tags {
        tags = {
          Project            = "phi-platform"
          Environment        = "${local.env.environment}"
          DataClassification = "PHI"
          Owner              = "${local.account.owner}"
          ManagedBy          = "terragrunt"
        }
      }
    }
  EOF
}

inputs = {
  name        = "phi-platform-${local.env.environment}"
  environment = local.env.environment
  tags        = { Component = "backup" }
}
