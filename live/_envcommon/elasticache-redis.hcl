# The region's Redis (sessions, rate limits): a replication group in the data subnets behind
# the cache group (the app only), encrypted at rest under the region's key and in transit,
# AUTH token in Secrets Manager, automatic failover to a replica in another AZ.
locals {
  account = read_terragrunt_config(find_in_parent_folders("account.hcl")).locals
  env     = read_terragrunt_config(find_in_parent_folders("env.hcl")).locals
  region  = read_terragrunt_config(find_in_parent_folders("region.hcl")).locals
  mock    = "0badc0de" # marks mock outputs; the apply path refuses any plan that contains it
}

terraform {
  source = "${get_repo_root()}/modules//elasticache-redis"
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
    cache_security_group_id = "sg-${local.mock}05"
  }
  mock_outputs_allowed_terraform_commands = ["validate", "plan"]
}

inputs = {
  name        = "phi-platform-${local.env.environment}-${local.region.aws_region}-redis"
  node_type   = local.env.cache_node_type
  kms_key_arn = dependency.kms.outputs.key_arn
  subnet_ids  = dependency.vpc.outputs.data_subnet_ids
  # The module reads the subnets to refuse any that is not a private data-tier subnet; mock
  # IDs of an unapplied vpc cannot be read, so the check waits for real IDs (every apply).
  verify_subnet_tier = length(regexall(local.mock, join(",", dependency.vpc.outputs.data_subnet_ids))) == 0
  security_group_ids = [dependency.security_groups.outputs.cache_security_group_id]
  tags               = { Component = "elasticache-redis" }
}
