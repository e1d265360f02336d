# The portal's internet-facing load balancer: public subnets, the chain's alb group (443, 80 only
# to redirect), TLS 1.3 policy on the public-domain unit's regional certificate, the region's
# web ACL, access logs to the region's log bucket (which admits ELB delivery under `alb/`).
locals {
  account = read_terragrunt_config(find_in_parent_folders("account.hcl")).locals
  env     = read_terragrunt_config(find_in_parent_folders("env.hcl")).locals
  region  = read_terragrunt_config(find_in_parent_folders("region.hcl")).locals
  mock    = "0badc0de" # marks mock outputs; the apply path refuses any plan that contains it
}

terraform {
  source = "${get_repo_root()}/modules//alb"
}

dependency "vpc" {
  config_path = "../vpc"
  mock_outputs = {
    vpc_id            = "vpc-${local.mock}"
    public_subnet_ids = [for i, az in local.region.azs : "subnet-${local.mock}0${i}"]
  }
  mock_outputs_allowed_terraform_commands = ["validate", "plan"]
}

dependency "security_groups" {
  config_path = "../security-groups"
  mock_outputs = {
    alb_security_group_id = "sg-${local.mock}01"
  }
  mock_outputs_allowed_terraform_commands = ["validate", "plan"]
}

dependency "public_domain" {
  config_path = "../public-domain"
  mock_outputs = {
    regional_certificate_arn = "arn:aws:acm:${local.region.aws_region}:${local.account.account_id}:certificate/${local.mock}-0000-4000-8000-000000000000"
  }
  mock_outputs_allowed_terraform_commands = ["validate", "plan"]
}

dependency "waf" {
  config_path = "../waf"
  mock_outputs = {
    web_acl_arn = "arn:aws:wafv2:${local.region.aws_region}:${local.account.account_id}:regional/webacl/phi-platform-${local.env.environment}-portal/${local.mock}-0000-4000-8000-000000000000"
  }
  mock_outputs_allowed_terraform_commands = ["validate", "plan"]
}

dependency "access_logs" {
  config_path = "../s3-access-logs"
  mock_outputs = {
    bucket_id = "phi-platform-${local.env.environment}-access-logs-${local.mock}"
  }
  mock_outputs_allowed_terraform_commands = ["validate", "plan"]
}

inputs = {
  name                 = "phi-platform-${local.env.environment}-portal"
  scheme               = "internet-facing"
  vpc_id               = dependency.vpc.outputs.vpc_id
  subnet_ids           = dependency.vpc.outputs.public_subnet_ids
  security_group_ids   = [dependency.security_groups.outputs.alb_security_group_id]
  certificate_arn      = dependency.public_domain.outputs.regional_certificate_arn
  web_acl_arn          = dependency.waf.outputs.web_acl_arn
  access_logs_bucket   = dependency.access_logs.outputs.bucket_id
  access_logs_prefix   = "alb"
  target_groups        = { web = { port = 8443 } }
  default_target_group = "web"
  tags                 = { Component = "alb" }
}
