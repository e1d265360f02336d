# Tier network ACLs of the region's VPC: the internet reaches only the public tier (443, and 80
# for the load balancer's redirect), the app tier only from the public tier, the data tier only
# from the app tier. The rules come from the same address plan as the vpc unit's subnets.
locals {
  env    = read_terragrunt_config(find_in_parent_folders("env.hcl")).locals
  region = read_terragrunt_config(find_in_parent_folders("region.hcl")).locals
  mock   = "0badc0de" # marks mock outputs; the apply path refuses any plan that contains it
}

terraform {
  source = "${get_repo_root()}/modules//nacl"
}

dependency "vpc" {
  config_path = "../vpc"
  mock_outputs = {
    vpc_id            = "vpc-${local.mock}"
    public_subnet_ids = [for i, az in local.region.azs : "subnet-${local.mock}0${i}"]
    app_subnet_ids    = [for i, az in local.region.azs : "subnet-${local.mock}1${i}"]
    data_subnet_ids   = [for i, az in local.region.azs : "subnet-${local.mock}2${i}"]
  }
  mock_outputs_allowed_terraform_commands = ["validate", "plan"]
}

inputs = {
  name                = "phi-platform-${local.env.environment}"
  vpc_id              = dependency.vpc.outputs.vpc_id
  public_subnet_ids   = dependency.vpc.outputs.public_subnet_ids
  app_subnet_ids      = dependency.vpc.outputs.app_subnet_ids
  data_subnet_ids     = dependency.vpc.outputs.data_subnet_ids
  public_subnet_cidrs = values(local.region.subnet_cidrs.public)
  app_subnet_cidrs    = values(local.region.subnet_cidrs.app)
  data_subnet_cidrs   = values(local.region.subnet_cidrs.data)
  http_redirect       = true
  nat_egress_ports    = local.env.nat_gateway_mode == "none" ? [] : [443]
  tags                = { Component = "nacl" }
}
