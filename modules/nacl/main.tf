# Deny-by-default network ACLs, one per tier, generated from the tier CIDRs and the ports each
# tier serves. NACLs are stateless: every allowed connection needs a rule for the request and
# one for the reply (to the client's ephemeral port), in both NACLs it crosses. Everything
# not listed falls through to the implicit deny (rule *); the one explicit deny keeps the
# public tier off the app tier's ports other than the app port.
#
#   public  in:  443 (and 80 with http_redirect) from public_ingress_cidrs; NAT-bound traffic
#                from the app tier on nat_egress_ports; replies from anywhere.
#           out: the app port to the app tier; NAT-forwarded traffic on nat_egress_ports;
#                replies to anywhere (clients, and NAT replies to the app tier).
#   app     in:  the app port from the public tier, then DENY everything else from it; 443 from the app tier (interface
#                endpoints across AZs); corporate_to_app_ports from corporate networks;
#                replies from anywhere (S3 gateway endpoint and NAT: public addresses).
#           out: 443 anywhere (endpoints, S3 gateway, NAT); nat_egress_ports; database and
#                cache ports to the data tier; app_to_corporate_ports; replies only to the
#                public tier, the app tier and (if they may connect) corporate networks.
#   data    in:  database and cache ports from the app tier and the data tier itself (proxy
#                to database across AZs, replication); corporate_to_data_ports; replies only
#                from the data tier.
#           out: replies only to the app and data tiers (and corporate networks allowed in);
#                database and cache ports within the data tier. Nothing to anywhere else.

locals {
  ephemeral  = var.ephemeral_ports
  data_ports = distinct(concat(var.database_ports, var.cache_ports))
  any        = "0.0.0.0/0"

  public_ingress = concat(
    [for cidr in var.public_ingress_cidrs : { action = "allow", cidr = cidr, from = 443, to = 443 }],
    var.http_redirect ? [for cidr in var.public_ingress_cidrs : { action = "allow", cidr = cidr, from = 80, to = 80 }] : [],
    flatten([for port in var.nat_egress_ports : [for cidr in var.app_subnet_cidrs : { action = "allow", cidr = cidr, from = port, to = port }]]),
    [{ action = "allow", cidr = local.any, from = local.ephemeral.from, to = local.ephemeral.to }],
  )

  public_egress = concat(
    [for cidr in var.app_subnet_cidrs : { action = "allow", cidr = cidr, from = var.app_port, to = var.app_port }],
    [for port in var.nat_egress_ports : { action = "allow", cidr = local.any, from = port, to = port }],
    [{ action = "allow", cidr = local.any, from = local.ephemeral.from, to = local.ephemeral.to }],
  )

  app_ingress = concat(
    [for cidr in var.public_subnet_cidrs : { action = "allow", cidr = cidr, from = var.app_port, to = var.app_port }],
    # The edge reaches the app tier on the app port and nothing else: without this deny, the
    # reply rule below (ephemeral ports from anywhere) would admit the public tier to every
    # port >= 1024 of the app tier. Nothing in the app tier expects replies from the public
    # tier: NAT gateways forward replies with the internet server's address.
    [for cidr in var.public_subnet_cidrs : { action = "deny", cidr = cidr, from = 0, to = 0, protocol = "-1" }],
    [for cidr in var.app_subnet_cidrs : { action = "allow", cidr = cidr, from = 443, to = 443 }],
    flatten([for port in var.corporate_to_app_ports : [for cidr in var.corporate_cidrs : { action = "allow", cidr = cidr, from = port, to = port }]]),
    [{ action = "allow", cidr = local.any, from = local.ephemeral.from, to = local.ephemeral.to }],
  )

  app_egress = concat(
    [{ action = "allow", cidr = local.any, from = 443, to = 443 }],
    [for port in var.nat_egress_ports : { action = "allow", cidr = local.any, from = port, to = port } if port != 443],
    flatten([for port in local.data_ports : [for cidr in var.data_subnet_cidrs : { action = "allow", cidr = cidr, from = port, to = port }]]),
    flatten([for port in var.app_to_corporate_ports : [for cidr in var.corporate_cidrs : { action = "allow", cidr = cidr, from = port, to = port }]]),
    [for cidr in var.public_subnet_cidrs : { action = "allow", cidr = cidr, from = local.ephemeral.from, to = local.ephemeral.to }],
    [for cidr in var.app_subnet_cidrs : { action = "allow", cidr = cidr, from = local.ephemeral.from, to = local.ephemeral.to }],
    length(var.corporate_to_app_ports) > 0 ? [for cidr in var.corporate_cidrs : { action = "allow", cidr = cidr, from = local.ephemeral.from, to = local.ephemeral.to }] : [],
  )

  data_ingress = concat(
    flatten([for port in local.data_ports : [for cidr in var.app_subnet_cidrs : { action = "allow", cidr = cidr, from = port, to = port }]]),
    flatten([for port in local.data_ports : [for cidr in var.data_subnet_cidrs : { action = "allow", cidr = cidr, from = port, to = port }]]),
    flatten([for port in var.corporate_to_data_ports : [for cidr in var.corporate_cidrs : { action = "allow", cidr = cidr, from = port, to = port }]]),
    [for cidr in var.data_subnet_cidrs : { action = "allow", cidr = cidr, from = local.ephemeral.from, to = local.ephemeral.to }],
  )

  data_egress = concat(
    [for cidr in var.app_subnet_cidrs : { action = "allow", cidr = cidr, from = local.ephemeral.from, to = local.ephemeral.to }],
    [for cidr in var.data_subnet_cidrs : { action = "allow", cidr = cidr, from = local.ephemeral.from, to = local.ephemeral.to }],
    flatten([for port in local.data_ports : [for cidr in var.data_subnet_cidrs : { action = "allow", cidr = cidr, from = port, to = port }]]),
    length(var.corporate_to_data_ports) > 0 ? [for cidr in var.corporate_cidrs : { action = "allow", cidr = cidr, from = local.ephemeral.from, to = local.ephemeral.to }] : [],
  )

  rule_counts = {
    public = { ingress = length(local.public_ingress), egress = length(local.public_egress) }
    app    = { ingress = length(local.app_ingress), egress = length(local.app_egress) }
    data   = { ingress = length(local.data_ingress), egress = length(local.data_egress) }
  }
}

