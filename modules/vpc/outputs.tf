output "vpc_id" {
  description = "VPC id."
  value       = aws_vpc.this.id
}

output "vpc_arn" {
  description = "VPC ARN."
  value       = aws_vpc.this.arn
}

output "vpc_cidr_block" {
  description = "IPv4 CIDR of the VPC."
  value       = aws_vpc.this.cidr_block
}

output "availability_zones" {
  description = "The Availability Zones, in input order (the order of every list output below)."
  value       = var.availability_zones
}

output "public_subnet_ids" {
  description = "Public subnet ids (load balancers and NAT gateways only), in availability_zones order."
  value       = [for az in var.availability_zones : aws_subnet.public[az].id]
}

output "app_subnet_ids" {
  description = "App subnet ids (services, functions, interface endpoints), in availability_zones order."
  value       = [for az in var.availability_zones : aws_subnet.app[az].id]
}

output "data_subnet_ids" {
  description = "Isolated data subnet ids (databases, proxies, caches), in availability_zones order."
  value       = [for az in var.availability_zones : aws_subnet.data[az].id]
}

output "public_subnet_ids_by_az" {
  description = "Public subnet ids by Availability Zone."
  value       = { for az in var.availability_zones : az => aws_subnet.public[az].id }
}

output "app_subnet_ids_by_az" {
  description = "App subnet ids by Availability Zone."
  value       = { for az in var.availability_zones : az => aws_subnet.app[az].id }
}

output "data_subnet_ids_by_az" {
  description = "Data subnet ids by Availability Zone."
  value       = { for az in var.availability_zones : az => aws_subnet.data[az].id }
}

output "public_subnet_cidrs" {
  description = "Public subnet CIDRs, in availability_zones order (inputs of modules/nacl)."
  value       = [for az in var.availability_zones : aws_subnet.public[az].cidr_block]
}

output "app_subnet_cidrs" {
  description = "App subnet CIDRs, in availability_zones order."
  value       = [for az in var.availability_zones : aws_subnet.app[az].cidr_block]
}

output "data_subnet_cidrs" {
  description = "Data subnet CIDRs, in availability_zones order."
  value       = [for az in var.availability_zones : aws_subnet.data[az].cidr_block]
}

output "public_route_table_ids" {
  description = "Route table ids of the public tier (one table shared by all public subnets)."
  value       = [aws_route_table.public.id]
}

output "app_route_table_ids" {
  description = "Route table ids of the app tier, in availability_zones order (one per AZ)."
  value       = [for az in var.availability_zones : aws_route_table.app[az].id]
}

output "data_route_table_ids" {
  description = "Route table ids of the data tier, in availability_zones order (one per AZ, no default route)."
  value       = [for az in var.availability_zones : aws_route_table.data[az].id]
}

output "internet_gateway_id" {
  description = "Internet gateway id."
  value       = aws_internet_gateway.this.id
}

output "nat_gateway_ids" {
  description = "NAT gateway ids by Availability Zone (empty with nat_gateway_mode = \"none\")."
  value       = { for az, nat in aws_nat_gateway.this : az => nat.id }
}

output "nat_public_ips" {
  description = "Public IPs of the NAT gateways by Availability Zone (for partner allow-lists)."
  value       = { for az, eip in aws_eip.nat : az => eip.public_ip }
}

output "s3_endpoint_id" {
  description = "Id of the S3 gateway endpoint."
  value       = aws_vpc_endpoint.s3.id
}

output "s3_endpoint_prefix_list_id" {
  description = "Prefix list id of the S3 gateway endpoint, for security-group egress rules to S3."
  value       = aws_vpc_endpoint.s3.prefix_list_id
}

output "interface_endpoint_ids" {
  description = "Interface endpoint ids by service name (e.g. `secretsmanager`)."
  value       = { for service, endpoint in aws_vpc_endpoint.interface : service => endpoint.id }
}

output "interface_endpoint_dns_names" {
  description = "First DNS name of each interface endpoint by service (private DNS also resolves the service's public name)."
  value       = { for service, endpoint in aws_vpc_endpoint.interface : service => try(endpoint.dns_entry[0].dns_name, null) }
}

output "endpoint_security_group_ids" {
  description = "Security groups attached to the interface endpoints (the given ones, or the module's 443-from-VPC group)."
  value       = length(var.endpoint_security_group_ids) > 0 ? var.endpoint_security_group_ids : [aws_security_group.endpoints[0].id]
}

output "flow_log_s3_id" {
  description = "Id of the flow log to S3."
  value       = one(aws_flow_log.s3[*].id)
}

output "flow_log_cloudwatch_id" {
  description = "Id of the flow log to CloudWatch Logs, or null when off."
  value       = var.flow_log_cloudwatch ? aws_flow_log.cloudwatch[0].id : null
}

output "flow_log_bucket_id" {
  description = "Name of the flow-log bucket."
  value       = module.flow_log_bucket.bucket_id
}

output "flow_log_bucket_arn" {
  description = "ARN of the flow-log bucket."
  value       = module.flow_log_bucket.bucket_arn
}

output "flow_log_kms_key_arn" {
  description = "Customer-managed key that encrypts the flow logs (bucket and log group)."
  value       = module.flow_log_key.key_arn
}

output "flow_log_log_group_name" {
  description = "Name of the CloudWatch Logs flow-log group, or null when off."
  value       = var.flow_log_cloudwatch ? aws_cloudwatch_log_group.flow_logs[0].name : null
}

output "vpn_gateway_id" {
  description = "Virtual private gateway id, or null without a VPN."
  value       = local.vpn_enabled ? aws_vpn_gateway.this[0].id : null
}

output "vpn_connection_id" {
  description = "Site-to-site VPN connection id, or null without a VPN."
  value       = local.vpn_enabled ? aws_vpn_connection.this[0].id : null
}

output "customer_gateway_id" {
  description = "Customer gateway id, or null without a VPN."
  value       = local.vpn_enabled ? aws_customer_gateway.this[0].id : null
}

output "corporate_cidrs" {
  description = "Corporate CIDRs routed through the VPN (empty without a VPN), for modules/nacl."
  value       = local.corporate_cidrs
}
