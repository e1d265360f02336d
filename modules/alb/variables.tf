variable "name" {
  description = "Load balancer name: 1-32 letters, digits and hyphens, not starting or ending with a hyphen and not starting with `internal-`. Target groups are named `<name>-<key>`."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9]([A-Za-z0-9-]{0,30}[A-Za-z0-9])?$", var.name)) && !startswith(lower(var.name), "internal-")
    error_message = "name must be 1-32 letters, digits and hyphens, must not start or end with a hyphen, and must not start with `internal-` (rules of Elastic Load Balancing)."
  }
}

variable "scheme" {
  description = "`internet-facing` (patients reach it from the internet; then a WAF web ACL is mandatory) or `internal` (reachable only inside the VPC and connected networks)."
  type        = string

  validation {
    condition     = contains(["internet-facing", "internal"], var.scheme)
    error_message = "scheme must be \"internet-facing\" or \"internal\"."
  }
}

variable "vpc_id" {
  description = "VPC of the load balancer and its target groups (from the network tier)."
  type        = string

  validation {
    condition     = can(regex("^vpc-[0-9a-f]{8,17}$", var.vpc_id))
    error_message = "vpc_id must be a VPC id (vpc-<hex>)."
  }
}

variable "subnet_ids" {
  description = "Subnets of the load balancer, at least two in different Availability Zones: the public tier for `internet-facing`, the app tier for `internal` (from the network tier)."
  type        = list(string)

  validation {
    condition     = length(distinct(var.subnet_ids)) >= 2 && alltrue([for s in var.subnet_ids : can(regex("^subnet-[0-9a-f]{8,17}$", s))])
    error_message = "subnet_ids must list at least two distinct subnet ids (subnet-<hex>), one per Availability Zone; an Application Load Balancer needs two zones."
  }
}

variable "security_group_ids" {
  description = "Security groups of the load balancer, created by the network tier (ingress 443, and 80 for the redirect; egress only to the app tier). 1-5 ids."
  type        = list(string)

  validation {
    condition     = length(var.security_group_ids) >= 1 && length(var.security_group_ids) <= 5 && alltrue([for s in var.security_group_ids : can(regex("^sg-[0-9a-f]{8,17}$", s))])
    error_message = "security_group_ids must list 1-5 security group ids (sg-<hex>); a load balancer without a security group would take the VPC default group."
  }
}

variable "certificate_arn" {
  description = "Certificate of the HTTPS listener: an ACM certificate ARN (or an IAM server certificate ARN). The load balancer only serves HTTPS; there is no plain-HTTP listener that forwards traffic."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:(acm:[a-z0-9-]+:[0-9]{12}:certificate/[0-9a-f-]+|iam::[0-9]{12}:server-certificate/.+)$", var.certificate_arn))
    error_message = "certificate_arn must be an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>) or an IAM server certificate ARN: an HTTP-only listener is not supported."
  }
}

variable "additional_certificate_arns" {
  description = "More certificates for the HTTPS listener, selected by SNI (other host names on the same load balancer)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for arn in var.additional_certificate_arns : can(regex("^arn:aws[a-z-]*:(acm:[a-z0-9-]+:[0-9]{12}:certificate/[0-9a-f-]+|iam::[0-9]{12}:server-certificate/.+)$", arn))])
    error_message = "additional_certificate_arns must be ACM certificate ARNs or IAM server certificate ARNs."
  }
}

variable "ssl_policy" {
  description = "TLS negotiation policy of the HTTPS listener. The default supports TLS 1.3 and 1.2 with forward-secret AEAD ciphers only. Only policies whose minimum is TLS 1.2 are accepted (`ELBSecurityPolicy-TLS13-1-2-*`, `-TLS13-1-3-*`, `-TLS-1-2-*`, `-FS-1-2-*`)."
  type        = string
  default     = "ELBSecurityPolicy-TLS13-1-2-Res-2021-06"

  validation {
    condition     = can(regex("^ELBSecurityPolicy-(TLS13-1-[23]-[A-Za-z0-9-]+|TLS-1-2-[A-Za-z0-9-]+|FS-1-2-[A-Za-z0-9-]+)$", var.ssl_policy))
    error_message = "ssl_policy must be a TLS policy with TLS 1.2 or later as its minimum (ELBSecurityPolicy-TLS13-1-2-*, -TLS13-1-3-*, -TLS-1-2-*, -FS-1-2-*); policies that allow TLS 1.0 or 1.1 are rejected."
  }
}

