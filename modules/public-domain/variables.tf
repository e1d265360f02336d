variable "public_domain" {
  description = "The environment's public domain, e.g. `dev.phi-platform.example.com`; the zone is `<region_label>.<public_domain>`."
  type        = string

  validation {
    condition     = length(var.public_domain) <= 200 && can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", var.public_domain))
    error_message = "public_domain must be a lower-case DNS name of at most 200 characters with at least two labels, e.g. dev.phi-platform.example.com (no trailing dot)."
  }
}

variable "region_label" {
  description = "Label of this region in the zone name, e.g. `us-east-1` → `us-east-1.dev.phi-platform.example.com`."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$", var.region_label))
    error_message = "region_label must be one lower-case DNS label (letters, digits and inner hyphens, 1-63 characters), e.g. us-east-1."
  }
}

variable "name" {
  description = "Name prefix of the DNSSEC key, query log group, key-signing key and CloudFront web ACL, e.g. `phi-dev-use1`."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{0,38}[a-z0-9]$", var.name))
    error_message = "name must be 2-40 lower-case letters, digits or hyphens, starting and ending with a letter or digit."
  }
}

variable "regional_certificate_names" {
  description = "Host labels of the regional (ALB) certificate under the zone: the first is the certificate's domain name, the others its alternative names, e.g. [\"portal\", \"api\"]."
  type        = list(string)
  default     = ["portal", "api"]

  validation {
    condition     = length(var.regional_certificate_names) >= 1 && length(var.regional_certificate_names) <= 10 && length(distinct(var.regional_certificate_names)) == length(var.regional_certificate_names) && alltrue([for n in var.regional_certificate_names : can(regex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$", n))])
    error_message = "regional_certificate_names must list 1-10 distinct lower-case DNS labels (no dots, no wildcards), e.g. [\"portal\", \"api\"]."
  }
}

variable "cloudfront_certificate_names" {
  description = "Host labels of the us-east-1 certificate for CloudFront under the zone: the first is the domain name, the others alternative names, e.g. [\"www\"]."
  type        = list(string)
  default     = ["www"]

  validation {
    condition     = length(var.cloudfront_certificate_names) >= 1 && length(var.cloudfront_certificate_names) <= 10 && length(distinct(var.cloudfront_certificate_names)) == length(var.cloudfront_certificate_names) && alltrue([for n in var.cloudfront_certificate_names : can(regex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$", n))])
    error_message = "cloudfront_certificate_names must list 1-10 distinct lower-case DNS labels (no dots, no wildcards), e.g. [\"www\"]."
  }
}

variable "certificate_key_algorithm" {
  description = "Key algorithm of both certificates: `EC_prime256v1` (default), `EC_secp384r1` or `RSA_2048` (for old clients; the emulator sets it because moto ignores KeyAlgorithm)."
  type        = string
  default     = "EC_prime256v1"

  validation {
    condition     = contains(["EC_prime256v1", "EC_secp384r1", "RSA_2048"], var.certificate_key_algorithm)
    error_message = "certificate_key_algorithm must be EC_prime256v1, EC_secp384r1 or RSA_2048."
  }
}

variable "enable_dnssec" {
  description = "Sign the zone with DNSSEC (key-signing key on the module's KMS key). Only the emulator switches it off (moto has no CreateKeySigningKey); the signing key itself is always created."
  type        = bool
  default     = true
}

variable "enable_query_logging" {
  description = "Log DNS queries of the zone to a KMS-encrypted CloudWatch log group in us-east-1. Only the emulator switches it off (moto needs the log-group ARN with `:*`)."
  type        = bool
  default     = true
}

variable "query_log_retention_days" {
  description = "Retention of the DNS query log group, in days (at least one year; a value CloudWatch Logs accepts)."
  type        = number
  default     = 365

  validation {
    condition     = contains([365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.query_log_retention_days)
    error_message = "query_log_retention_days must be at least 365 and one of the CloudWatch Logs values 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653."
  }
}

variable "log_kms_key_arn" {
  description = "Customer-managed KMS key in us-east-1 for the query log group and the CloudFront web ACL log group. Its policy must admit `logs.us-east-1.amazonaws.com` for those groups."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:us-east-1:[0-9]{12}:key/[a-zA-Z0-9-]+$", var.log_kms_key_arn))
    error_message = "log_kms_key_arn must be a customer-managed KMS key ARN in us-east-1 (arn:aws:kms:us-east-1:<account>:key/<id>): the query and WAF log groups live there."
  }
}

variable "cloudfront_allowed_country_codes" {
  description = "Geo allow-list of the CloudFront web ACL: requests from any other country are blocked first. ISO 3166-1 alpha-2 codes, e.g. [\"US\"] (the environment's patient countries)."
  type        = list(string)

  validation {
    condition     = length(var.cloudfront_allowed_country_codes) >= 1 && length(var.cloudfront_allowed_country_codes) <= 50 && alltrue([for c in var.cloudfront_allowed_country_codes : can(regex("^[A-Z]{2}$", c))])
    error_message = "cloudfront_allowed_country_codes must list 1-50 two-letter upper-case ISO 3166-1 country codes such as \"US\"."
  }
}

variable "cloudfront_rate_limit" {
  description = "Requests one client IP may send to CloudFront per 5 minutes before the web ACL blocks it."
  type        = number
  default     = 2000

  validation {
    condition     = var.cloudfront_rate_limit >= 10 && var.cloudfront_rate_limit <= 2000000000 && floor(var.cloudfront_rate_limit) == var.cloudfront_rate_limit
    error_message = "cloudfront_rate_limit must be a whole number of requests between 10 and 2,000,000,000."
  }
}

variable "cloudfront_managed_rule_groups" {
  description = "AWS managed rule groups of the CloudFront web ACL, evaluated in this order after the geo and rate rules. The baseline (AWSManagedRulesAmazonIpReputationList, AWSManagedRulesCommonRuleSet, AWSManagedRulesKnownBadInputsRuleSet, AWSManagedRulesSQLiRuleSet) must stay."
  type        = list(string)
  default = [
    "AWSManagedRulesAmazonIpReputationList",
    "AWSManagedRulesCommonRuleSet",
    "AWSManagedRulesKnownBadInputsRuleSet",
    "AWSManagedRulesSQLiRuleSet",
  ]

  validation {
    condition = length(setsubtract([
      "AWSManagedRulesAmazonIpReputationList",
      "AWSManagedRulesCommonRuleSet",
      "AWSManagedRulesKnownBadInputsRuleSet",
      "AWSManagedRulesSQLiRuleSet",
    ], var.cloudfront_managed_rule_groups)) == 0
    error_message = "cloudfront_managed_rule_groups must keep the baseline groups AWSManagedRulesAmazonIpReputationList, AWSManagedRulesCommonRuleSet, AWSManagedRulesKnownBadInputsRuleSet and AWSManagedRulesSQLiRuleSet."
  }

  validation {
    condition     = length(var.cloudfront_managed_rule_groups) <= 20 && length(distinct(var.cloudfront_managed_rule_groups)) == length(var.cloudfront_managed_rule_groups) && alltrue([for g in var.cloudfront_managed_rule_groups : can(regex("^AWSManagedRules[A-Za-z0-9]+$", g))])
    error_message = "cloudfront_managed_rule_groups must be at most 20 distinct AWS managed rule group names (AWSManagedRules...)."
  }
}

variable "force_destroy" {
  description = "Delete the zone even when it still holds records not managed here (non-production only)."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags for every resource (provider default_tags are added on top)."
  type        = map(string)
  default     = {}
}
