# Optional site-to-site VPN to a corporate data centre. The corporate CIDRs are routed from
# the app and data route tables through the virtual private gateway, and (with static
# routing) announced on the connection. Tunnels use IKEv2 with AES-256-GCM and DH groups of at
# least 2048 bits.

resource "aws_vpn_gateway" "this" {
  count = local.vpn_enabled ? 1 : 0

  vpc_id          = aws_vpc.this.id
  amazon_side_asn = var.vpn.amazon_side_asn
  tags            = merge(var.tags, { Name = var.name })
}

resource "aws_customer_gateway" "this" {
  count = local.vpn_enabled ? 1 : 0

  bgp_asn    = var.vpn.customer_gateway_asn
  ip_address = var.vpn.customer_gateway_ip
  type       = "ipsec.1"
  tags       = merge(var.tags, { Name = "${var.name}-corporate" })
}

resource "aws_vpn_connection" "this" {
  count = local.vpn_enabled ? 1 : 0

  vpn_gateway_id      = aws_vpn_gateway.this[0].id
  customer_gateway_id = aws_customer_gateway.this[0].id
  type                = "ipsec.1"
  static_routes_only  = var.vpn.static_routes_only

  tunnel1_ike_versions                 = ["ikev2"]
  tunnel1_phase1_encryption_algorithms = ["AES256-GCM-16"]
  tunnel1_phase2_encryption_algorithms = ["AES256-GCM-16"]
  tunnel1_phase1_integrity_algorithms  = ["SHA2-384"]
  tunnel1_phase2_integrity_algorithms  = ["SHA2-384"]
  tunnel1_phase1_dh_group_numbers      = [20]
  tunnel1_phase2_dh_group_numbers      = [20]
  tunnel2_ike_versions                 = ["ikev2"]
  tunnel2_phase1_encryption_algorithms = ["AES256-GCM-16"]
  tunnel2_phase2_encryption_algorithms = ["AES256-GCM-16"]
  tunnel2_phase1_integrity_algorithms  = ["SHA2-384"]
  tunnel2_phase2_integrity_algorithms  = ["SHA2-384"]
  tunnel2_phase1_dh_group_numbers      = [20]
  tunnel2_phase2_dh_group_numbers      = [20]

  tags = merge(var.tags, { Name = "${var.name}-corporate" })
}

resource "aws_vpn_connection_route" "corporate" {
  for_each = local.vpn_enabled && try(var.vpn.static_routes_only, false) ? toset(local.corporate_cidrs) : toset([])

  vpn_connection_id      = aws_vpn_connection.this[0].id
  destination_cidr_block = each.key
}

resource "aws_route" "app_corporate" {
  for_each = local.vpn_routes

  route_table_id         = aws_route_table.app[each.value.az].id
  destination_cidr_block = each.value.cidr
  gateway_id             = aws_vpn_gateway.this[0].id
}

resource "aws_route" "data_corporate" {
  for_each = local.vpn_routes

  route_table_id         = aws_route_table.data[each.value.az].id
  destination_cidr_block = each.value.cidr
  gateway_id             = aws_vpn_gateway.this[0].id
}
