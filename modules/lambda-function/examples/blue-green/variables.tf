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
  description = "The function's zip, built by `python -m tfharness build-lambdas` (relative to this directory)."
  type        = string
  default     = "../../../../build/lambda/hello_phi.zip"
}

variable "enable_dead_letter" {
  description = "Wire the dead-letter queue (the module's default); the emulator cannot store it."
  type        = bool
  default     = true
}

variable "log_format" {
  description = "Log format (`JSON` is the module's default); the emulator cannot store logging_config."
  type        = string
  default     = "JSON"
}

variable "release" {
  description = "Release label in the function's environment; changing it publishes a new version (as new code would)."
  type        = string
  default     = "1"
}

variable "live_version" {
  description = "Published version the `live` alias serves (null: the newest)."
  type        = string
  default     = null
}

variable "canary" {
  description = "Share of `live` traffic for another published version: {version, weight}."
  type = object({
    version = string
    weight  = number
  })
  default = null
}