resource "aws_network_acl" "public" {
  #checkov:skip=CKV2_AWS_1:Attached through subnet_ids, which modules/vpc passes in; checkov cannot follow module-input references. Attachment is proven per example by the reachability flows (tests/modules/*/*.flows.yaml) and tests/modules/nacl/test_nacl.py.
  #checkov:skip=CKV_AWS_231:Replies to NAT gateway and load balancer connections arrive on ephemeral ports 1024-65535 from anywhere, which includes 3389 in a stateless NACL; nothing in the public tier serves RDP: the load balancer security group admits only 443 (and 80 for the redirect), and NAT gateways accept no inbound connections.
  vpc_id     = var.vpc_id
  subnet_ids = var.public_subnet_ids
  tags       = merge(var.tags, { Name = "${var.name}-public", Tier = "public" })

  dynamic "ingress" {
    for_each = local.public_ingress
    content {
      rule_no    = 100 + 10 * ingress.key
      action     = ingress.value.action
      protocol   = try(ingress.value.protocol, "tcp")
      cidr_block = ingress.value.cidr
      from_port  = ingress.value.from
      to_port    = ingress.value.to
    }
  }

  dynamic "egress" {
    for_each = local.public_egress
    content {
      rule_no    = 100 + 10 * egress.key
      action     = egress.value.action
      protocol   = try(egress.value.protocol, "tcp")
      cidr_block = egress.value.cidr
      from_port  = egress.value.from
      to_port    = egress.value.to
    }
  }

  lifecycle {
    precondition {
      condition     = local.rule_counts.public.ingress <= var.max_rules_per_direction && local.rule_counts.public.egress <= var.max_rules_per_direction
      error_message = "The public NACL needs ${local.rule_counts.public.ingress} inbound and ${local.rule_counts.public.egress} outbound rules, more than max_rules_per_direction (${var.max_rules_per_direction}); use fewer or larger CIDRs, or raise the AWS quota and the input."
    }
  }
}

