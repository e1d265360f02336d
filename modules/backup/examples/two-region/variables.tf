variable "region" {
  description = "Home region of the example."
  type        = string
  default     = "us-east-1"
}

variable "dr_region" {
  description = "Second region that receives the copies."
  type        = string
  default     = "us-west-2"
}

variable "name" {
  description = "Name prefix for the example's resources."
  type        = string
  default     = "phi-example"
}

variable "enable_backup_selections" {
  description = "Assign resources to the plan (passed to the module)."
  type        = bool
  default     = true
}

variable "enable_vault_notifications" {
  description = "Send vault events to SNS (passed to the module)."
  type        = bool
  default     = true
}
