output "detector_id" {
  description = "GuardDuty detector id."
  value       = aws_guardduty_detector.this.id
}

output "detector_arn" {
  description = "GuardDuty detector ARN."
  value       = aws_guardduty_detector.this.arn
}

output "guardduty_features_enabled" {
  description = "GuardDuty protections (detector features) the module enabled."
  value       = sort(keys(aws_guardduty_detector_feature.this))
}

output "findings_export_bucket_id" {
  description = "Bucket that receives exported GuardDuty findings (null when export_findings is false)."
  value       = one(module.export_bucket[*].bucket_id)
}

output "findings_export_kms_key_arn" {
  description = "Customer-managed key that encrypts exported findings (null when export_findings is false)."
  value       = one(module.export_key[*].key_arn)
}

output "securityhub_enabled" {
  description = "Whether Security Hub is enabled by this module."
  value       = length(aws_securityhub_account.this) > 0
}

output "securityhub_standards_arns" {
  description = "ARNs of the subscribed Security Hub standards (built for this partition and region)."
  value       = sort([for s in aws_securityhub_standards_subscription.this : s.standards_arn])
}

output "inspector_resource_types" {
  description = "What Inspector v2 scans in this account (empty when enable_inspector is false)."
  value       = sort(flatten(aws_inspector2_enabler.this[*].resource_types))
}

output "access_analyzer_arn" {
  description = "ARN of the IAM Access Analyzer (null when enable_access_analyzer is false)."
  value       = one(aws_accessanalyzer_analyzer.this[*].arn)
}

output "findings_topic_arn" {
  description = "Encrypted SNS topic receiving every routed finding as identifiers only (for ticketing/SIEM subscribers)."
  value       = aws_sns_topic.findings.arn
}

output "alerts_topic_arn" {
  description = "Encrypted SNS topic receiving the forwarder's PHI-free alerts and the forwarding-path alarms (subscribe people here)."
  value       = aws_sns_topic.alerts.arn
}

output "alerts_kms_key_arn" {
  description = "Customer-managed key of both topics, the dead-letter queue and the de-duplication table; subscribers' services need kms:Decrypt through it."
  value       = module.alerts_key.key_arn
}

output "eventbridge_rule_arns" {
  description = "EventBridge rules routing findings, by source (`guardduty`, `securityhub`)."
  value = {
    guardduty   = aws_cloudwatch_event_rule.guardduty.arn
    securityhub = aws_cloudwatch_event_rule.securityhub.arn
  }
}

output "dead_letter_queue_arn" {
  description = "SQS queue holding findings that could not be delivered or forwarded."
  value       = aws_sqs_queue.dead_letters.arn
}

output "findings_forwarder_function_name" {
  description = "Name of the findings forwarder Lambda (null when enable_findings_forwarder is false)."
  value       = one(module.forwarder[*].function_name)
}

output "findings_forwarder_alias_arn" {
  description = "ARN of the forwarder's `live` alias, which the EventBridge rules invoke (null when the forwarder is off)."
  value       = one(module.forwarder[*].alias_arn)
}

output "dedup_table_name" {
  description = "DynamoDB table holding the forwarder's de-duplication state (null when the forwarder is off)."
  value       = one(aws_dynamodb_table.dedup[*].name)
}
