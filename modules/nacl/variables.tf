variable "name" {
  description = "Name prefix for the NACLs' Name tags, e.g. `phi-prod`."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,30}[a-z0-9]$", var.name))
    error_message = "name must be 2-32 characters of lowercase letters, digits and hyphens, starting with a letter."
  }
}

variable "vpc_id" {
  description = "VPC the NACLs belong to (modules/vpc `vpc_id`)."
  type        = string

  validation {
    condition     = can(regex("^vpc-[0-9a-f]{8,17}$", var.vpc_id))
    error_message = "vpc_id must be a VPC id (vpc-...)."
  }
}

variable "public_subnet_ids" {
  description = "Subnets of the public tier (modules/vpc `public_subnet_ids`)."
  type        = list(string)

  validation {
    condition     = length(var.public_subnet_ids) >= 1 && alltrue([for id in var.public_subnet_ids : can(regex("^subnet-[0-9a-f]{8,17}$", id))])
    error_message = "public_subnet_ids must list at least one subnet id (subnet-...)."
  }
}

variable "app_subnet_ids" {
  description = "Subnets of the app tier (modules/vpc `app_subnet_ids`)."
  type        = list(string)

  validation {
    condition     = length(var.app_subnet_ids) >= 1 && alltrue([for id in var.app_subnet_ids : can(regex("^subnet-[0-9a-f]{8,17}$", id))])
    error_message = "app_subnet_ids must list at least one subnet id (subnet-...)."
  }
}

variable "data_subnet_ids" {
  description = "Subnets of the data tier (modules/vpc `data_subnet_ids`)."
  type        = list(string)

  validation {
    condition     = length(var.data_subnet_ids) >= 1 && alltrue([for id in var.data_subnet_ids : can(regex("^subnet-[0-9a-f]{8,17}$", id))])
    error_message = "data_subnet_ids must list at least one subnet id (subnet-...)."
  }
}

variable "public_subnet_cidrs" {
  description = "CIDRs of the public tier (modules/vpc `public_subnet_cidrs`); rules are generated from them."
  type        = list(string)

  validation {
    condition     = length(var.public_subnet_cidrs) >= 1 && alltrue([for cidr in var.public_subnet_cidrs : try(cidrhost(cidr, 0) == split("/", cidr)[0], false)])
    error_message = "public_subnet_cidrs must list at least one IPv4 CIDR written as its network address."
  }
}

variable "app_subnet_cidrs" {
  description = "CIDRs of the app tier (modules/vpc `app_subnet_cidrs`)."
  type        = list(string)

  validation {
    condition     = length(var.app_subnet_cidrs) >= 1 && alltrue([for cidr in var.app_subnet_cidrs : try(cidrhost(cidr, 0) == split("/", cidr)[0], false)])
    error_message = "app_subnet_cidrs must list at least one IPv4 CIDR written as its network address."
  }
}

variable "data_subnet_cidrs" {
  description = "CIDRs of the data tier (modules/vpc `data_subnet_cidrs`)."
  type        = list(string)

  validation {
    condition     = length(var.data_subnet_cidrs) >= 1 && alltrue([for cidr in var.data_subnet_cidrs : try(cidrhost(cidr, 0) == split("/", cidr)[0], false)])
    error_message = "data_subnet_cidrs must list at least one IPv4 CIDR written as its network address."
  }
}

variable "public_ingress_cidrs" {
  description = "Where clients of the load balancers come from (HTTPS into the public tier). NACLs cannot name prefix lists, so with CloudFront in front keep 0.0.0.0/0 here and narrow in the load balancer's security group."
  type        = list(string)
  default     = ["0.0.0.0/0"]

  validation {
    condition     = length(var.public_ingress_cidrs) >= 1 && alltrue([for cidr in var.public_ingress_cidrs : try(cidrhost(cidr, 0) == split("/", cidr)[0], false)])
    error_message = "public_ingress_cidrs must list at least one IPv4 CIDR written as its network address."
  }
}

variable "http_redirect" {
  description = "Admit HTTP (80) into the public tier, only for a load balancer listener that redirects to HTTPS. Off by default."
  type        = bool
  default     = false
}

variable "app_port" {
  description = "Port the app tier serves to the load balancers in the public tier."
  type        = number
  default     = 8080

  validation {
    condition     = var.app_port >= 1 && var.app_port <= 65535 && floor(var.app_port) == var.app_port
    error_message = "app_port must be a whole number between 1 and 65535."
  }
}

