data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.name

  # Derived layout: the VPC CIDR splits into four tier blocks (public, app, data, spare); in
  # each, the AZ letter a-h picks one eighth. The slot depends on the AZ's name, never on
  # its position in var.availability_zones, so adding or reordering AZs keeps every CIDR.
  tier_index = { public = 0, app = 1, data = 2 }
  az_letters = ["a", "b", "c", "d", "e", "f", "g", "h"]
  derived_subnet_cidrs = {
    for tier, index in local.tier_index : tier => {
      for az in var.availability_zones :
      az => try(cidrsubnet(var.cidr_block, 5, index * 8 + index(local.az_letters, substr(az, length(az) - 1, 1))), null)
    }
  }
  subnet_cidrs = var.subnet_cidrs == null ? local.derived_subnet_cidrs : {
    public = var.subnet_cidrs.public
    app    = var.subnet_cidrs.app
    data   = var.subnet_cidrs.data
  }

  # NAT placement. `single` uses the alphabetically first AZ so that reordering the list
  # never moves the NAT gateway.
  single_nat_az = sort(var.availability_zones)[0]
  nat_azs = {
    one_per_az = var.availability_zones
    single     = [local.single_nat_az]
    none       = []
  }[var.nat_gateway_mode]

  vpn_enabled     = var.vpn != null
  corporate_cidrs = local.vpn_enabled ? var.vpn.corporate_cidrs : []
  # One route per (AZ, corporate CIDR). Keys start with the AZ so that the route table they
  # belong to reads from the key (see scripts/tfharness/reachability.py).
  vpn_routes = {
    for pair in setproduct(var.availability_zones, local.corporate_cidrs) : "${pair[0]}|${pair[1]}" => {
      az   = pair[0]
      cidr = pair[1]
    }
  }
}

resource "aws_vpc" "this" {
  cidr_block           = var.cidr_block
  enable_dns_support   = true
  enable_dns_hostnames = true
  instance_tenancy     = "default"
  tags                 = merge(var.tags, { Name = var.name })

  lifecycle {
    precondition {
      condition     = alltrue([for az in var.availability_zones : startswith(az, local.region)])
      error_message = "availability_zones must all be in the provider's region (${local.region})."
    }

    precondition {
      condition     = var.subnet_cidrs == null || try(sort(keys(var.subnet_cidrs.public)) == sort(var.availability_zones), false)
      error_message = "subnet_cidrs must give every tier (public, app, data) exactly one CIDR for each of the availability_zones."
    }
  }
}

# Adopt the defaults AWS creates with every VPC and strip them: nothing may use the default
# security group, a subnet that loses its NACL falls back to deny-all, and a subnet without
# an explicit route table association reaches only the VPC itself.
resource "aws_default_security_group" "this" {
  vpc_id  = aws_vpc.this.id
  ingress = []
  egress  = []
  tags    = merge(var.tags, { Name = "${var.name}-default-deny-all" })
}

resource "aws_default_network_acl" "this" {
  default_network_acl_id = aws_vpc.this.default_network_acl_id
  tags                   = merge(var.tags, { Name = "${var.name}-default-deny-all" })

  # Subnets move to the tier NACLs of modules/nacl; AWS reports them here until then.
  lifecycle {
    ignore_changes = [subnet_ids]
  }
}

resource "aws_default_route_table" "this" {
  default_route_table_id = aws_vpc.this.default_route_table_id
  route                  = []
  tags                   = merge(var.tags, { Name = "${var.name}-main-local-only" })
}

# --- Subnets: one per tier and AZ, keyed by AZ name -----------------------------------------

resource "aws_subnet" "public" {
  for_each = toset(var.availability_zones)

  vpc_id                  = aws_vpc.this.id
  availability_zone       = each.key
  cidr_block              = local.subnet_cidrs.public[each.key]
  map_public_ip_on_launch = false
  tags                    = merge(var.tags, { Name = "${var.name}-public-${each.key}", Tier = "public" })
}

resource "aws_subnet" "app" {
  for_each = toset(var.availability_zones)

  vpc_id                  = aws_vpc.this.id
  availability_zone       = each.key
  cidr_block              = local.subnet_cidrs.app[each.key]
  map_public_ip_on_launch = false
  tags                    = merge(var.tags, { Name = "${var.name}-app-${each.key}", Tier = "app" })
}

resource "aws_subnet" "data" {
  for_each = toset(var.availability_zones)

  vpc_id                  = aws_vpc.this.id
  availability_zone       = each.key
  cidr_block              = local.subnet_cidrs.data[each.key]
  map_public_ip_on_launch = false
  tags                    = merge(var.tags, { Name = "${var.name}-data-${each.key}", Tier = "data" })
}
