variable "region" {
  description = "Region to create the example in."
  type        = string
  default     = "us-east-1"
}

variable "name" {
  description = "Name prefix for the example's resources."
  type        = string
  default     = "phi-prod"
}

variable "availability_zones" {
  description = "Availability Zones of the example VPC."
  type        = list(string)
  default     = ["us-east-1a", "us-east-1b", "us-east-1c"]
}

variable "corporate_cidrs" {
  description = "Corporate networks behind the site-to-site VPN."
  type        = list(string)
  default     = ["10.200.0.0/16"]
}

variable "customer_gateway_ip" {
  description = "Public IP of the corporate VPN device (a documentation address)."
  type        = string
  default     = "198.51.100.10"
}

variable "vpn_static_routes_only" {
  description = "Route the corporate CIDRs statically on the VPN connection (true) or learn them over BGP (false)."
  type        = bool
  default     = true
}

variable "flow_log_file_format" {
  description = "Format of the flow-log objects in S3 (parquet or plain-text)."
  type        = string
  default     = "parquet"
}

variable "eventbridge_notifications" {
  description = "Send object events of the example's buckets to EventBridge."
  type        = bool
  default     = true
}

variable "force_destroy_logs" {
  description = "Allow destroying the example's buckets while they hold log objects."
  type        = bool
  default     = false
}