variable "database_ports" {
  description = "Ports of the databases and database proxies in the data tier (reached from the app tier)."
  type        = list(number)
  default     = [5432]

  validation {
    condition     = length(var.database_ports) >= 1 && alltrue([for port in var.database_ports : port >= 1 && port <= 65535 && floor(port) == port])
    error_message = "database_ports must list at least one whole port number between 1 and 65535."
  }
}

variable "cache_ports" {
  description = "Ports of the caches in the data tier (reached from the app tier). Empty: no cache."
  type        = list(number)
  default     = [6379]

  validation {
    condition     = alltrue([for port in var.cache_ports : port >= 1 && port <= 65535 && floor(port) == port])
    error_message = "cache_ports must be whole port numbers between 1 and 65535."
  }
}

variable "nat_egress_ports" {
  description = "Ports the app tier may reach the internet on through the NAT gateways in the public tier (default HTTPS only). Empty without NAT gateways."
  type        = list(number)
  default     = [443]

  validation {
    condition     = alltrue([for port in var.nat_egress_ports : port >= 1 && port <= 65535 && floor(port) == port])
    error_message = "nat_egress_ports must be whole port numbers between 1 and 65535."
  }
}

variable "corporate_cidrs" {
  description = "Corporate networks behind the site-to-site VPN (modules/vpc `corporate_cidrs`). Empty (default): no corporate rules."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for cidr in var.corporate_cidrs : try(cidrhost(cidr, 0) == split("/", cidr)[0] && cidr != "0.0.0.0/0", false)])
    error_message = "corporate_cidrs must be IPv4 CIDRs written as their network address, never 0.0.0.0/0."
  }
}

variable "corporate_to_app_ports" {
  description = "Ports of the app tier that corporate networks may open connections to (e.g. an internal API). Empty by default."
  type        = list(number)
  default     = []

  validation {
    condition     = alltrue([for port in var.corporate_to_app_ports : port >= 1 && port <= 65535 && floor(port) == port])
    error_message = "corporate_to_app_ports must be whole port numbers between 1 and 65535."
  }
}

variable "corporate_to_data_ports" {
  description = "Ports of the data tier that corporate networks may open connections to (e.g. 5432 for DBAs). Empty by default."
  type        = list(number)
  default     = []

  validation {
    condition     = alltrue([for port in var.corporate_to_data_ports : port >= 1 && port <= 65535 && floor(port) == port])
    error_message = "corporate_to_data_ports must be whole port numbers between 1 and 65535."
  }
}

variable "app_to_corporate_ports" {
  description = "Ports of corporate systems the app tier may open connections to (e.g. 443 for an on-premises EHR interface). Empty by default."
  type        = list(number)
  default     = []

  validation {
    condition     = alltrue([for port in var.app_to_corporate_ports : port >= 1 && port <= 65535 && floor(port) == port])
    error_message = "app_to_corporate_ports must be whole port numbers between 1 and 65535."
  }
}

variable "ephemeral_ports" {
  description = "Port range of return traffic (clients' source ports). The default 1024-65535 is what NAT gateways, Elastic Load Balancing and Lambda use (AWS: \"Ephemeral ports\"); Linux-only clients could narrow it to 32768-60999."
  type = object({
    from = number
    to   = number
  })
  default = { from = 1024, to = 65535 }

  validation {
    condition     = var.ephemeral_ports.from >= 1024 && var.ephemeral_ports.to <= 65535 && var.ephemeral_ports.from < var.ephemeral_ports.to && floor(var.ephemeral_ports.from) == var.ephemeral_ports.from && floor(var.ephemeral_ports.to) == var.ephemeral_ports.to
    error_message = "ephemeral_ports must be a whole-number range within 1024-65535 with from < to (well-known ports below 1024 are never return traffic)."
  }
}

variable "max_rules_per_direction" {
  description = "AWS quota of rules per NACL and direction (20 by default, up to 40 on request). A plan whose generated rules exceed it fails instead of the apply."
  type        = number
  default     = 20

  validation {
    condition     = var.max_rules_per_direction >= 1 && var.max_rules_per_direction <= 40 && floor(var.max_rules_per_direction) == var.max_rules_per_direction
    error_message = "max_rules_per_direction must be a whole number between 1 and 40 (the AWS maximum)."
  }
}

variable "tags" {
  description = "Tags for the NACLs (provider default_tags are added on top)."
  type        = map(string)
  default     = {}
}
