output "detector_id" {
  description = "GuardDuty detector id."
  value       = module.detection.detector_id
}

output "guardduty_features_enabled" {
  description = "GuardDuty protections the module enabled."
  value       = module.detection.guardduty_features_enabled
}

output "findings_export_bucket_id" {
  description = "Bucket receiving exported GuardDuty findings."
  value       = module.detection.findings_export_bucket_id
}

output "securityhub_standards_arns" {
  description = "Subscribed Security Hub standards."
  value       = module.detection.securityhub_standards_arns
}

output "inspector_resource_types" {
  description = "What Inspector scans."
  value       = module.detection.inspector_resource_types
}

output "access_analyzer_arn" {
  description = "IAM Access Analyzer ARN."
  value       = module.detection.access_analyzer_arn
}

output "findings_topic_arn" {
  description = "Topic receiving routed findings (identifiers only)."
  value       = module.detection.findings_topic_arn
}

output "alerts_topic_arn" {
  description = "Topic receiving the forwarder's PHI-free alerts."
  value       = module.detection.alerts_topic_arn
}

output "findings_forwarder_alias_arn" {
  description = "The forwarder's `live` alias, which EventBridge invokes."
  value       = module.detection.findings_forwarder_alias_arn
}

output "dedup_table_name" {
  description = "The forwarder's de-duplication table."
  value       = module.detection.dedup_table_name
}
