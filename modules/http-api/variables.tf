variable "name" {
  description = "API name; also names the access-log group `/aws/apigateway/<name>`."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,128}$", var.name))
    error_message = "name must be 1-128 characters of letters, digits, '-' and '_'."
  }
}

variable "routes" {
  description = "Routes keyed by route key (`<METHOD> <path>`, e.g. `POST /campaigns/{campaign_id}/plan`), each sent to a Lambda alias (its ARN, `...:function:<name>:<alias>`). `authorization = \"JWT\"` (default) requires a token the `jwt` authorizer accepts, with `scopes` if set; `\"NONE\"` makes the route public and must be chosen route by route."
  type = map(object({
    alias_arn     = string
    authorization = optional(string, "JWT")
    scopes        = optional(list(string), [])
    timeout_ms    = optional(number, 29000)
  }))

  validation {
    condition     = length(var.routes) > 0
    error_message = "routes must name at least one route."
  }

  validation {
    condition     = alltrue([for k in keys(var.routes) : can(regex("^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|ANY) /[A-Za-z0-9_{}./+-]*$", k))])
    error_message = "routes keys must be route keys like \"GET /r/{token}\" (a method, a space, a path starting with /); $default is not allowed."
  }

  validation {
    condition     = alltrue([for r in var.routes : can(regex("^arn:aws[a-z-]*:lambda:[a-z0-9-]+:[0-9]{12}:function:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+$", r.alias_arn))])
    error_message = "routes[*].alias_arn must be a qualified Lambda ARN (arn:aws:lambda:<region>:<account>:function:<name>:<alias>): routes invoke an alias, never $LATEST."
  }

  validation {
    condition     = alltrue([for r in var.routes : contains(["JWT", "NONE"], r.authorization)])
    error_message = "routes[*].authorization must be JWT or NONE."
  }

  validation {
    condition     = alltrue([for r in var.routes : r.timeout_ms >= 50 && r.timeout_ms <= 30000 && floor(r.timeout_ms) == r.timeout_ms])
    error_message = "routes[*].timeout_ms must be a whole number of milliseconds from 50 to 30000 (the HTTP API limit)."
  }
}

variable "jwt" {
  description = "The JWT authorizer: `issuer` (for Cognito `https://cognito-idp.<region>.amazonaws.com/<user pool id>`) and `audience` (the app client ids whose tokens are accepted). Required when any route uses JWT."
  type = object({
    issuer   = string
    audience = list(string)
  })
  default = null

  validation {
    condition     = var.jwt == null || can(regex("^https://[^\\s/]+(/[^\\s]*)?$", var.jwt.issuer))
    error_message = "jwt.issuer must be an https:// URL (for Cognito: https://cognito-idp.<region>.amazonaws.com/<user pool id>)."
  }

  validation {
    condition     = var.jwt == null || try(length(var.jwt.audience) > 0, false)
    error_message = "jwt.audience must list at least one app client id: an authorizer without an audience would accept any client's tokens."
  }
}

variable "throttling_burst_limit" {
  description = "Stage-wide burst limit (requests) for every route: protects the functions and the database from floods."
  type        = number
  default     = 100

  validation {
    condition     = var.throttling_burst_limit >= 1 && var.throttling_burst_limit <= 5000 && floor(var.throttling_burst_limit) == var.throttling_burst_limit
    error_message = "throttling_burst_limit must be a whole number from 1 to 5000."
  }
}

variable "throttling_rate_limit" {
  description = "Stage-wide steady-state rate limit (requests per second) for every route."
  type        = number
  default     = 50

  validation {
    condition     = var.throttling_rate_limit >= 1 && var.throttling_rate_limit <= 10000
    error_message = "throttling_rate_limit must be from 1 to 10000 requests per second."
  }
}

variable "route_throttling" {
  description = "Tighter limits for particular routes (keyed by route key), e.g. a public link endpoint."
  type = map(object({
    burst_limit = number
    rate_limit  = number
  }))
  default = {}

  validation {
    condition     = alltrue([for k, t in var.route_throttling : t.burst_limit >= 1 && t.rate_limit >= 1 && floor(t.burst_limit) == t.burst_limit])
    error_message = "route_throttling values need burst_limit (a whole number >= 1) and rate_limit >= 1."
  }
}

variable "log_kms_key_arn" {
  description = "Customer-managed KMS key (ARN) for the access-log group; its policy must admit `logs.<region>.amazonaws.com`."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[0-9a-f-]{36}$", var.log_kms_key_arn))
    error_message = "log_kms_key_arn must be the ARN of a customer-managed key (arn:aws:kms:<region>:<account>:key/<uuid>)."
  }
}

variable "log_retention_days" {
  description = "Retention of the access logs in days (at least a year; a value CloudWatch Logs accepts)."
  type        = number
  default     = 365

  validation {
    condition     = contains([365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be at least 365 and one of 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653."
  }
}

variable "tags" {
  description = "Tags for every resource (provider default_tags are added on top)."
  type        = map(string)
  default     = {}
}
