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
  description = "Two Availability Zones for the app subnets."
  type        = list(string)
  default     = ["us-east-1a", "us-east-1b"]
}

variable "vpc_cidr" {
  description = "CIDR block of the example VPC."
  type        = string
  default     = "10.30.0.0/16"
}

variable "image_tag" {
  description = "Release of the portal API to run (an immutable tag in the service's ECR repository)."
  type        = string
  default     = "1.0.0"
}

variable "enable_autoscaling" {
  description = "Create the autoscaling target and policies."
  type        = bool
  default     = true
}
