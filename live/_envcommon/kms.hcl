# The region's customer-managed key for PHI at rest. AWS services use it on the caller's
# behalf (kms:ViaService, this account only): S3, Secrets Manager, RDS, ElastiCache, Lambda
# environments, the SQS/SNS queues and topics of the workflows, and the portal's ECR images. CloudWatch Logs encrypts
# this account's log groups in this region with it.
locals {
  account = read_terragrunt_config(find_in_parent_folders("account.hcl")).locals
  env     = read_terragrunt_config(find_in_parent_folders("env.hcl")).locals
  region  = read_terragrunt_config(find_in_parent_folders("region.hcl")).locals
}

terraform {
  source = "${get_repo_root()}/modules//kms"
}

inputs = {
  alias                   = "phi-platform-${local.env.environment}-data"
  description             = "PHI at rest in ${local.env.environment} ${local.region.aws_region}"
  deletion_window_in_days = local.env.kms_deletion_window_in_days
  via_services = [
    for service in ["s3", "secretsmanager", "rds", "elasticache", "lambda", "sqs", "sns", "ecr"] :
    "${service}.${local.region.aws_region}.amazonaws.com"
  ]
  service_principals = {
    CloudWatchLogs = {
      principal = "logs.${local.region.aws_region}.amazonaws.com"
      actions   = ["kms:Decrypt*", "kms:Describe*", "kms:Encrypt*", "kms:GenerateDataKey*", "kms:ReEncrypt*"]
      conditions = [{
        test     = "ArnLike"
        variable = "kms:EncryptionContext:aws:logs:arn"
        values   = ["arn:aws:logs:${local.region.aws_region}:${local.account.account_id}:log-group:*"]
      }]
    }
    # CloudWatch alarms and EventBridge rules publish to the KMS-encrypted alarm topics and
    # dead-letter queues of this account (e.g. the secret rotation's).
    AlarmDelivery = {
      principal = "cloudwatch.amazonaws.com"
      actions   = ["kms:Decrypt", "kms:GenerateDataKey*"]
      conditions = [{
        test     = "StringEquals"
        variable = "aws:SourceAccount"
        values   = [local.account.account_id]
      }]
    }
    # The portal's Fargate tasks: ephemeral storage encrypted under this key (ecs-fargate unit).
    FargateEphemeralStorageDataKeys = {
      principal = "fargate.amazonaws.com"
      actions   = ["kms:GenerateDataKeyWithoutPlaintext"]
      conditions = [
        { test = "StringEquals", variable = "kms:EncryptionContext:aws:ecs:clusterAccount", values = [local.account.account_id] },
        { test = "StringEquals", variable = "kms:EncryptionContext:aws:ecs:clusterName", values = ["phi-platform-${local.env.environment}-portal-web"] },
      ]
    }
    FargateEphemeralStorageGrants = {
      principal = "fargate.amazonaws.com"
      actions   = ["kms:CreateGrant"]
      conditions = [
        { test = "StringEquals", variable = "kms:EncryptionContext:aws:ecs:clusterAccount", values = [local.account.account_id] },
        { test = "StringEquals", variable = "kms:EncryptionContext:aws:ecs:clusterName", values = ["phi-platform-${local.env.environment}-portal-web"] },
        { test = "ForAllValues:StringEquals", variable = "kms:GrantOperations", values = ["Decrypt"] },
      ]
    }
    # The portal site's distributions read the KMS-encrypted origin bucket (cloudfront-s3 unit).
    CloudFrontReadsOrigin = {
      principal = "cloudfront.amazonaws.com"
      actions   = ["kms:Decrypt"]
      conditions = [{
        test     = "ArnLike"
        variable = "aws:SourceArn"
        values   = ["arn:aws:cloudfront::${local.account.account_id}:distribution/*"]
      }]
    }
    EventDelivery = {
      principal = "events.amazonaws.com"
      actions   = ["kms:Decrypt", "kms:GenerateDataKey*"]
      conditions = [{
        test     = "StringEquals"
        variable = "aws:SourceAccount"
        values   = [local.account.account_id]
      }]
    }
  }
  tags = { Component = "kms" }
}
