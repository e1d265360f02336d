# --- load balancer ------------------------------------------------------------------------

resource "aws_vpc_security_group_ingress_rule" "alb_https_from_cloudfront" {
  count = var.alb_ingress_cloudfront ? 1 : 0

  security_group_id = aws_security_group.alb.id
  description       = "HTTPS from CloudFront origin-facing servers"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  prefix_list_id    = data.aws_ec2_managed_prefix_list.cloudfront[0].id
  tags              = var.tags
}

resource "aws_vpc_security_group_ingress_rule" "alb_https_from_cidrs" {
  for_each = toset(var.alb_ingress_cidrs)

  security_group_id = aws_security_group.alb.id
  description       = "HTTPS from ${each.key}"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = each.key
  tags              = var.tags
}

resource "aws_vpc_security_group_ingress_rule" "alb_http_from_cidrs" {
  #checkov:skip=CKV_AWS_260:Port 80 is admitted only with alb_http_redirect, for a listener whose only action is a permanent redirect to HTTPS (CKV2_AWS_20 asks for exactly that redirect); no content is served over HTTP.
  for_each = var.alb_http_redirect ? toset(var.alb_ingress_cidrs) : toset([])

  security_group_id = aws_security_group.alb.id
  description       = "HTTP from ${each.key}, redirected to HTTPS by the listener"
  ip_protocol       = "tcp"
  from_port         = 80
  to_port           = 80
  cidr_ipv4         = each.key
  tags              = var.tags
}

resource "aws_vpc_security_group_egress_rule" "alb_to_app" {
  security_group_id            = aws_security_group.alb.id
  description                  = "To the application port (traffic and health checks)"
  ip_protocol                  = "tcp"
  from_port                    = var.app_port
  to_port                      = var.app_port
  referenced_security_group_id = aws_security_group.app.id
  tags                         = var.tags
}

# --- application ----------------------------------------------------------------------------

resource "aws_vpc_security_group_ingress_rule" "app_from_alb" {
  security_group_id            = aws_security_group.app.id
  description                  = "Application port from the load balancer"
  ip_protocol                  = "tcp"
  from_port                    = var.app_port
  to_port                      = var.app_port
  referenced_security_group_id = aws_security_group.alb.id
  tags                         = var.tags
}

resource "aws_vpc_security_group_egress_rule" "app_to_proxy" {
  security_group_id            = aws_security_group.app.id
  description                  = "To the database proxy"
  ip_protocol                  = "tcp"
  from_port                    = var.database_port
  to_port                      = var.database_port
  referenced_security_group_id = aws_security_group.proxy.id
  tags                         = var.tags
}

resource "aws_vpc_security_group_egress_rule" "app_to_cache" {
  security_group_id            = aws_security_group.app.id
  description                  = "To the cache"
  ip_protocol                  = "tcp"
  from_port                    = var.cache_port
  to_port                      = var.cache_port
  referenced_security_group_id = aws_security_group.cache.id
  tags                         = var.tags
}

resource "aws_vpc_security_group_egress_rule" "app_to_endpoints" {
  security_group_id            = aws_security_group.app.id
  description                  = "HTTPS to the interface VPC endpoints"
  ip_protocol                  = "tcp"
  from_port                    = 443
  to_port                      = 443
  referenced_security_group_id = coalesce(var.endpoints_security_group_id, one(aws_security_group.endpoints[*].id))
  tags                         = var.tags
}

resource "aws_vpc_security_group_egress_rule" "app_to_s3" {
  count = var.app_egress_to_s3 ? 1 : 0

  security_group_id = aws_security_group.app.id
  description       = "HTTPS to Amazon S3 through the S3 gateway endpoint"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  prefix_list_id    = data.aws_ec2_managed_prefix_list.s3[0].id
  tags              = var.tags
}

resource "aws_vpc_security_group_egress_rule" "app_https_to_cidrs" {
  for_each = toset(var.app_https_egress_cidrs)

  security_group_id = aws_security_group.app.id
  description       = "HTTPS to ${each.key} (through NAT or the VPN)"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = each.key
  tags              = var.tags
}

# --- database proxy ------------------------------------------------------------------------

resource "aws_vpc_security_group_ingress_rule" "proxy_from_app" {
  security_group_id            = aws_security_group.proxy.id
  description                  = "Database port from the application"
  ip_protocol                  = "tcp"
  from_port                    = var.database_port
  to_port                      = var.database_port
  referenced_security_group_id = aws_security_group.app.id
  tags                         = var.tags
}

