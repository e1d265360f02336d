# The portal's web service on Fargate: private app subnets, the chain's app group (only the
# load balancer reaches it), registered in the alb unit's `web` target group (HTTPS to 8443),
# logs, images and ephemeral storage under the region's key.
locals {
  account = read_terragrunt_config(find_in_parent_folders("account.hcl")).locals
  env     = read_terragrunt_config(find_in_parent_folders("env.hcl")).locals
  region  = read_terragrunt_config(find_in_parent_folders("region.hcl")).locals
  mock    = "0badc0de" # marks mock outputs; the apply path refuses any plan that contains it
}

terraform {
  source = "${get_repo_root()}/modules//ecs-fargate"
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
    app_subnet_ids = [for i, az in local.region.azs : "subnet-${local.mock}1${i}"]
  }
  mock_outputs_allowed_terraform_commands = ["validate", "plan"]
}

dependency "security_groups" {
  config_path = "../security-groups"
  mock_outputs = {
    app_security_group_id = "sg-${local.mock}02"
  }
  mock_outputs_allowed_terraform_commands = ["validate", "plan"]
}

dependency "alb" {
  config_path = "../alb"
  mock_outputs = {
    target_group_arns = { web = "arn:aws:elasticloadbalancing:${local.region.aws_region}:${local.account.account_id}:targetgroup/phi-platform-${local.env.environment}-portal-web/${local.mock}00000000" }
    lb_arn_suffix     = "app/phi-platform-${local.env.environment}-portal/${local.mock}00000000"
  }
  mock_outputs_allowed_terraform_commands = ["validate", "plan"]
}

inputs = {
  name               = "phi-platform-${local.env.environment}-portal-web"
  subnet_ids         = dependency.vpc.outputs.app_subnet_ids
  security_group_ids = [dependency.security_groups.outputs.app_security_group_id]
  kms_key_arn        = dependency.kms.outputs.key_arn
  image_tag          = "1.0.0"
  container_port     = 8443
  # The module's `environment` is the container's variables (a map); set it here so the root's
  # `environment = "dev"` input (env.hcl) does not reach it.
  environment = { APP_ENV = local.env.environment }
  load_balancer = {
    target_group_arn = dependency.alb.outputs.target_group_arns["web"]
    lb_arn_suffix    = dependency.alb.outputs.lb_arn_suffix
  }
  tags = { Component = "ecs-fargate" }
}
