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

variable "email_domain" {
  description = "The clinic's sending domain (SES identity)."
  type        = string
  default     = "mail.clinic.example"
}

variable "ses_configuration_set_name" {
  description = "The mail stack's TLS-only SES configuration set (modules/ses)."
  type        = string
  default     = "phi-example-outreach"
}

variable "link_base_url" {
  description = "Public base URL of the link endpoint."
  type        = string
  default     = "https://links.clinic.example"
}

variable "report_bucket_name" {
  description = "The data tier's report bucket (modules/s3-bucket, profile phi) the weekly report is written to."
  type        = string
  default     = "phi-example-reports"
}

variable "data_tier_key_id" {
  description = "Id of the data tier's CMK that encrypts the database login secrets and the report bucket."
  type        = string
  default     = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"
}

variable "data_tier_secret_suffix" {
  description = "Random suffix Secrets Manager gave the data tier's login secrets."
  type        = string
  default     = "AbC123"
}

variable "enable_dead_letter" {
  description = "Give each function a dead-letter queue (the module's default); the emulator cannot store it."
  type        = bool
  default     = true
}

variable "log_format" {
  description = "Function log format (`JSON` is the module's default); the emulator cannot store logging_config."
  type        = string
  default     = "JSON"
}