resource "aws_network_acl" "app" {
  #checkov:skip=CKV2_AWS_1:Attached through subnet_ids, which modules/vpc passes in; checkov cannot follow module-input references. Attachment is proven per example by the reachability flows (tests/modules/*/*.flows.yaml) and tests/modules/nacl/test_nacl.py.
  #checkov:skip=CKV_AWS_231:Replies from the S3 gateway endpoint and from the internet through NAT come from public addresses to ephemeral ports 1024-65535, which includes 3389 in a stateless NACL; no subnet of the app tier has a route from the internet (no public addresses, NAT admits no inbound connections) and the app security group admits only the app port from the load balancer.
  vpc_id     = var.vpc_id
  subnet_ids = var.app_subnet_ids
  tags       = merge(var.tags, { Name = "${var.name}-app", Tier = "app" })

  dynamic "ingress" {
    for_each = local.app_ingress
    content {
      rule_no    = 100 + 10 * ingress.key
      action     = ingress.value.action
      protocol   = try(ingress.value.protocol, "tcp")
      cidr_block = ingress.value.cidr
      from_port  = ingress.value.from
      to_port    = ingress.value.to
    }
  }

  dynamic "egress" {
    for_each = local.app_egress
    content {
      rule_no    = 100 + 10 * egress.key
      action     = egress.value.action
      protocol   = try(egress.value.protocol, "tcp")
      cidr_block = egress.value.cidr
      from_port  = egress.value.from
      to_port    = egress.value.to
    }
  }

  lifecycle {
    precondition {
      condition     = local.rule_counts.app.ingress <= var.max_rules_per_direction && local.rule_counts.app.egress <= var.max_rules_per_direction
      error_message = "The app NACL needs ${local.rule_counts.app.ingress} inbound and ${local.rule_counts.app.egress} outbound rules, more than max_rules_per_direction (${var.max_rules_per_direction}); use fewer or larger CIDRs, or raise the AWS quota and the input."
    }
  }
}

resource "aws_network_acl" "data" {
  #checkov:skip=CKV2_AWS_1:Attached through subnet_ids, which modules/vpc passes in; checkov cannot follow module-input references. Attachment is proven per example by the reachability flows (tests/modules/*/*.flows.yaml) and tests/modules/nacl/test_nacl.py.
  vpc_id     = var.vpc_id
  subnet_ids = var.data_subnet_ids
  tags       = merge(var.tags, { Name = "${var.name}-data", Tier = "data" })

  dynamic "ingress" {
    for_each = local.data_ingress
    content {
      rule_no    = 100 + 10 * ingress.key
      action     = ingress.value.action
      protocol   = try(ingress.value.protocol, "tcp")
      cidr_block = ingress.value.cidr
      from_port  = ingress.value.from
      to_port    = ingress.value.to
    }
  }

  dynamic "egress" {
    for_each = local.data_egress
    content {
      rule_no    = 100 + 10 * egress.key
      action     = egress.value.action
      protocol   = try(egress.value.protocol, "tcp")
      cidr_block = egress.value.cidr
      from_port  = egress.value.from
      to_port    = egress.value.to
    }
  }

  lifecycle {
    precondition {
      condition     = local.rule_counts.data.ingress <= var.max_rules_per_direction && local.rule_counts.data.egress <= var.max_rules_per_direction
      error_message = "The data NACL needs ${local.rule_counts.data.ingress} inbound and ${local.rule_counts.data.egress} outbound rules, more than max_rules_per_direction (${var.max_rules_per_direction}); use fewer or larger CIDRs, or raise the AWS quota and the input."
    }
  }
}
