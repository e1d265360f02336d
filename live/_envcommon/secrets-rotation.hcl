# Monthly rotation of the application's database credentials (alternating users) under the
# region's key. The function runs in the app subnets and reaches the database and the VPC
# endpoints only.
#
# No RDS Proxy yet (`proxy_auth_secrets` off, `proxy` null): the proxy is built from this unit's
# proxy secrets while this unit needs the proxy's endpoint, a cycle between two units that
# tests/live/test_tree.py lists as work left (NOT_YET_WIRED rds-proxy). testSecret checks new
# credentials against the database directly.
locals {
  account = read_terragrunt_config(find_in_parent_folders("account.hcl")).locals
  env     = read_terragrunt_config(find_in_parent_folders("env.hcl")).locals
  region  = read_terragrunt_config(find_in_parent_folders("region.hcl")).locals
  mock    = "0badc0de" # marks mock outputs; the apply path refuses any plan that contains it
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
    vpc_id                      = "vpc-${local.mock}"
    app_subnet_ids              = [for i, az in local.region.azs : "subnet-${local.mock}1${i}"]
    endpoint_security_group_ids = ["sg-${local.mock}07"]
  }
  mock_outputs_allowed_terraform_commands = ["validate", "plan"]
}

dependency "security_groups" {
  config_path = "../security-groups"
  mock_outputs = {
    db_security_group_id = "sg-${local.mock}04"
  }
  mock_outputs_allowed_terraform_commands = ["validate", "plan"]
}

dependency "db" {
  config_path = "../rds-postgres"
  mock_outputs = {
    db_instance_address = "${local.mock}.rds.${local.region.aws_region}.amazonaws.com"
    db_instance_name    = "app${local.mock}"
    master_secret_arn   = "${local.arn}:rds!db-${local.mock}-0000-4000-8000-000000000000-AbCdEf"
  }
  mock_outputs_allowed_terraform_commands = ["validate", "plan"]
}

inputs = {
  name      = "phi-platform-${local.env.environment}-${local.region.aws_region}-app-db"
  app_users = ["app", "outreach", "redeem", "intake"] # one login per workload (workflow units)
  database = {
    host              = dependency.db.outputs.db_instance_address
    dbname            = dependency.db.outputs.db_instance_name
    master_secret_arn = dependency.db.outputs.master_secret_arn
  }
  kms_key_arn                  = dependency.kms.outputs.key_arn
  vpc_id                       = dependency.vpc.outputs.vpc_id
  subnet_ids                   = dependency.vpc.outputs.app_subnet_ids
  database_security_group_id   = dependency.security_groups.outputs.db_security_group_id
  endpoint_security_group_ids  = dependency.vpc.outputs.endpoint_security_group_ids
  secrets_manager_endpoint_url = "https://secretsmanager.${local.region.aws_region}.amazonaws.com"
  ca_bundle_path               = "/opt/rds-ca/${local.region.aws_region}-bundle.pem"
  package_path                 = "${get_repo_root()}/build/lambda/rotation_postgres.zip"
  tags                         = { Component = "secrets-rotation" }
}
