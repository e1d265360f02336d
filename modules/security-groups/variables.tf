variable "name" {
  description = "Name prefix of the security groups, e.g. `phi-prod` (groups are named `<name>-alb`, `<name>-app`, ...)."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,30}[a-z0-9]$", var.name))
    error_message = "name must be 2-32 characters of lowercase letters, digits and hyphens, starting with a letter."
  }
}

variable "vpc_id" {
  description = "VPC the groups belong to (modules/vpc `vpc_id`)."
  type        = string

  validation {
    condition     = can(regex("^vpc-[0-9a-f]{8,17}$", var.vpc_id))
    error_message = "vpc_id must be a VPC id (vpc-...)."
  }
}

variable "app_port" {
  description = "Port the application listens on behind the load balancer."
  type        = number
  default     = 8080

  validation {
    condition     = var.app_port >= 1 && var.app_port <= 65535 && floor(var.app_port) == var.app_port
    error_message = "app_port must be a whole number between 1 and 65535."
  }
}

variable "database_port" {
  description = "Port of the database and of the database proxy in front of it (RDS Proxy listens on the engine's port)."
  type        = number
  default     = 5432

  validation {
    condition     = var.database_port >= 1 && var.database_port <= 65535 && floor(var.database_port) == var.database_port
    error_message = "database_port must be a whole number between 1 and 65535."
  }
}

variable "cache_port" {
  description = "Port of the cache (Redis/Valkey)."
  type        = number
  default     = 6379

  validation {
    condition     = var.cache_port >= 1 && var.cache_port <= 65535 && floor(var.cache_port) == var.cache_port
    error_message = "cache_port must be a whole number between 1 and 65535."
  }
}

variable "alb_ingress_cloudfront" {
  description = "Admit HTTPS to the load balancer from CloudFront's origin-facing prefix list (`com.amazonaws.global.cloudfront.origin-facing`): the load balancer is reachable only through CloudFront (and its WAF). On by default."
  type        = bool
  default     = true

  validation {
    condition     = var.alb_ingress_cloudfront || length(var.alb_ingress_cidrs) > 0
    error_message = "alb_ingress_cloudfront can be false only when alb_ingress_cidrs lists at least one CIDR: the load balancer needs a source to admit."
  }
}

variable "alb_ingress_cidrs" {
  description = "IPv4 CIDRs admitted to the load balancer on HTTPS (and on HTTP with alb_http_redirect), e.g. partner or corporate ranges, or 0.0.0.0/0 for a load balancer without CloudFront in front."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for cidr in var.alb_ingress_cidrs : try(cidrhost(cidr, 0) == split("/", cidr)[0], false)])
    error_message = "alb_ingress_cidrs must be IPv4 CIDRs written as their network address."
  }
}

variable "alb_http_redirect" {
  description = "Admit HTTP (80) from alb_ingress_cidrs, only for a listener that redirects to HTTPS. Never from CloudFront, which talks HTTPS to the origin."
  type        = bool
  default     = false
}

variable "app_egress_to_s3" {
  description = "Let the application reach Amazon S3 on 443 through the S3 gateway endpoint (the region's AWS-managed S3 prefix list)."
  type        = bool
  default     = true
}

variable "app_https_egress_cidrs" {
  description = "IPv4 CIDRs the application may reach on 443 beyond the VPC endpoints: third-party APIs through NAT, corporate systems through the VPN. The default 0.0.0.0/0 is HTTPS only, never all ports; narrow it to partner ranges, or [] for endpoints only."
  type        = list(string)
  default     = ["0.0.0.0/0"]

  validation {
    condition     = alltrue([for cidr in var.app_https_egress_cidrs : try(cidrhost(cidr, 0) == split("/", cidr)[0], false)])
    error_message = "app_https_egress_cidrs must be IPv4 CIDRs written as their network address."
  }
}

variable "endpoints_security_group_id" {
  description = "Existing security group of the interface VPC endpoints (modules/vpc `endpoint_security_group_ids`, created with `endpoints_admit_vpc_cidr = false`). The chain's endpoint rules (443 from the app and rotation groups) go on it and no endpoints group is created here; the network tier, which creates the endpoints before this chain exists, attaches it. Null (default): the module creates the group and the network tier is given it."
  type        = string
  default     = null

  validation {
    condition     = var.endpoints_security_group_id == null || can(regex("^sg-[0-9a-f]{8,17}$", var.endpoints_security_group_id))
    error_message = "endpoints_security_group_id must be a security group id (sg-...) or null."
  }
}

variable "tags" {
  description = "Tags for the groups and rules (provider default_tags are added on top)."
  type        = map(string)
  default     = {}
}
