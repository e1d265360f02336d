# Monthly rotation of the application's database credentials (alternating users) under the
# region's key, and the RDS Proxy the applications connect through. The function runs in the
# app subnets in the chain's rotation group (which reaches only the database, the proxy and the
# VPC endpoints); the proxy sits in the data subnets in the chain's proxy group.
#
# The proxy is built inside this unit (modules/secrets-rotation `rds_proxy`): it logs in with
# the proxy auth secrets this unit creates and the rotation keeps in sync, while every secret
# names the proxy's endpoint (`proxy_host`). As two units each would need the other's outputs.
locals {
  account = read_terragrunt_config(find_in_parent_folders("account.hcl")).locals
  env     = read_terragrunt_config(find_in_parent_folders("env.hcl")).locals
  region  = read_terragrunt_config(find_in_parent_folders("region.hcl")).locals
  mock    = "0badc0de" # marks mock outputs; the apply path refuses any plan that contains it
  logins  = read_terragrunt_config(find_in_parent_folders("_envcommon/database-logins.hcl")).locals.logins
  arn     = "arn:aws:secretsmanager:${local.region.aws_region}:${local.account.account_id}:secret"
}

terraform {
  source = "${get_repo_root()}/modules//secrets-rotation"
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
    app_subnet_ids  = [for i, az in local.region.azs : "subnet-${local.mock}1${i}"]
    data_subnet_ids = [for i, az in local.region.azs : "subnet-${local.mock}2${i}"]
  }
  mock_outputs_allowed_terraform_commands = ["validate", "plan"]
}

dependency "security_groups" {
  config_path = "../security-groups"
  mock_outputs = {
    proxy_security_group_id    = "sg-${local.mock}03"
    rotation_security_group_id = "sg-${local.mock}06"
  }
  mock_outputs_allowed_terraform_commands = ["validate", "plan"]
}

dependency "db" {
  config_path = "../rds-postgres"
  mock_outputs = {
    db_instance_identifier = "db-${local.mock}"
    db_instance_address    = "${local.mock}.rds.${local.region.aws_region}.amazonaws.com"
    db_instance_name       = "app${local.mock}"
    master_secret_arn      = "${local.arn}:rds!db-${local.mock}-0000-4000-8000-000000000000-AbCdEf"
  }
  mock_outputs_allowed_terraform_commands = ["validate", "plan"]
}

inputs = {
  name      = "phi-platform-${local.env.environment}-${local.region.aws_region}-app-db"
  app_users = local.logins # one login per workload (workflow units)
  database = {
    host              = dependency.db.outputs.db_instance_address
    dbname            = dependency.db.outputs.db_instance_name
    master_secret_arn = dependency.db.outputs.master_secret_arn
  }
  rds_proxy = {
    db_instance_identifier = dependency.db.outputs.db_instance_identifier
    subnet_ids             = dependency.vpc.outputs.data_subnet_ids
    security_group_id      = dependency.security_groups.outputs.proxy_security_group_id
  }
  kms_key_arn                  = dependency.kms.outputs.key_arn
  subnet_ids                   = dependency.vpc.outputs.app_subnet_ids
  security_group_id            = dependency.security_groups.outputs.rotation_security_group_id
  secrets_manager_endpoint_url = "https://secretsmanager.${local.region.aws_region}.amazonaws.com"
  # The RDS regional bundle plus Amazon Root CA 1-4: the proxy presents an ACM certificate.
  ca_bundle_path = "/opt/rds-ca/${local.region.aws_region}-bundle-with-amazon-roots.pem"
  package_path   = "${get_repo_root()}/build/lambda/rotation_postgres.zip"
  tags           = { Component = "secrets-rotation" }
}
