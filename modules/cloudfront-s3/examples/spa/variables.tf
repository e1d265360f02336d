variable "region" {
  description = "Region to create the example in. us-east-1: CloudFront's certificate and web ACL live there."
  type        = string
  default     = "us-east-1"
}

variable "name" {
  description = "Name prefix for the example's resources."
  type        = string
  default     = "phi-example"
}

variable "domain_name" {
  description = "The site's domain (the example's certificate is requested for it)."
  type        = string
  default     = "portal.example.org"
}

variable "create_response_headers_policy" {
  description = "Attach the module's own security headers policy (the module's default); the emulator lacks CreateResponseHeadersPolicy."
  type        = bool
  default     = true
}

variable "wait_for_deployment" {
  description = "Wait for the edge deployment (the module's default)."
  type        = bool
  default     = true
}

variable "force_destroy_buckets" {
  description = "Allow destroying buckets that hold objects (the emulator delivers access logs into the log bucket)."
  type        = bool
  default     = false
}

variable "minimum_protocol_version" {
  description = "Viewer TLS policy (the module's default: TLSv1.2_2021)."
  type        = string
  default     = "TLSv1.2_2021"
}

variable "eventbridge_notifications" {
  description = "Bucket events to EventBridge (the bucket module's default); the emulator does not return the setting."
  type        = bool
  default     = true
}
