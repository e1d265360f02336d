variable "region" {
  description = "Region to create the example in."
  type        = string
  default     = "us-east-1"
}

variable "name" {
  description = "Name prefix for the example's resources."
  type        = string
  default     = "phi-tier"
}

variable "availability_zones" {
  description = "Two AZs for the data subnets."
  type        = list(string)
  default     = ["us-east-1a", "us-east-1b"]
}

variable "read_replica" {
  description = "Create a read replica and the proxy's read-only endpoint."
  type        = bool
  default     = true
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

variable "package_path" {
  description = "Rotation function zip; null uses build/lambda/rotation_postgres.zip of this repository."
  type        = string
  default     = null
}