variable "http_listener" {
  description = "What port 80 does: `redirect` (default) answers every plain-HTTP request with a 301 to HTTPS on 443; `none` opens no port-80 listener at all. Plain HTTP never reaches a target."
  type        = string
  default     = "redirect"

  validation {
    condition     = contains(["redirect", "none"], var.http_listener)
    error_message = "http_listener must be \"redirect\" or \"none\": a plain-HTTP listener that forwards to targets would carry PHI unencrypted."
  }
}

variable "target_groups" {
  description = "Target groups (for Fargate tasks, target type `ip`), keyed by a short name. `protocol` defaults to HTTPS, so traffic is re-encrypted from the load balancer to the task; `HTTP` is an explicit opt-out for services that cannot terminate TLS themselves (traffic then stays inside the VPC, limited by security groups)."
  type = map(object({
    port                 = number
    protocol             = optional(string, "HTTPS")
    protocol_version     = optional(string, "HTTP1")
    deregistration_delay = optional(number, 30)
    slow_start           = optional(number, 0)
    health_check = optional(object({
      path                = optional(string, "/health")
      matcher             = optional(string, "200")
      interval            = optional(number, 15)
      timeout             = optional(number, 5)
      healthy_threshold   = optional(number, 3)
      unhealthy_threshold = optional(number, 3)
    }), {})
  }))
  default = {}

  validation {
    condition     = alltrue([for k, tg in var.target_groups : can(regex("^[a-z0-9]([a-z0-9-]*[a-z0-9])?$", k)) && length(var.name) + 1 + length(k) <= 32])
    error_message = "target_groups keys must be lowercase letters, digits and hyphens, short enough that `<name>-<key>` fits the 32-character target group name limit."
  }

  validation {
    condition     = alltrue([for tg in var.target_groups : tg.port >= 1 && tg.port <= 65535 && floor(tg.port) == tg.port])
    error_message = "target_groups[*].port must be a whole port number between 1 and 65535."
  }

  validation {
    condition     = alltrue([for tg in var.target_groups : contains(["HTTPS", "HTTP"], tg.protocol) && contains(["HTTP1", "HTTP2", "GRPC"], tg.protocol_version)])
    error_message = "target_groups[*].protocol must be HTTPS or HTTP and protocol_version HTTP1, HTTP2 or GRPC."
  }

  validation {
    condition     = alltrue([for tg in var.target_groups : tg.deregistration_delay >= 0 && tg.deregistration_delay <= 3600 && (tg.slow_start == 0 || (tg.slow_start >= 30 && tg.slow_start <= 900))])
    error_message = "target_groups[*].deregistration_delay must be 0-3600 seconds and slow_start 0 (off) or 30-900 seconds."
  }

  validation {
    condition = alltrue([for tg in var.target_groups : startswith(tg.health_check.path, "/") && can(regex("^[0-9]{3}([-,][0-9]{3})*$", tg.health_check.matcher))
      && tg.health_check.interval >= 5 && tg.health_check.interval <= 300
      && tg.health_check.timeout >= 2 && tg.health_check.timeout <= 120 && tg.health_check.timeout < tg.health_check.interval
      && tg.health_check.healthy_threshold >= 2 && tg.health_check.healthy_threshold <= 10
    && tg.health_check.unhealthy_threshold >= 2 && tg.health_check.unhealthy_threshold <= 10])
    error_message = "target_groups[*].health_check needs a path starting with `/`, HTTP codes as matcher (e.g. `200` or `200-299`), interval 5-300 s, timeout 2-120 s and shorter than the interval, thresholds 2-10."
  }
}

variable "default_target_group" {
  description = "Key of the target group the HTTPS listener forwards to when no listener rule matches. Null: answer 404 (fixed response), so only requests matching a rule reach a service."
  type        = string
  default     = null

  validation {
    condition     = var.default_target_group == null || contains(keys(var.target_groups), coalesce(var.default_target_group, "-"))
    error_message = "default_target_group must be null or a key of target_groups."
  }
}

