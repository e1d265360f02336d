# Vaccination outreach (modules/outreach): planner, sender, link redemption and the weekly job,
# in the app subnets behind the application security group, whose egress reaches the database
# proxy, the VPC endpoints and S3 only. Each function logs in with its own rotated secret
# (secrets-rotation app users `outreach`, `redeem`), sends e-mail from the ses unit's domain
# through its TLS-only configuration set, writes the weekly report to the PHI data bucket and
# alarms to the region's alarm topic. The workflows-api unit routes staff and links to it.
# The functions reach the database through the secrets-rotation unit's RDS Proxy (their secrets
# name it). Work left (README): the group has no HTTPS egress to SES (no SES VPC endpoint in the
# vpc unit).
locals {
  account = read_terragrunt_config(find_in_parent_folders("account.hcl")).locals
  env     = read_terragrunt_config(find_in_parent_folders("env.hcl")).locals
  region  = read_terragrunt_config(find_in_parent_folders("region.hcl")).locals
  mock    = "0badc0de" # marks mock outputs; the apply path refuses any plan that contains it
  logins  = read_terragrunt_config(find_in_parent_folders("_envcommon/database-logins.hcl")).locals.logins
  arn     = "${local.region.aws_region}:${local.account.account_id}"
  # ses.hcl's configuration set: its output is null on the emulator (which cannot hold one).
  configuration_set = "phi-platform-${local.env.environment}-tls-required"
}

terraform {
  source = "${get_repo_root()}/modules//outreach"
}

dependency "kms" {
  config_path = "../kms"
  mock_outputs = {
    key_arn = "arn:aws:kms:${local.arn}:key/${local.mock}-0000-4000-8000-000000000000"
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

dependency "db_secrets" {
  config_path = "../secrets-rotation"
  mock_outputs = {
    app_secret_arns = {
      for user in local.logins :
      user => "arn:aws:secretsmanager:${local.arn}:secret:${local.mock}/${user}-AbCdEf"
    }
  }
  mock_outputs_allowed_terraform_commands = ["validate", "plan"]
}

dependency "ses" {
  config_path = "../ses"
  mock_outputs = {
    identity_arn    = "arn:aws:ses:${local.arn}:identity/${local.mock}.example.com"
    identity_domain = "${local.mock}.example.com"
  }
  mock_outputs_allowed_terraform_commands = ["validate", "plan"]
}

dependency "phi_data" {
  config_path = "../s3-phi-data"
  mock_outputs = {
    bucket_arn = "arn:aws:s3:::${local.mock}-phi-data"
  }
  mock_outputs_allowed_terraform_commands = ["validate", "plan"]
}

dependency "alarm_topic" {
  config_path = "../alarm-topic"
  mock_outputs = {
    topic_arn = "arn:aws:sns:${local.arn}:${local.mock}-alarms"
  }
  mock_outputs_allowed_terraform_commands = ["validate", "plan"]
}

inputs = {
  name        = "phi-platform-${local.env.environment}-${local.region.aws_region}-outreach"
  kms_key_arn = dependency.kms.outputs.key_arn
  vpc_config = {
    subnet_ids         = dependency.vpc.outputs.app_subnet_ids
    security_group_ids = [dependency.security_groups.outputs.app_security_group_id]
  }
  database = {
    outreach_secret_arn = dependency.db_secrets.outputs.app_secret_arns["outreach"]
    redeem_secret_arn   = dependency.db_secrets.outputs.app_secret_arns["redeem"]
    secret_kms_key_arn  = dependency.kms.outputs.key_arn # the rotation unit's key
  }
  email = {
    from_address           = "outreach@${dependency.ses.outputs.identity_domain}"
    identity_arn           = dependency.ses.outputs.identity_arn
    configuration_set_name = local.configuration_set
    configuration_set_arn  = "arn:aws:ses:${local.arn}:configuration-set/${local.configuration_set}"
  }
  # The link host of the environment's domain. The API has no custom domain yet (it comes
  # with the domain and certificate unit of the web edge), so until then links resolve nowhere.
  link_base_url = "https://links.${local.env.public_domain}"
  report_bucket = {
    arn         = dependency.phi_data.outputs.bucket_arn
    kms_key_arn = dependency.kms.outputs.key_arn
  }
  alarm_actions = [dependency.alarm_topic.outputs.topic_arn]
  package_dir   = "${get_repo_root()}/build/lambda"
  tags          = { Component = "outreach" }
}
