variable "region" {
  description = "Region to create the example in (the trail's home region)."
  type        = string
  default     = "us-east-1"
}

variable "name" {
  description = "Name prefix for the example's resources."
  type        = string
  default     = "phi-example"
}

variable "insight_types" {
  description = "CloudTrail Insights types (passed to the module)."
  type        = list(string)
  default     = ["ApiCallRateInsight", "ApiErrorRateInsight"]
}

variable "eventbridge_notifications" {
  description = "Send object events of both buckets to EventBridge."
  type        = bool
  default     = true
}

variable "force_destroy_access_logs" {
  description = "Allow destroying the access log bucket while it holds log objects."
  type        = bool
  default     = false
}
