output "vault_arn" {
  description = "The primary vault."
  value       = module.backup.vault_arn
}

output "dr_vault_arn" {
  description = "The DR vault in the second region."
  value       = module.backup.dr_vault_arn
}

output "vault_lock_mode" {
  description = "Vault lock mode (compliance in prod)."
  value       = module.backup.vault_lock_mode
}

output "plan_arn" {
  description = "The backup plan."
  value       = module.backup.plan_arn
}
