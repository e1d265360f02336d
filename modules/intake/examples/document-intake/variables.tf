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

variable "patient_user_pool_id" {
  description = "Id of the identity stack's patient user pool (modules/cognito), whose tokens the upload endpoint accepts."
  type        = string
  default     = "us-east-1_AbCdEf123"
}

variable "patient_portal_client_id" {
  description = "App client id of the patient portal in that pool."
  type        = string
  default     = "4example0portal0client0id0"
}

variable "data_tier_key_id" {
  description = "Id of the data tier's CMK that encrypts the database login secret."
  type        = string
  default     = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"
}

variable "data_tier_secret_suffix" {
  description = "Random suffix Secrets Manager gave the data tier's intake login secret."
  type        = string
  default     = "AbC123"
}

variable "enable_eventbridge_notifications" {
  description = "Send the buckets' object events to EventBridge too (the modules' default); the emulator does not return the setting."
  type        = bool
  default     = true
}

variable "force_destroy_logs" {
  description = "Let destroy remove the access-log bucket with its logs (off: logs are records)."
  type        = bool
  default     = false
}

variable "enable_dead_letter" {
  description = "Give each function a dead-letter queue (the module's default); the emulator cannot store it."
  type        = bool
  default     = true
}

variable "log_format" {
  description = "Function log format (`JSON` is the module's default); the emulator cannot store logging_config."
  type        = string
  default     = "JSON"
}
