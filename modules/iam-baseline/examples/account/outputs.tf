output "group_arns" {
  description = "Operator group ARNs by role."
  value       = module.iam_baseline.group_arns
}

output "mfa_policy_arn" {
  description = "The MFA-enforcement policy attached to every group."
  value       = module.iam_baseline.mfa_policy_arn
}

output "dev_test_role_arn" {
  description = "The Dev/Test role."
  value       = module.iam_baseline.dev_test_role_arn
}

output "ebs_kms_key_arn" {
  description = "The EBS default key (null on the emulator, where it is switched off)."
  value       = module.iam_baseline.ebs_kms_key_arn
}
