# The workflows' HTTP API (modules/http-api): staff plan campaigns with a staff-pool token
# (JWT, audience the staff SPA client), patients open their links without one (public, tightly
# throttled). Access logs under the region's key. No custom domain yet: the link host
# (outreach.hcl link_base_url) is mapped to this API by the web edge's domain and certificate.
locals {
  account = read_terragrunt_config(find_in_parent_folders("account.hcl")).locals
  env     = read_terragrunt_config(find_in_parent_folders("env.hcl")).locals
  region  = read_terragrunt_config(find_in_parent_folders("region.hcl")).locals
  mock    = "0badc0de" # marks mock outputs; the apply path refuses any plan that contains it
  arn     = "${local.region.aws_region}:${local.account.account_id}"
  public  = { authorization = "NONE", timeout_ms = 5000 }
}

terraform {
  source = "${get_repo_root()}/modules//http-api"
}

dependency "kms" {
  config_path = "../kms"
  mock_outputs = {
    key_arn = "arn:aws:kms:${local.arn}:key/${local.mock}-0000-4000-8000-000000000000"
  }
  mock_outputs_allowed_terraform_commands = ["validate", "plan"]
}

dependency "cognito" {
  config_path = "../cognito"
  mock_outputs = {
    staff_user_pool_id = "${local.region.aws_region}_${local.mock}"
    staff_client_id    = "${local.mock}staffclient"
  }
  mock_outputs_allowed_terraform_commands = ["validate", "plan"]
}

dependency "outreach" {
  config_path = "../outreach"
  mock_outputs = {
    plan_alias_arn   = "arn:aws:lambda:${local.arn}:function:${local.mock}-plan:live"
    redeem_alias_arn = "arn:aws:lambda:${local.arn}:function:${local.mock}-redeem:live"
  }
  mock_outputs_allowed_terraform_commands = ["validate", "plan"]
}

inputs = {
  name            = "phi-platform-${local.env.environment}-workflows"
  log_kms_key_arn = dependency.kms.outputs.key_arn
  jwt = {
    issuer   = "https://cognito-idp.${local.region.aws_region}.amazonaws.com/${dependency.cognito.outputs.staff_user_pool_id}"
    audience = [dependency.cognito.outputs.staff_client_id]
  }
  routes = {
    "POST /campaigns/{campaign_id}/plan" = { alias_arn = dependency.outreach.outputs.plan_alias_arn }
    "GET /r/{token}"                     = merge(local.public, { alias_arn = dependency.outreach.outputs.redeem_alias_arn })
    "POST /r/{token}"                    = merge(local.public, { alias_arn = dependency.outreach.outputs.redeem_alias_arn })
  }
  route_throttling = {
    "GET /r/{token}"  = { burst_limit = 20, rate_limit = 10 }
    "POST /r/{token}" = { burst_limit = 20, rate_limit = 10 }
  }
  tags = { Component = "workflows-api" }
}
