# The region's alarm topic (modules/sns-topic): the workflows' CloudWatch alarms (outreach,
# intake: function errors, dead letters, old messages) publish here; subscribe the on-call.
# Encrypted under the region's key, whose policy admits CloudWatch alarms (AlarmDelivery in
# kms.hcl). Only the named alarms may publish (aws:SourceArn, exact ARNs: the module takes no
# wildcard); their names follow the workflows' names in outreach.hcl and intake.hcl.
locals {
  account  = read_terragrunt_config(find_in_parent_folders("account.hcl")).locals
  env      = read_terragrunt_config(find_in_parent_folders("env.hcl")).locals
  region   = read_terragrunt_config(find_in_parent_folders("region.hcl")).locals
  mock     = "0badc0de" # marks mock outputs; the apply path refuses any plan that contains it
  prefix   = "phi-platform-${local.env.environment}-${local.region.aws_region}"
  outreach = ["plan", "send", "redeem", "weekly"]
  intake   = ["process", "upload"]
  alarm_names = concat(
    [for f in local.outreach : "${local.prefix}-outreach-${f}-errors"],
    [for f in local.outreach : "${local.prefix}-outreach-${f}-dlq-not-empty"],
    ["${local.prefix}-outreach-send-oldest-message"],
    [for f in local.intake : "${local.prefix}-intake-${f}-errors"],
    [for f in local.intake : "${local.prefix}-intake-${f}-dlq-not-empty"],
    ["${local.prefix}-intake-objects-dlq-not-empty", "${local.prefix}-intake-objects-oldest-message"],
  )
}

terraform {
  source = "${get_repo_root()}/modules//sns-topic"
}

dependency "kms" {
  config_path = "../kms"
  mock_outputs = {
    key_arn = "arn:aws:kms:${local.region.aws_region}:${local.account.account_id}:key/${local.mock}-0000-4000-8000-000000000000"
  }
  mock_outputs_allowed_terraform_commands = ["validate", "plan"]
}

inputs = {
  name        = "${local.prefix}-alarms"
  kms_key_arn = dependency.kms.outputs.key_arn
  allowed_publishers = {
    CloudWatchAlarms = {
      service     = "cloudwatch.amazonaws.com"
      source_arns = [for n in distinct(local.alarm_names) : "arn:aws:cloudwatch:${local.region.aws_region}:${local.account.account_id}:alarm:${n}"]
    }
  }
  tags = { Component = "alarm-topic" }
}
