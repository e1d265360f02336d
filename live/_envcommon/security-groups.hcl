# The security-group chain of the region's VPC: internet → load balancer (443, and 80 only to
# redirect) → app → proxy → database; app → cache; app and rotation → VPC endpoints (the vpc
# unit's endpoint group, which admits nothing else).
# No other group admits anything from outside the VPC.
locals {
  env  = read_terragrunt_config(find_in_parent_folders("env.hcl")).locals
  mock = "0badc0de" # marks mock outputs; the apply path refuses any plan that contains it
}

terraform {
  source = "${get_repo_root()}/modules//security-groups"
}

dependency "vpc" {
  config_path = "../vpc"
  mock_outputs = {
    vpc_id                      = "vpc-${local.mock}"
    endpoint_security_group_ids = ["sg-${local.mock}07"]
  }
  mock_outputs_allowed_terraform_commands = ["validate", "plan"]
}

inputs = {
  name   = "phi-platform-${local.env.environment}"
  vpc_id = dependency.vpc.outputs.vpc_id
  # The vpc unit's endpoint group (created before this chain exists) carries the chain's rules.
  endpoints_security_group_id = dependency.vpc.outputs.endpoint_security_group_ids[0]
  alb_ingress_cloudfront      = false # the portal's load balancer faces patients directly, behind WAF
  alb_ingress_cidrs           = ["0.0.0.0/0"]
  alb_http_redirect           = true
  tags                        = { Component = "security-groups" }
}
