output "public_network_acl_id" {
  description = "Id of the public tier's NACL."
  value       = aws_network_acl.public.id
}

output "app_network_acl_id" {
  description = "Id of the app tier's NACL."
  value       = aws_network_acl.app.id
}

output "data_network_acl_id" {
  description = "Id of the data tier's NACL."
  value       = aws_network_acl.data.id
}

output "network_acl_rule_counts" {
  description = "Number of generated rules per tier and direction (the AWS quota is 20 per direction unless raised)."
  value       = local.rule_counts
}
