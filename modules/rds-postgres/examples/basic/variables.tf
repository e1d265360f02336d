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

variable "availability_zones" {
  description = "Two AZs for the data subnets."
  type        = list(string)
  default     = ["us-east-1a", "us-east-1b"]
}

variable "performance_insights_enabled" {
  description = "Performance Insights; null keeps the module default (on)."
  type        = bool
  default     = null
}

variable "deletion_protection" {
  description = "Deletion protection; null keeps the module default (on)."
  type        = bool
  default     = null
}
