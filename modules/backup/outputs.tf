output "vault_name" {
  description = "Name of the backup vault in the primary region."
  value       = aws_backup_vault.this.name
}

output "vault_arn" {
  description = "ARN of the backup vault in the primary region."
  value       = aws_backup_vault.this.arn
}

output "dr_vault_arn" {
  description = "ARN of the DR vault in the second region, which receives a copy of every recovery point."
  value       = aws_backup_vault.dr.arn
}

output "vault_lock_mode" {
  description = "Vault lock mode of both vaults: `compliance` (prod) or `governance`."
  value       = local.vault_lock_mode
}

output "plan_id" {
  description = "Id of the backup plan."
  value       = aws_backup_plan.this.id
}

output "plan_arn" {
  description = "ARN of the backup plan."
  value       = aws_backup_plan.this.arn
}

output "kms_key_arn" {
  description = "ARN of the customer-managed key of the primary vault."
  value       = module.key.key_arn
}

output "dr_kms_key_arn" {
  description = "ARN of the customer-managed key of the DR vault (in the second region)."
  value       = module.dr_key.key_arn
}

output "backup_role_arn" {
  description = "ARN of the role AWS Backup uses for the selections."
  value       = aws_iam_role.backup.arn
}

output "notification_topic_arn" {
  description = "ARN of the SNS topic that receives the vault notifications (null when they are off)."
  value       = var.enable_vault_notifications ? (local.create_topic ? aws_sns_topic.notifications[0].arn : var.notification_topic_arn) : null
}