resource "aws_vpc_security_group_ingress_rule" "proxy_from_rotation" {
  security_group_id            = aws_security_group.proxy.id
  description                  = "Database port from the rotation function (testSecret probe)"
  ip_protocol                  = "tcp"
  from_port                    = var.database_port
  to_port                      = var.database_port
  referenced_security_group_id = aws_security_group.rotation.id
  tags                         = var.tags
}

resource "aws_vpc_security_group_egress_rule" "proxy_to_db" {
  security_group_id            = aws_security_group.proxy.id
  description                  = "To the database"
  ip_protocol                  = "tcp"
  from_port                    = var.database_port
  to_port                      = var.database_port
  referenced_security_group_id = aws_security_group.db.id
  tags                         = var.tags
}

# --- database -------------------------------------------------------------------------------

resource "aws_vpc_security_group_ingress_rule" "db_from_proxy" {
  security_group_id            = aws_security_group.db.id
  description                  = "Database port from the database proxy"
  ip_protocol                  = "tcp"
  from_port                    = var.database_port
  to_port                      = var.database_port
  referenced_security_group_id = aws_security_group.proxy.id
  tags                         = var.tags
}

resource "aws_vpc_security_group_ingress_rule" "db_from_rotation" {
  security_group_id            = aws_security_group.db.id
  description                  = "Database port from the rotation function (rotates on the instance, not through the proxy)"
  ip_protocol                  = "tcp"
  from_port                    = var.database_port
  to_port                      = var.database_port
  referenced_security_group_id = aws_security_group.rotation.id
  tags                         = var.tags
}

# --- cache ----------------------------------------------------------------------------------

resource "aws_vpc_security_group_ingress_rule" "cache_from_app" {
  security_group_id            = aws_security_group.cache.id
  description                  = "Cache port from the application"
  ip_protocol                  = "tcp"
  from_port                    = var.cache_port
  to_port                      = var.cache_port
  referenced_security_group_id = aws_security_group.app.id
  tags                         = var.tags
}

# --- interface endpoints ----------------------------------------------------------------------
# The endpoints group is the given one or this module's; each rule names it inline (not through
# a local) so that plan JSON references lead to the group (tests/modules/test_reachability.py).

resource "aws_vpc_security_group_ingress_rule" "endpoints_from_app" {
  security_group_id            = coalesce(var.endpoints_security_group_id, one(aws_security_group.endpoints[*].id))
  description                  = "HTTPS from the application"
  ip_protocol                  = "tcp"
  from_port                    = 443
  to_port                      = 443
  referenced_security_group_id = aws_security_group.app.id
  tags                         = var.tags
}

resource "aws_vpc_security_group_ingress_rule" "endpoints_from_rotation" {
  security_group_id            = coalesce(var.endpoints_security_group_id, one(aws_security_group.endpoints[*].id))
  description                  = "HTTPS from the rotation function (Secrets Manager, KMS)"
  ip_protocol                  = "tcp"
  from_port                    = 443
  to_port                      = 443
  referenced_security_group_id = aws_security_group.rotation.id
  tags                         = var.tags
}

# --- rotation function ------------------------------------------------------------------------

resource "aws_vpc_security_group_egress_rule" "rotation_to_db" {
  security_group_id            = aws_security_group.rotation.id
  description                  = "To the database instance"
  ip_protocol                  = "tcp"
  from_port                    = var.database_port
  to_port                      = var.database_port
  referenced_security_group_id = aws_security_group.db.id
  tags                         = var.tags
}

resource "aws_vpc_security_group_egress_rule" "rotation_to_proxy" {
  security_group_id            = aws_security_group.rotation.id
  description                  = "To the database proxy (testSecret probe)"
  ip_protocol                  = "tcp"
  from_port                    = var.database_port
  to_port                      = var.database_port
  referenced_security_group_id = aws_security_group.proxy.id
  tags                         = var.tags
}

resource "aws_vpc_security_group_egress_rule" "rotation_to_endpoints" {
  security_group_id            = aws_security_group.rotation.id
  description                  = "HTTPS to the interface VPC endpoints (Secrets Manager, KMS)"
  ip_protocol                  = "tcp"
  from_port                    = 443
  to_port                      = 443
  referenced_security_group_id = coalesce(var.endpoints_security_group_id, one(aws_security_group.endpoints[*].id))
  tags                         = var.tags
}
