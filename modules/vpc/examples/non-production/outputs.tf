output "vpc_id" {
  description = "VPC id."
  value       = module.vpc.vpc_id
}

output "app_subnet_ids" {
  description = "App subnet ids, in AZ order."
  value       = module.vpc.app_subnet_ids
}

output "data_subnet_ids" {
  description = "Data subnet ids, in AZ order."
  value       = module.vpc.data_subnet_ids
}

output "data_route_table_ids" {
  description = "Route tables of the isolated data tier."
  value       = module.vpc.data_route_table_ids
}

output "nat_gateway_ids" {
  description = "The single NAT gateway, by AZ."
  value       = module.vpc.nat_gateway_ids
}

output "interface_endpoint_ids" {
  description = "Interface endpoints by service."
  value       = module.vpc.interface_endpoint_ids
}

output "flow_log_s3_id" {
  description = "Flow log to S3."
  value       = module.vpc.flow_log_s3_id
}

output "flow_log_bucket_id" {
  description = "Flow-log bucket."
  value       = module.vpc.flow_log_bucket_id
}

output "network_acl_ids" {
  description = "NACLs by tier."
  value = {
    public = module.nacl.public_network_acl_id
    app    = module.nacl.app_network_acl_id
    data   = module.nacl.data_network_acl_id
  }
}

output "security_group_ids" {
  description = "Security groups of the chain, by role."
  value = {
    alb       = module.security_groups.alb_security_group_id
    app       = module.security_groups.app_security_group_id
    proxy     = module.security_groups.proxy_security_group_id
    db        = module.security_groups.db_security_group_id
    cache     = module.security_groups.cache_security_group_id
    rotation  = module.security_groups.rotation_security_group_id
    endpoints = module.security_groups.endpoints_security_group_id
  }
}
