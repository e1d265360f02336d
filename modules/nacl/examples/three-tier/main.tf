# Tier NACLs on a network without NAT gateways: the app tier reaches AWS only through VPC
# endpoints, and serves TLS on 8443 to the load balancer. The rules come from the tier CIDRs
# and ports; nothing is listed by hand.
provider "aws" {
  region = var.region

  default_tags {
    tags = {
      Project            = "phi-platform"
      Environment        = "test"
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
  source = "../../../vpc"

  name                = var.name
  cidr_block          = "10.30.0.0/20"
  availability_zones  = ["us-east-1a", "us-east-1b"]
  nat_gateway_mode    = "none"
  interface_endpoints = ["secretsmanager", "kms", "logs"]

  flow_log_access_log_bucket                = module.access_logs.bucket_id
  flow_log_file_format                      = var.flow_log_file_format
  flow_log_bucket_eventbridge_notifications = var.eventbridge_notifications
  flow_log_bucket_force_destroy             = var.force_destroy_logs
}

module "nacl" {
  source = "../.."

  name                = var.name
  vpc_id              = module.vpc.vpc_id
  public_subnet_ids   = module.vpc.public_subnet_ids
  app_subnet_ids      = module.vpc.app_subnet_ids
  data_subnet_ids     = module.vpc.data_subnet_ids
  public_subnet_cidrs = module.vpc.public_subnet_cidrs
  app_subnet_cidrs    = module.vpc.app_subnet_cidrs
  data_subnet_cidrs   = module.vpc.data_subnet_cidrs
  app_port            = 8443
  nat_egress_ports    = []
}
