# Sign-in for the patient portal and the staff portal (modules/cognito): two user pools with
# TOTP MFA required, threat protection enforced and deletion protection in every environment
# (the module defaults), invited accounts only, e-mail through the ses unit's identity, one
# public SPA client per pool on the portal host names derived from the environment's domain.
# No Cognito-hosted domain: managed login moves to a custom domain with the web edge.
locals {
  account = read_terragrunt_config(find_in_parent_folders("account.hcl")).locals
  env     = read_terragrunt_config(find_in_parent_folders("env.hcl")).locals
  region  = read_terragrunt_config(find_in_parent_folders("region.hcl")).locals
  mock    = "0badc0de" # marks mock outputs; the apply path refuses any plan that contains it
  domain  = local.env.public_domain
}

terraform {
  source = "${get_repo_root()}/modules//cognito"
}

dependency "ses" {
  config_path = "../ses"
  mock_outputs = {
    identity_arn    = "arn:aws:ses:${local.region.aws_region}:${local.account.account_id}:identity/${local.mock}.example.com"
    identity_domain = "${local.mock}.example.com"
  }
  mock_outputs_allowed_terraform_commands = ["validate", "plan"]
}

inputs = {
  name               = "phi-platform-${local.env.environment}"
  ses_identity_arn   = dependency.ses.outputs.identity_arn
  from_email_address = "PHI Platform <no-reply@${dependency.ses.outputs.identity_domain}>"
  patient_app_urls = {
    callback_urls = ["https://portal.${local.domain}/auth/callback"]
    logout_urls   = ["https://portal.${local.domain}/"]
  }
  staff_app_urls = {
    callback_urls = ["https://staff.${local.domain}/auth/callback"]
    logout_urls   = ["https://staff.${local.domain}/"]
  }
  tags = { Component = "cognito" }
}
