variable "name" {
  description = "Topic name: letters, digits, `-` and `_` (1-256 characters)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,256}$", var.name))
    error_message = "name must be 1-256 characters of letters, digits, '-' and '_' (FIFO topics are not supported by this module)."
  }
}

variable "kms_key_arn" {
  description = "Customer-managed KMS key (ARN) that encrypts messages at rest. Publishers need kms:GenerateDataKey and kms:Decrypt on it; AWS services that publish (CloudWatch alarms, EventBridge, S3) and encrypted subscriber queues must be admitted by its key policy."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[0-9a-f-]{36}$", var.kms_key_arn))
    error_message = "kms_key_arn must be the ARN of a customer-managed key (arn:aws:kms:<region>:<account>:key/<uuid>); aliases and AWS-managed keys are not accepted."
  }
}

variable "allowed_publishers" {
  description = "AWS services that may publish, keyed by a statement id: the service principal (e.g. `cloudwatch.amazonaws.com`, `events.amazonaws.com`) and the exact source ARNs allowed through `aws:SourceArn`. Principals in this account publish through IAM."
  type = map(object({
    service     = string
    source_arns = list(string)
  }))
  default = {}

  validation {
    condition     = alltrue([for k, s in var.allowed_publishers : can(regex("^[A-Za-z0-9]{1,64}$", k))])
    error_message = "allowed_publishers keys become policy statement ids and must be 1-64 alphanumeric characters."
  }

  validation {
    condition     = alltrue([for s in var.allowed_publishers : can(regex("^[a-z0-9.-]+\\.amazonaws\\.com$", s.service))])
    error_message = "allowed_publishers[*].service must be an AWS service principal such as cloudwatch.amazonaws.com."
  }

  validation {
    condition     = alltrue([for s in var.allowed_publishers : length(s.source_arns) > 0 && alltrue([for a in s.source_arns : can(regex("^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:[0-9]{0,12}:[^*]+$", a))])])
    error_message = "allowed_publishers[*].source_arns must list at least one exact ARN (no wildcards)."
  }
}

variable "tags" {
  description = "Tags for every resource (provider default_tags are added on top)."
  type        = map(string)
  default     = {}
}
