variable "alias" {
  description = "Alias name without the `alias/` prefix, e.g. `phi-dev-data`. Letters, digits, `/`, `_` and `-`; must not start with `aws/`."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9/_-]{1,250}$", var.alias)) && !startswith(var.alias, "aws/") && !startswith(var.alias, "alias/")
    error_message = "alias must be 1-250 characters of [a-zA-Z0-9/_-], without the `alias/` prefix, and must not start with `aws/` (reserved for AWS managed keys)."
  }
}

variable "description" {
  description = "What the key protects; shown in the KMS console and in CloudTrail."
  type        = string

  validation {
    condition     = length(trimspace(var.description)) > 0 && length(var.description) <= 8192
    error_message = "description must be a non-empty string of at most 8192 characters."
  }
}

variable "deletion_window_in_days" {
  description = "Waiting period before a scheduled key deletion completes (7-30 days). Longer windows give more time to notice a mistaken deletion of a key that protects PHI."
  type        = number
  default     = 30

  validation {
    condition     = var.deletion_window_in_days >= 7 && var.deletion_window_in_days <= 30 && floor(var.deletion_window_in_days) == var.deletion_window_in_days
    error_message = "deletion_window_in_days must be a whole number of days between 7 and 30 (the range KMS accepts)."
  }
}

variable "key_administrators" {
  description = "IAM principal ARNs that may manage (but not use) the key. Empty means the account root, which delegates administration to IAM policies and prevents the key from becoming unmanageable."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for arn in var.key_administrators : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:(root|role/.+|user/.+)$", arn))])
    error_message = "key_administrators must be IAM ARNs of the form arn:aws:iam::<12-digit account>:root|role/<name>|user/<name>; wildcards are not allowed."
  }
}

variable "key_users" {
  description = "IAM principal ARNs that may use the key directly for cryptographic operations (Encrypt, Decrypt, ReEncrypt*, GenerateDataKey*, DescribeKey) and create grants for AWS resources."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for arn in var.key_users : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:(root|role/.+|user/.+)$", arn))])
    error_message = "key_users must be IAM ARNs of the form arn:aws:iam::<12-digit account>:root|role/<name>|user/<name>; wildcards are not allowed."
  }
}

variable "via_services" {
  description = "Service endpoints (e.g. `s3.us-east-1.amazonaws.com`, `rds.us-east-1.amazonaws.com`) through which principals of this account may use the key, as AWS managed keys allow. Use is limited to calls made by those services on the caller's behalf (kms:ViaService) from this account (kms:CallerAccount)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for s in var.via_services : can(regex("^[a-z0-9-]+\\.[a-z0-9-]+\\.amazonaws\\.com$", s))])
    error_message = "via_services entries must be service endpoints like `secretsmanager.us-east-1.amazonaws.com` (no wildcards)."
  }
}

variable "service_principals" {
  description = "AWS service principals that use the key themselves (e.g. CloudWatch Logs, CloudTrail, SNS), keyed by a statement id. Each gives the principal, the exact KMS actions (no `kms:*`) and the conditions that scope them."
  type = map(object({
    principal = string
    actions   = list(string)
    conditions = optional(list(object({
      test     = string
      variable = string
      values   = list(string)
    })), [])
  }))
  default = {}

  validation {
    condition     = alltrue([for k, sp in var.service_principals : can(regex("^[A-Za-z0-9]+$", k))])
    error_message = "service_principals keys become policy statement ids and must be alphanumeric."
  }

  validation {
    condition     = alltrue([for sp in var.service_principals : can(regex("^[a-z0-9.-]+\\.amazonaws\\.com$", sp.principal))])
    error_message = "service_principals[*].principal must be an AWS service principal such as `logs.us-east-1.amazonaws.com`."
  }

  validation {
    condition     = alltrue(flatten([for sp in var.service_principals : [for a in sp.actions : can(regex("^kms:[A-Za-z]+\\*?$", a)) && a != "kms:*"]]))
    error_message = "service_principals[*].actions must name KMS actions explicitly (e.g. `kms:Decrypt`, `kms:GenerateDataKey*`); `kms:*` and `*` are not allowed."
  }
}

variable "multi_region" {
  description = "Create a multi-Region primary key (for replicated data stores). Off by default: a regional key keeps PHI keys within one region."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags for the key (provider default_tags are added on top)."
  type        = map(string)
  default     = {}
}
