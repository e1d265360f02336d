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

variable "domain" {
  description = "Sending domain of the example."
  type        = string
  default     = "mail.clinic.example"
}

variable "enable_configuration_set" {
  description = "Create the TLS-only configuration set (the module's default); the emulator cannot read it."
  type        = bool
  default     = true
}

variable "dkim_key_length" {
  description = "Easy DKIM key length (`RSA_2048_BIT` is the module's default); the emulator cannot answer DKIM signing attributes."
  type        = string
  default     = "RSA_2048_BIT"
}
