# Document intake (modules/intake): patients ask the upload API (patient-pool token) for a
# pre-signed URL, files land in the module's own PHI bucket (SSE-KMS under the region's key,
# access logged to the access-logs bucket), a queue feeds the processing function, doctors
# are notified by id only. Both functions run in the app subnets behind the application group
# and log in with the rotated `intake` secret; alarms go to the region's alarm topic.
# Work left (README): the database admits the group only through the RDS Proxy (no unit yet).
locals {
  account = read_terragrunt_config(find_in_parent_folders("account.hcl")).locals
  env     = read_terragrunt_config(find_in_parent_folders("env.hcl")).locals
  region  = read_terragrunt_config(find_in_parent_folders("region.hcl")).locals
  mock    = "0badc0de" # marks mock outputs; the apply path refuses any plan that contains it
  logins  = read_terragrunt_config(find_in_parent_folders("_envcommon/database-logins.hcl")).locals.logins
  arn     = "${local.region.aws_region}:${local.account.account_id}"
}

terraform {
  source = "${get_repo_root()}/modules//intake"
}

dependency "kms" {
  config_path = "../kms"
  mock_outputs = {
    key_arn = "arn:aws:kms:${local.arn}:key/${local.mock}-0000-4000-8000-000000000000"
  }
  mock_outputs_allowed_terraform_commands = ["validate", "plan"]
}

dependency "access_logs" {
  config_path = "../s3-access-logs"
  mock_outputs = {
    bucket_id = "phi-platform-${local.mock}-access-logs"
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

dependency "cognito" {
  config_path = "../cognito"
  mock_outputs = {
    patient_user_pool_id = "${local.region.aws_region}_${local.mock}"
    patient_client_id    = "${local.mock}patientclient"
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
  name              = "phi-platform-${local.env.environment}-${local.region.aws_region}-intake"
  bucket_name       = "phi-platform-${local.env.environment}-intake-${local.account.account_id}-${local.region.aws_region}"
  kms_key_arn       = dependency.kms.outputs.key_arn
  access_log_bucket = dependency.access_logs.outputs.bucket_id
  vpc_config = {
    subnet_ids         = dependency.vpc.outputs.app_subnet_ids
    security_group_ids = [dependency.security_groups.outputs.app_security_group_id]
  }
  database = {
    secret_arn         = dependency.db_secrets.outputs.app_secret_arns["intake"]
    secret_kms_key_arn = dependency.kms.outputs.key_arn # the rotation unit's key
  }
  jwt = {
    issuer   = "https://cognito-idp.${local.region.aws_region}.amazonaws.com/${dependency.cognito.outputs.patient_user_pool_id}"
    audience = [dependency.cognito.outputs.patient_client_id]
  }
  alarm_actions = [dependency.alarm_topic.outputs.topic_arn]
  package_dir   = "${get_repo_root()}/build/lambda"
  tags          = { Component = "intake" }
}
