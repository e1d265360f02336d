# A non-production network: two AZs, one NAT gateway for the whole VPC (cost mode), no VPN,
# flow logs to S3 only. The load balancer takes HTTPS from anywhere, and HTTP only for the
# redirect to HTTPS.
provider "aws" {
  region = var.region

  default_tags {
    tags = {
      Project            = "phi-platform"
      Environment        = "dev"
      DataClassification = "PHI"
    }
  }
}

data "aws_caller_identity" "current" {}

locals {
  suffix = data.aws_caller_identity.current.account_id
}

module "access_logs" {
  source = "../../../s3-bucket"

  name    = "${var.name}-access-logs-${local.suffix}"
  profile = "log"
  log_delivery = {
    s3_server_access_logs = true
    source_bucket_arns    = ["arn:aws:s3:::${var.name}-vpc-flow-logs-${local.suffix}"]
  }
  expiration_days           = 2557
  eventbridge_notifications = var.eventbridge_notifications
  force_destroy             = var.force_destroy_logs
}

module "vpc" {
  source = "../.."

  name               = var.name
  cidr_block         = "10.20.0.0/16"
  availability_zones = var.availability_zones
  nat_gateway_mode   = "single"

  flow_log_access_log_bucket                = module.access_logs.bucket_id
  flow_log_file_format                      = var.flow_log_file_format
  flow_log_bucket_eventbridge_notifications = var.eventbridge_notifications
  flow_log_bucket_force_destroy             = var.force_destroy_logs

  endpoint_security_group_ids = [module.security_groups.endpoints_security_group_id]
}

module "nacl" {
  source = "../../../nacl"

  name                = var.name
  vpc_id              = module.vpc.vpc_id
  public_subnet_ids   = module.vpc.public_subnet_ids
  app_subnet_ids      = module.vpc.app_subnet_ids
  data_subnet_ids     = module.vpc.data_subnet_ids
  public_subnet_cidrs = module.vpc.public_subnet_cidrs
  app_subnet_cidrs    = module.vpc.app_subnet_cidrs
  data_subnet_cidrs   = module.vpc.data_subnet_cidrs
  http_redirect       = true
}

module "security_groups" {
  source = "../../../security-groups"

  name                   = var.name
  vpc_id                 = module.vpc.vpc_id
  alb_ingress_cloudfront = false
  alb_ingress_cidrs      = ["0.0.0.0/0"]
  alb_http_redirect      = true
}
