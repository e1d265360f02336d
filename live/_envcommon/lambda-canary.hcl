# The release canary of the Lambda pipeline: lambda_src/hello_phi behind the `live` alias,
# reporting which published version answered. It touches no data and no VPC resource, so it
# runs outside the VPC (said explicitly) and proves a blue/green release path end to end.
locals {
  account = read_terragrunt_config(find_in_parent_folders("account.hcl")).locals
  env     = read_terragrunt_config(find_in_parent_folders("env.hcl")).locals
  region  = read_terragrunt_config(find_in_parent_folders("region.hcl")).locals
  mock    = "0badc0de" # marks mock outputs; the apply path refuses any plan that contains it
}

terraform {
  source = "${get_repo_root()}/modules//lambda-function"
}

dependency "kms" {
  config_path = "../kms"
  mock_outputs = {
    key_arn = "arn:aws:kms:${local.region.aws_region}:${local.account.account_id}:key/${local.mock}-0000-4000-8000-000000000000"
  }
  mock_outputs_allowed_terraform_commands = ["validate", "plan"]
}

inputs = {
  function_name = "phi-platform-${local.env.environment}-${local.region.aws_region}-canary" # IAM role name: unique in the account
  description   = "Release canary: reports the published version behind the live alias"
  package_path  = "${get_repo_root()}/build/lambda/hello_phi.zip"
  handler       = "hello_phi.handler.handler"
  kms_key_arn   = dependency.kms.outputs.key_arn
  vpc_config    = null # calls no VPC resource
  environment = {
    PHI_ENVIRONMENT = local.env.environment
  }
  tags = { Component = "lambda-canary" }
}
