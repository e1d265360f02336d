variable "name" {
  description = "Trail name; also names the log group (`/aws/cloudtrail/<name>`), the KMS key alias, the alarm topic and (by default) the log bucket. Lowercase letters, digits and hyphens."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,37}[a-z0-9]$", var.name))
    error_message = "name must be 3-39 characters of lowercase letters, digits and hyphens, starting with a letter and ending with a letter or digit (the log bucket name adds -cloudtrail-<account id>)."
  }
}

variable "enable_log_file_validation" {
  description = "CloudTrail log file integrity validation (signed hourly digest files, CIS 3.2). Part of the audit trail's integrity guarantee; the module refuses to build a trail without it."
  type        = bool
  default     = true

  validation {
    condition     = var.enable_log_file_validation == true
    error_message = "enable_log_file_validation must be true: a trail without log file validation cannot prove that its logs were not modified or deleted after delivery (HIPAA §164.312(b), CIS 3.2)."
  }
}

variable "access_log_bucket" {
  description = "Name of the `log`-profile bucket (modules/s3-bucket) that receives the S3 server access logs of the trail's log bucket. It must admit `logging.s3.amazonaws.com` for the trail bucket."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.access_log_bucket))
    error_message = "access_log_bucket must be an S3 bucket name (3-63 lowercase letters, digits, dots and hyphens)."
  }
}

variable "log_bucket_name" {
  description = "Name of the dedicated log bucket the module creates. Null means `<name>-cloudtrail-<account id>`."
  type        = string
  default     = null

  validation {
    condition     = var.log_bucket_name == null || can(regex("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$", var.log_bucket_name))
    error_message = "log_bucket_name must be null or 3-63 characters of lowercase letters, digits and hyphens."
  }
}

variable "s3_data_event_bucket_arns" {
  description = "Buckets whose object-level reads and writes (S3 data events) the trail records: every PHI bucket of the account, and the log buckets whose reads must be audited. An empty list records management events only."
  type        = list(string)

  validation {
    condition     = alltrue([for arn in var.s3_data_event_bucket_arns : can(regex("^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", arn))])
    error_message = "s3_data_event_bucket_arns must be S3 bucket ARNs (arn:aws:s3:::<bucket>) without a key or wildcard."
  }
}

variable "cloudwatch_logs_retention_days" {
  description = "Retention of the trail's CloudWatch Logs log group, in days. At least 365 (one year online, CIS and the platform's floor); one of the values CloudWatch Logs accepts."
  type        = number
  default     = 365

  validation {
    condition     = contains([365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.cloudwatch_logs_retention_days)
    error_message = "cloudwatch_logs_retention_days must be at least 365 and one of 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 (the values CloudWatch Logs accepts)."
  }
}

variable "log_retention_days" {
  description = "How long log files stay in the log bucket before they expire, in days (default 2557, seven years; HIPAA requires six years for documentation)."
  type        = number
  default     = 2557

  validation {
    condition     = var.log_retention_days >= 365 && floor(var.log_retention_days) == var.log_retention_days
    error_message = "log_retention_days must be a whole number of days >= 365."
  }
}

variable "transition_to_glacier_days" {
  description = "Move log files to S3 Glacier Flexible Retrieval after this many days (null: never). Must be earlier than log_retention_days."
  type        = number
  default     = 90

  validation {
    condition     = var.transition_to_glacier_days == null || try(var.transition_to_glacier_days >= 1 && var.transition_to_glacier_days < var.log_retention_days, false)
    error_message = "transition_to_glacier_days must be null or between 1 and log_retention_days - 1."
  }
}

variable "object_lock" {
  description = "S3 Object Lock default retention for the log bucket (write once, read many): `mode` GOVERNANCE or COMPLIANCE and `days`. Null switches it off (not recommended: the trail's logs could then be deleted by anyone with s3:DeleteObjectVersion)."
  type = object({
    mode = string
    days = number
  })
  default = {
    mode = "GOVERNANCE"
    days = 365
  }

  validation {
    condition     = var.object_lock == null || try(contains(["GOVERNANCE", "COMPLIANCE"], var.object_lock.mode) && var.object_lock.days >= 1 && var.object_lock.days <= var.log_retention_days, false)
    error_message = "object_lock.mode must be GOVERNANCE or COMPLIANCE and object_lock.days between 1 and log_retention_days."
  }
}

variable "insight_types" {
  description = "CloudTrail Insights types to enable on management events (unusual API call and error rates)."
  type        = list(string)
  default     = ["ApiCallRateInsight", "ApiErrorRateInsight"]

  validation {
    condition     = alltrue([for t in var.insight_types : contains(["ApiCallRateInsight", "ApiErrorRateInsight"], t)])
    error_message = "insight_types entries must be ApiCallRateInsight or ApiErrorRateInsight."
  }
}

variable "alarm_topic_arn" {
  description = "SNS topic for the CIS alarms. Null means the module creates a topic encrypted with the trail's key that admits only this account's CloudWatch alarms."
  type        = string
  default     = null

  validation {
    condition     = var.alarm_topic_arn == null || can(regex("^arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]+$", var.alarm_topic_arn))
    error_message = "alarm_topic_arn must be null or an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>)."
  }
}

variable "eventbridge_notifications" {
  description = "Send the log bucket's object events to Amazon EventBridge (passed to modules/s3-bucket)."
  type        = bool
  default     = true
}

variable "tags" {
  description = "Tags for the taggable resources (provider default_tags are added on top)."
  type        = map(string)
  default     = {}
}
