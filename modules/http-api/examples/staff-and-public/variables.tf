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

variable "package_path" {
  description = "The backend's zip, built by `python -m tfharness build-lambdas` (relative to this directory)."
  type        = string
  default     = "../../../../build/lambda/hello_phi.zip"
}

variable "enable_dead_letter" {
  description = "Give the backend a dead-letter queue (the module's default); the emulator cannot store it."
  type        = bool
  default     = true
}

variable "log_format" {
  description = "Backend log format (`JSON` is the module's default); the emulator cannot store logging_config."
  type        = string
  default     = "JSON"
}
