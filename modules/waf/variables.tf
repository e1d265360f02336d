variable "name" {
  description = "Web ACL name; also names its metrics and its log group (`aws-waf-logs-<name>`)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,100}$", var.name))
    error_message = "name must be 1-100 letters, digits, hyphens or underscores."
  }
}

variable "description" {
  description = "What the web ACL protects."
  type        = string
  default     = "Managed by Terraform: modules/waf"

  validation {
    condition     = length(var.description) >= 1 && length(var.description) <= 256 && can(regex("^[\\w+=:#@/\\-,.][\\w+=:#@/\\-,.\\s]*$", var.description))
    error_message = "description must be 1-256 characters of letters, digits, spaces and + = : # @ / - , . _ (the WAF pattern)."
  }
}

variable "scope" {
  description = "`REGIONAL` (ALB, API Gateway, Cognito, AppSync in the provider's region) or `CLOUDFRONT` (the provider must be in us-east-1, where CloudFront web ACLs and their logs live)."
  type        = string
  default     = "REGIONAL"

  validation {
    condition     = contains(["REGIONAL", "CLOUDFRONT"], var.scope)
    error_message = "scope must be \"REGIONAL\" or \"CLOUDFRONT\"."
  }
}

variable "managed_rule_groups" {
  description = "AWS managed rule groups, evaluated in this order after the geo and rate rules. The baseline (AWSManagedRulesAmazonIpReputationList, AWSManagedRulesCommonRuleSet, AWSManagedRulesKnownBadInputsRuleSet, AWSManagedRulesSQLiRuleSet) must stay; add others (e.g. AWSManagedRulesLinuxRuleSet, AWSManagedRulesAnonymousIpList). `count_rules` switches individual rules of a group to count (false-positive tuning) instead of removing the group."
  type = list(object({
    name        = string
    version     = optional(string)
    count_rules = optional(list(string), [])
  }))
  default = [
    { name = "AWSManagedRulesAmazonIpReputationList" },
    { name = "AWSManagedRulesCommonRuleSet" },
    { name = "AWSManagedRulesKnownBadInputsRuleSet" },
    { name = "AWSManagedRulesSQLiRuleSet" },
  ]

  validation {
    condition = length(setsubtract([
      "AWSManagedRulesAmazonIpReputationList",
      "AWSManagedRulesCommonRuleSet",
      "AWSManagedRulesKnownBadInputsRuleSet",
      "AWSManagedRulesSQLiRuleSet",
    ], [for g in var.managed_rule_groups : g.name])) == 0
    error_message = "managed_rule_groups must keep the baseline groups AWSManagedRulesAmazonIpReputationList, AWSManagedRulesCommonRuleSet, AWSManagedRulesKnownBadInputsRuleSet (Log4j and other known exploits) and AWSManagedRulesSQLiRuleSet; switch single rules to count with count_rules instead of removing a group."
  }

  validation {
    condition     = length(distinct([for g in var.managed_rule_groups : g.name])) == length(var.managed_rule_groups) && alltrue([for g in var.managed_rule_groups : can(regex("^AWSManagedRules[A-Za-z0-9]+$", g.name))])
    error_message = "managed_rule_groups names must be distinct AWS managed rule group names (AWSManagedRules...)."
  }

  validation {
    condition     = length(var.managed_rule_groups) <= 20
    error_message = "managed_rule_groups must list at most 20 groups."
  }
}

variable "rate_limit" {
  description = "Requests one client IP may send per `rate_limit_window_seconds` before it is blocked (until its rate falls)."
  type        = number
  default     = 2000

  validation {
    condition     = var.rate_limit >= 10 && var.rate_limit <= 2000000000 && floor(var.rate_limit) == var.rate_limit
    error_message = "rate_limit must be a whole number of requests between 10 and 2,000,000,000."
  }
}

variable "rate_limit_window_seconds" {
  description = "Window the rate limit counts over: 60, 120, 300 (default) or 600 seconds."
  type        = number
  default     = 300

  validation {
    condition     = contains([60, 120, 300, 600], var.rate_limit_window_seconds)
    error_message = "rate_limit_window_seconds must be 60, 120, 300 or 600."
  }
}

variable "allowed_country_codes" {
  description = "Geo allow-list: when non-empty, requests from any other country (by source IP) are blocked before the other rules. ISO 3166-1 alpha-2 codes, e.g. [\"US\"]. Empty (default): no geo rule."
  type        = list(string)
  default     = []

  validation {
    condition     = length(var.allowed_country_codes) <= 50 && alltrue([for c in var.allowed_country_codes : can(regex("^[A-Z]{2}$", c))])
    error_message = "allowed_country_codes must be at most 50 two-letter upper-case ISO 3166-1 country codes such as \"US\"."
  }
}

variable "kms_key_arn" {
  description = "Customer-managed KMS key for the log group. Its policy must admit `logs.<region>.amazonaws.com` for this log group."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[a-zA-Z0-9-]+$", var.kms_key_arn))
    error_message = "kms_key_arn must be a customer-managed KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)."
  }
}

variable "log_retention_days" {
  description = "Retention of the WAF log group, in days (at least one year; a value CloudWatch Logs accepts)."
  type        = number
  default     = 365

  validation {
    condition     = contains([365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be at least 365 and one of the CloudWatch Logs values 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653."
  }
}

variable "redacted_headers" {
  description = "Request headers replaced by `REDACTED` in the logs, in addition to `authorization` and `cookie` (always redacted: they carry sessions and credentials), e.g. [\"x-api-key\"]."
  type        = list(string)
  default     = []

  validation {
    condition     = length(var.redacted_headers) <= 18 && alltrue([for h in var.redacted_headers : can(regex("^[a-z0-9-]{1,64}$", h)) && !contains(["authorization", "cookie"], h)])
    error_message = "redacted_headers must be at most 18 lower-case header names (authorization and cookie are already redacted)."
  }
}

variable "associations" {
  description = "REGIONAL scope: resources to protect, by a stable key, e.g. { alb = aws_lb.app.arn } (ALB, API Gateway stage, Cognito user pool, AppSync API). Keys are static so ARNs may be unknown at plan. CloudFront distributions attach the ACL themselves (`web_acl_id`)."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for k, arn in var.associations : can(regex("^[a-z0-9_-]+$", k)) && can(regex("^arn:aws[a-z-]*:(elasticloadbalancing|apigateway|cognito-idp|appsync|apprunner|ec2):", arn))])
    error_message = "associations must map lower-case keys to ARNs of ALBs, API Gateway stages, Cognito user pools, AppSync APIs, App Runner services or Verified Access instances."
  }

  validation {
    condition     = var.scope == "REGIONAL" || length(var.associations) == 0
    error_message = "associations are only for scope = \"REGIONAL\"; a CLOUDFRONT web ACL is attached through the distribution's web_acl_id."
  }
}

variable "tags" {
  description = "Tags for the web ACL and its log group (provider default_tags are added on top)."
  type        = map(string)
  default     = {}
}
