# The region's PostgreSQL for PHI: in the data subnets, behind the db security group (only the
# proxy and the rotation function), encrypted under the region's key, TLS forced, pgaudit on,
# the master password managed by RDS in Secrets Manager, Multi-AZ (the module default) everywhere.
locals {
  account = read_terragrunt_config(find_in_parent_folders("account.hcl")).locals
  env     = read_terragrunt_config(find_in_parent_folders("env.hcl")).locals
  region  = read_terragrunt_config(find_in_parent_folders("region.hcl")).locals
  mock    = "0badc0de" # marks mock outputs; the apply path refuses any plan that contains it
}

terraform {
  source = "${get_repo_root()}/modules//rds-postgres"
}

dependency "kms" {
  config_path = "../kms"
  mock_outputs = {
    key_arn = "arn:aws:kms:${local.region.aws_region}:${local.account.account_id}:key/${local.mock}-0000-4000-8000-000000000000"
  }
  mock_outputs_allowed_terraform_commands = ["validate", "plan"]
}

dependency "vpc" {
  config_path = "../vpc"
  mock_outputs = {
    data_subnet_ids = [for i, az in local.region.azs : "subnet-${local.mock}2${i}"]
  }
  mock_outputs_allowed_terraform_commands = ["validate", "plan"]
}

dependency "security_groups" {
  config_path = "../security-groups"
  mock_outputs = {
    db_security_group_id = "sg-${local.mock}04"
  }
  mock_outputs_allowed_terraform_commands = ["validate", "plan"]
}

inputs = {
  identifier     = "phi-platform-${local.env.environment}-${local.region.aws_region}-db"
  instance_class = local.env.db_instance_class
  kms_key_arn    = dependency.kms.outputs.key_arn
  subnet_ids     = dependency.vpc.outputs.data_subnet_ids
  # The module reads the subnets to refuse any that is not a private data-tier subnet; mock
  # IDs of an unapplied vpc cannot be read, so the check waits for real IDs (every apply).
  verify_subnet_tier     = length(regexall(local.mock, join(",", dependency.vpc.outputs.data_subnet_ids))) == 0
  vpc_security_group_ids = [dependency.security_groups.outputs.db_security_group_id]
  tags                   = { Component = "rds-postgres" }
}
