output "group_names" {
  description = "Names of the operator groups by role (`SystemAdmin`, `DatabaseAdmin`, `Monitoring`); empty when create_global_resources is false."
  value       = { for k, g in aws_iam_group.this : k => g.name }
}

output "group_arns" {
  description = "ARNs of the operator groups by role; empty when create_global_resources is false."
  value       = { for k, g in aws_iam_group.this : k => g.arn }
}

output "mfa_policy_arn" {
  description = "ARN of the MFA-enforcement policy attached to every group (null when create_global_resources is false)."
  value       = local.global ? aws_iam_policy.require_mfa[0].arn : null
}

output "dev_test_role_arn" {
  description = "ARN of the Dev/Test role (null when it is not created)."
  value       = local.dev_test_role ? aws_iam_role.dev_test[0].arn : null
}

output "ebs_kms_key_arn" {
  description = "ARN of the customer-managed key new EBS volumes are encrypted with by default (null when enable_ebs_default_kms_key is false, i.e. the AWS managed aws/ebs key)."
  value       = var.enable_ebs_default_kms_key ? module.ebs_key[0].key_arn : null
}

output "password_policy_minimum_length" {
  description = "Minimum password length the account enforces (null when create_global_resources is false)."
  value       = local.global ? aws_iam_account_password_policy.this[0].minimum_password_length : null
}
