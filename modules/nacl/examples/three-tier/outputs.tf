output "public_network_acl_id" {
  description = "NACL of the public tier."
  value       = module.nacl.public_network_acl_id
}

output "app_network_acl_id" {
  description = "NACL of the app tier."
  value       = module.nacl.app_network_acl_id
}

output "data_network_acl_id" {
  description = "NACL of the data tier."
  value       = module.nacl.data_network_acl_id
}

output "network_acl_rule_counts" {
  description = "Generated rules per tier and direction."
  value       = module.nacl.network_acl_rule_counts
}
