variable "region" {
  description = "Region to create the example in."
  type        = string
  default     = "us-east-1"
}

variable "name" {
  description = "Name prefix for the example's resources."
  type        = string
  default     = "phi-example"
}

variable "forwarder_package_path" {
  description = "The findings forwarder's zip, built by `python -m tfharness build-lambdas` (relative to this directory)."
  type        = string
  default     = "../../../../build/lambda/findings_forwarder.zip"
}

variable "forwarder_dead_letter" {
  description = "Passed to the module (the emulator does not store a function's DeadLetterConfig)."
  type        = bool
  default     = true
}

variable "forwarder_log_format" {
  description = "Passed to the module (the emulator does not store a function's logging_config)."
  type        = string
  default     = "JSON"
}

variable "enable_security_hub" {
  description = "Passed to the module (the emulator has no Security Hub)."
  type        = bool
  default     = true
}

variable "enable_access_analyzer" {
  description = "Passed to the module (the emulator has no Access Analyzer)."
  type        = bool
  default     = true
}

variable "enable_s3_protection" {
  description = "Passed to the module."
  type        = bool
  default     = true
}

variable "enable_rds_protection" {
  description = "Passed to the module."
  type        = bool
  default     = true
}

variable "enable_lambda_protection" {
  description = "Passed to the module."
  type        = bool
  default     = true
}

variable "enable_runtime_monitoring" {
  description = "Passed to the module."
  type        = bool
  default     = true
}

variable "enable_malware_protection" {
  description = "Passed to the module."
  type        = bool
  default     = true
}

variable "export_findings" {
  description = "Passed to the module; the access-log bucket exists only to log the export bucket."
  type        = bool
  default     = true
}

variable "s3_eventbridge_notifications" {
  description = "Send object events of the example's buckets to EventBridge."
  type        = bool
  default     = true
}

variable "force_destroy_logs" {
  description = "Let destroy remove the access-log bucket while it holds log objects."
  type        = bool
  default     = false
}
