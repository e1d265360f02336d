# Routing per tier:
#   public: one route table, default route to the internet gateway (load balancers, NAT).
#   app:    one route table per AZ, default route to a NAT gateway (unless nat_gateway_mode =
#           "none"), the S3 gateway endpoint, and the corporate CIDRs through the VPN.
#   data:   one route table per AZ with NO default route: only the VPC itself and, with a VPN,
#           the corporate CIDRs. Nothing in a data subnet can reach the internet or AWS
#           public endpoints, whatever its security groups say.

resource "aws_internet_gateway" "this" {
  vpc_id = aws_vpc.this.id
  tags   = merge(var.tags, { Name = var.name })
}

resource "aws_eip" "nat" {
  for_each = toset(local.nat_azs)

  domain = "vpc"
  tags   = merge(var.tags, { Name = "${var.name}-nat-${each.key}" })

  depends_on = [aws_internet_gateway.this]
}

resource "aws_nat_gateway" "this" {
  for_each = toset(local.nat_azs)

  allocation_id     = aws_eip.nat[each.key].id
  subnet_id         = aws_subnet.public[each.key].id
  connectivity_type = "public"
  tags              = merge(var.tags, { Name = "${var.name}-${each.key}" })

  depends_on = [aws_internet_gateway.this]
}

# --- public -----------------------------------------------------------------------------

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.this.id
  tags   = merge(var.tags, { Name = "${var.name}-public", Tier = "public" })
}

resource "aws_route" "public_internet" {
  #checkov:skip=CKV2_AWS_35:instance_id is computed by AWS, unknown at plan, and the plan scan counts unknown values as set; this route targets the internet gateway (gateway_id), which the public tier (load balancers, NAT gateways) needs, never a NAT instance (tests/modules/vpc/test_vpc.py::test_routes_never_target_an_instance).
  route_table_id         = aws_route_table.public.id
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = aws_internet_gateway.this.id
}

resource "aws_route_table_association" "public" {
  for_each = toset(var.availability_zones)

  subnet_id      = aws_subnet.public[each.key].id
  route_table_id = aws_route_table.public.id
}

# --- app --------------------------------------------------------------------------------

resource "aws_route_table" "app" {
  for_each = toset(var.availability_zones)

  vpc_id = aws_vpc.this.id
  tags   = merge(var.tags, { Name = "${var.name}-app-${each.key}", Tier = "app" })
}

resource "aws_route" "app_nat" {
  #checkov:skip=CKV2_AWS_35:instance_id is computed by AWS, unknown at plan, and the plan scan counts unknown values as set; this route targets a NAT gateway (nat_gateway_id), never a NAT instance (tests/modules/vpc/test_vpc.py::test_routes_never_target_an_instance).
  for_each = var.nat_gateway_mode == "none" ? toset([]) : toset(var.availability_zones)

  route_table_id         = aws_route_table.app[each.key].id
  destination_cidr_block = "0.0.0.0/0"
  nat_gateway_id         = aws_nat_gateway.this[var.nat_gateway_mode == "single" ? local.single_nat_az : each.key].id
}

resource "aws_route_table_association" "app" {
  for_each = toset(var.availability_zones)

  subnet_id      = aws_subnet.app[each.key].id
  route_table_id = aws_route_table.app[each.key].id
}

# --- data: isolated -----------------------------------------------------------------------

resource "aws_route_table" "data" {
  for_each = toset(var.availability_zones)

  vpc_id = aws_vpc.this.id
  tags   = merge(var.tags, { Name = "${var.name}-data-${each.key}", Tier = "data" })
}

resource "aws_route_table_association" "data" {
  for_each = toset(var.availability_zones)

  subnet_id      = aws_subnet.data[each.key].id
  route_table_id = aws_route_table.data[each.key].id
}
