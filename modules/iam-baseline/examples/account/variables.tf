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

variable "enable_ebs_default_kms_key" {
  description = "Encrypt EBS volumes by default with a customer-managed key (passed to the module)."
  type        = bool
  default     = true
}

variable "enable_s3_account_public_access_block" {
  description = "Create the S3 account-level public access block (passed to the module)."
  type        = bool
  default     = true
}
