variable "region" {
  description = "Region to create the example in."
  type        = string
  default     = "us-east-1"
}

variable "name" {
  description = "Name prefix for the example's resources."
  type        = string
  default     = "phi-sg"
}

variable "flow_log_file_format" {
  description = "Format of the flow-log objects in S3 (parquet or plain-text)."
  type        = string
  default     = "parquet"
}

variable "eventbridge_notifications" {
  description = "Send object events of the example's buckets to EventBridge."
  type        = bool
  default     = true
}

variable "force_destroy_logs" {
  description = "Allow destroying the example's buckets while they hold log objects."
  type        = bool
  default     = false
}
