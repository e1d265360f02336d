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
  description = "Performance Insights (passed to the module)."
  type        = bool
  default     = true
}

variable "deletion_protection" {
  description = "Deletion protection (passed to the module)."
  type        = bool
  default     = true
}
