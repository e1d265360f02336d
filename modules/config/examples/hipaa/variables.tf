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

variable "enable_conformance_pack" {
  description = "Passed to the module (the emulator has no conformance packs)."
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
