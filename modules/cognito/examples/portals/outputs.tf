output "patient_user_pool_id" {
  description = "The patient/member user pool."
  value       = module.cognito.patient_user_pool_id
}

output "patient_client_id" {
  description = "The patient SPA client."
  value       = module.cognito.patient_client_id
}

output "staff_user_pool_id" {
  description = "The staff user pool."
  value       = module.cognito.staff_user_pool_id
}

output "staff_client_id" {
  description = "The staff SPA client."
  value       = module.cognito.staff_client_id
}
