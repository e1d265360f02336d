# The region's VPC: public, app and data subnets in every AZ of region.hcl, NAT per env.hcl
# (one per AZ in prod), data subnets without any route out, S3 gateway and interface
# endpoints (their group admits only what the security-groups unit adds: 443 from the app and
# rotation groups), flow logs to a KMS bucket whose access logs go to the region's log bucket.
locals {
  env    = read_terragrunt_config(find_in_parent_folders("env.hcl")).locals
  region = read_terragrunt_config(find_in_parent_folders("region.hcl")).locals
  mock   = "0badc0de" # marks mock outputs; the apply path refuses any plan that contains it
}

terraform {
  source = "${get_repo_root()}/modules//vpc"
}

dependency "access_logs" {
  config_path = "../s3-access-logs"
  mock_outputs = {
    bucket_id = "phi-platform-${local.mock}-access-logs"
  }
  mock_outputs_allowed_terraform_commands = ["validate", "plan"]
}

inputs = {
  name                       = "phi-platform-${local.env.environment}-${local.region.aws_region}"
  cidr_block                 = local.region.vpc_cidr
  availability_zones         = local.region.azs
  subnet_cidrs               = local.region.subnet_cidrs
  nat_gateway_mode           = local.env.nat_gateway_mode
  flow_log_access_log_bucket = dependency.access_logs.outputs.bucket_id
  endpoints_admit_vpc_cidr   = false # the security-groups unit admits the app and rotation groups
  tags                       = { Component = "vpc" }
}
