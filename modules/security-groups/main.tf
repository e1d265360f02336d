# The chain load balancer -> application -> database proxy -> database, plus cache, VPC
# endpoints and the secret rotation function. Each group admits only the previous hop, on the
# one port it needs, and its egress reaches only the next hop: no group has an all-ports
# egress rule, and groups that only answer (database, cache, endpoints) have no egress at all
# (AWS's default allow-all egress rule is removed when Terraform creates a group).
#
#   internet/CloudFront --443--> alb --app_port--> app --database_port--> proxy --database_port--> db
#                                                   |--cache_port--> cache
#                                                   |--443--> endpoints, S3 (prefix list), app_https_egress_cidrs
#   rotation --database_port--> db, proxy;  rotation --443--> endpoints
#
# Every rule is its own resource and refers to its groups directly, so plan JSON (and the
# reachability tests) can tell which group each rule belongs to and which group it admits.

data "aws_region" "current" {}

data "aws_ec2_managed_prefix_list" "cloudfront" {
  count = var.alb_ingress_cloudfront ? 1 : 0
  name  = "com.amazonaws.global.cloudfront.origin-facing"
}

data "aws_ec2_managed_prefix_list" "s3" {
  count = var.app_egress_to_s3 ? 1 : 0
  name  = "com.amazonaws.${data.aws_region.current.name}.s3"
}

resource "aws_security_group" "alb" {
  #checkov:skip=CKV2_AWS_5:Attached by the module that creates the alb resource (see README: which module consumes which group); this module only defines the chain.
  name        = "${var.name}-alb"
  description = "Load balancer: HTTPS from the admitted sources; reaches only the application port of the app group"
  vpc_id      = var.vpc_id
  tags        = merge(var.tags, { Name = "${var.name}-alb" })
}

resource "aws_security_group" "app" {
  #checkov:skip=CKV2_AWS_5:Attached by the module that creates the app resource (see README: which module consumes which group); this module only defines the chain.
  name        = "${var.name}-app"
  description = "Application: the app port from the load balancer only; reaches the database proxy, the cache, the VPC endpoints and HTTPS egress"
  vpc_id      = var.vpc_id
  tags        = merge(var.tags, { Name = "${var.name}-app" })
}

resource "aws_security_group" "proxy" {
  #checkov:skip=CKV2_AWS_5:Attached by the module that creates the proxy resource (see README: which module consumes which group); this module only defines the chain.
  name        = "${var.name}-proxy"
  description = "Database proxy: the database port from the application and the rotation function; reaches only the database"
  vpc_id      = var.vpc_id
  tags        = merge(var.tags, { Name = "${var.name}-proxy" })
}

resource "aws_security_group" "db" {
  #checkov:skip=CKV2_AWS_5:Attached by the module that creates the db resource (see README: which module consumes which group); this module only defines the chain.
  name        = "${var.name}-db"
  description = "Database: the database port from the proxy and the rotation function only; no egress"
  vpc_id      = var.vpc_id
  tags        = merge(var.tags, { Name = "${var.name}-db" })
}

resource "aws_security_group" "cache" {
  #checkov:skip=CKV2_AWS_5:Attached by the module that creates the cache resource (see README: which module consumes which group); this module only defines the chain.
  name        = "${var.name}-cache"
  description = "Cache: the cache port from the application only; no egress"
  vpc_id      = var.vpc_id
  tags        = merge(var.tags, { Name = "${var.name}-cache" })
}

resource "aws_security_group" "rotation" {
  #checkov:skip=CKV2_AWS_5:Attached by the module that creates the rotation resource (see README: which module consumes which group); this module only defines the chain.
  name        = "${var.name}-rotation"
  description = "Secret rotation function: no ingress; reaches the database, the proxy and the VPC endpoints only"
  vpc_id      = var.vpc_id
  tags        = merge(var.tags, { Name = "${var.name}-rotation" })
}

# With endpoints_security_group_id the chain's endpoint rules go on that group (the network
# tier's own endpoint group, which it attaches to the endpoints it creates) and none is made here.
resource "aws_security_group" "endpoints" {
  #checkov:skip=CKV2_AWS_5:Attached by the module that creates the endpoints resource (see README: which module consumes which group); this module only defines the chain.
  count = var.endpoints_security_group_id == null ? 1 : 0

  name        = "${var.name}-endpoints"
  description = "Interface VPC endpoints: HTTPS from the application and the rotation function only; no egress"
  vpc_id      = var.vpc_id
  tags        = merge(var.tags, { Name = "${var.name}-endpoints" })
}
