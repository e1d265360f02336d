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
  description = "Two Availability Zones for the public subnets."
  type        = list(string)
  default     = ["us-east-1a", "us-east-1b"]
}

variable "vpc_cidr" {
  description = "CIDR block of the example VPC."
  type        = string
  default     = "10.20.0.0/16"
}

variable "domain_name" {
  description = "Host name the portal's certificate is requested for."
  type        = string
  default     = "portal.example.com"
}

variable "target_port" {
  description = "HTTPS port the portal's tasks listen on."
  type        = number
  default     = 8443
}

variable "enable_deletion_protection" {
  description = "Deletion protection of the load balancer (turn off before destroying the example on AWS)."
  type        = bool
  default     = true
}

variable "eventbridge_notifications" {
  description = "Send the log bucket's object events to EventBridge."
  type        = bool
  default     = true
}

variable "image_tag" {
  description = "Release of the portal web service to run (an immutable tag in its ECR repository)."
  type        = string
  default     = "1.0.0"
}

variable "health_check_grace_period_seconds" {
  description = "Seconds a new portal task has before failed load balancer health checks count."
  type        = number
  default     = 60
}
