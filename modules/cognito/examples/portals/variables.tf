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

variable "sender_domain" {
  description = "Domain of the SES identity the pools send email from."
  type        = string
  default     = "health.example.com"
}