variable "listener_rules" {
  description = "Routing rules of the HTTPS listener, keyed by name: a unique `priority` (1-50000, lower first), the `target_group` key to forward to, and `host_headers` and/or `path_patterns` to match."
  type = map(object({
    priority      = number
    target_group  = string
    host_headers  = optional(list(string), [])
    path_patterns = optional(list(string), [])
  }))
  default = {}

  validation {
    condition     = alltrue([for r in var.listener_rules : r.priority >= 1 && r.priority <= 50000 && floor(r.priority) == r.priority]) && length(distinct([for r in var.listener_rules : r.priority])) == length(var.listener_rules)
    error_message = "listener_rules[*].priority must be unique whole numbers between 1 and 50000."
  }

  validation {
    condition     = alltrue([for r in var.listener_rules : contains(keys(var.target_groups), r.target_group)])
    error_message = "listener_rules[*].target_group must be a key of target_groups."
  }

  validation {
    condition     = alltrue([for r in var.listener_rules : length(r.host_headers) + length(r.path_patterns) >= 1 && length(r.host_headers) <= 5 && length(r.path_patterns) <= 5])
    error_message = "listener_rules[*] needs at least one host_headers or path_patterns value (at most 5 of each)."
  }
}

variable "access_logs_bucket" {
  description = "Name of the log bucket for access logs: a `log`-profile bucket of modules/s3-bucket with `alb_access_logs = true` (SSE-S3 and the Elastic Load Balancing delivery statements). Pass its `bucket_id` output so the load balancer waits for the bucket policy."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$", var.access_logs_bucket))
    error_message = "access_logs_bucket must be an S3 bucket name (3-63 lowercase letters, digits and hyphens); access logs cannot be switched off."
  }
}

variable "access_logs_prefix" {
  description = "Key prefix of the access logs in the bucket; must equal the log bucket's `log_delivery.alb_prefix`, which scopes the delivery permission to `<prefix>/AWSLogs/<account>/`."
  type        = string
  default     = "alb"

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*$", var.access_logs_prefix)) && !strcontains(var.access_logs_prefix, "AWSLogs")
    error_message = "access_logs_prefix must be a key prefix without leading or trailing slashes and without `AWSLogs` (Elastic Load Balancing rejects both)."
  }
}

variable "associate_web_acl" {
  description = "Associate the WAF web ACL `web_acl_arn` with the load balancer. Mandatory for `internet-facing`; switching it off is allowed only for `internal` load balancers."
  type        = bool
  default     = true

  validation {
    condition     = var.associate_web_acl || var.scheme == "internal"
    error_message = "associate_web_acl must be true when scheme = \"internet-facing\": a public load balancer in front of PHI is always protected by WAF."
  }
}

variable "web_acl_arn" {
  description = "ARN of the regional WAFv2 web ACL (modules/waf) to associate. Required while `associate_web_acl` is true."
  type        = string
  default     = null

  validation {
    condition     = !var.associate_web_acl || can(regex("^arn:aws[a-z-]*:wafv2:[a-z0-9-]+:[0-9]{12}:regional/webacl/.+$", var.web_acl_arn))
    error_message = "web_acl_arn must be a regional WAFv2 web ACL ARN (arn:aws:wafv2:<region>:<account>:regional/webacl/<name>/<id>) while associate_web_acl is true."
  }
}

variable "desync_mitigation_mode" {
  description = "How the load balancer treats requests that could be used for HTTP desync (request smuggling): `strictest` (default) blocks every request that is not RFC 7230 compliant; `defensive` lets ambiguous ones through. `monitor` is not accepted."
  type        = string
  default     = "strictest"

  validation {
    condition     = contains(["strictest", "defensive"], var.desync_mitigation_mode)
    error_message = "desync_mitigation_mode must be \"strictest\" or \"defensive\"; \"monitor\" would pass request-smuggling attempts to the targets."
  }
}

variable "enable_deletion_protection" {
  description = "Refuse deletion of the load balancer through the API (turn off deliberately, in a separate change, before destroying it)."
  type        = bool
  default     = true
}

variable "idle_timeout" {
  description = "Seconds a connection may stay idle before the load balancer closes it (1-4000)."
  type        = number
  default     = 60

  validation {
    condition     = var.idle_timeout >= 1 && var.idle_timeout <= 4000 && floor(var.idle_timeout) == var.idle_timeout
    error_message = "idle_timeout must be a whole number of seconds between 1 and 4000."
  }
}

variable "ip_address_type" {
  description = "`ipv4` or `dualstack` (IPv4 and IPv6; the subnets need IPv6 CIDRs)."
  type        = string
  default     = "ipv4"

  validation {
    condition     = contains(["ipv4", "dualstack"], var.ip_address_type)
    error_message = "ip_address_type must be \"ipv4\" or \"dualstack\"."
  }
}

variable "tags" {
  description = "Tags for every resource (provider default_tags are added on top)."
  type        = map(string)
  default     = {}
}
