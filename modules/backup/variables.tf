variable "name" {
  description = "Name of the backup vault (the DR vault is `<name>-dr`) and prefix of the plan, role, key aliases and topic. Letters, digits, hyphens and underscores."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z][A-Za-z0-9_-]{1,44}$", var.name))
    error_message = "name must be 2-45 characters of letters, digits, hyphens and underscores, starting with a letter (vault names allow 50; the DR vault adds -dr)."
  }
}

variable "environment" {
  description = "Environment the vaults serve: `dev`, `test`, `staging` or `prod`. It decides the vault lock mode: compliance in prod (nobody, not even the root user, can shorten retention or delete recovery points once the grace period ends), governance elsewhere (privileged principals can still change it)."
  type        = string

  validation {
    condition     = contains(["dev", "test", "staging", "prod"], var.environment)
    error_message = "environment must be one of dev, test, staging, prod."
  }
}

variable "vault_lock" {
  description = "Vault lock of both vaults: the minimum and maximum retention every recovery point must have, and (compliance mode, prod) the grace period in days before the lock becomes immutable."
  type = object({
    min_retention_days  = optional(number, 7)
    max_retention_days  = optional(number, 3653)
    changeable_for_days = optional(number, 3)
  })
  default = {}

  validation {
    condition     = var.vault_lock.min_retention_days >= 1 && var.vault_lock.min_retention_days <= var.vault_lock.max_retention_days && var.vault_lock.max_retention_days <= 36500 && floor(var.vault_lock.min_retention_days) == var.vault_lock.min_retention_days && floor(var.vault_lock.max_retention_days) == var.vault_lock.max_retention_days
    error_message = "vault_lock.min_retention_days must be a whole number >= 1 and <= vault_lock.max_retention_days (at most 36500)."
  }

  validation {
    condition     = var.vault_lock.changeable_for_days >= 3 && floor(var.vault_lock.changeable_for_days) == var.vault_lock.changeable_for_days
    error_message = "vault_lock.changeable_for_days must be a whole number of days >= 3 (the AWS Backup minimum grace period for compliance mode)."
  }
}

variable "daily_backup" {
  description = "The daily rule: schedule (cron in UTC), retention in days, and an optional move to cold storage (resource types that support it). Every recovery point is copied to the DR vault with the same lifecycle."
  type = object({
    schedule                = optional(string, "cron(0 5 * * ? *)")
    retention_days          = optional(number, 35)
    cold_storage_after_days = optional(number)
  })
  default = {}

  validation {
    condition     = can(regex("^(cron|rate)\\(.+\\)$", var.daily_backup.schedule))
    error_message = "daily_backup.schedule must be a cron() or rate() expression, e.g. cron(0 5 * * ? *)."
  }

  validation {
    condition     = var.daily_backup.retention_days >= var.vault_lock.min_retention_days && var.daily_backup.retention_days <= var.vault_lock.max_retention_days
    error_message = "daily_backup.retention_days must lie within the vault lock's retention (vault_lock.min_retention_days to max_retention_days): the locked vault rejects recovery points kept for less than its minimum or longer than its maximum."
  }

  validation {
    condition     = var.daily_backup.cold_storage_after_days == null || try(var.daily_backup.cold_storage_after_days >= 1 && var.daily_backup.retention_days >= var.daily_backup.cold_storage_after_days + 90, false)
    error_message = "daily_backup.cold_storage_after_days must be null or >= 1, and daily_backup.retention_days at least cold_storage_after_days + 90 (cold storage keeps recovery points 90 days at least)."
  }
}

variable "monthly_backup" {
  description = "The monthly rule: schedule (cron in UTC), retention in days (default seven years) and the move to cold storage (default after 90 days). Every recovery point is copied to the DR vault with the same lifecycle."
  type = object({
    schedule                = optional(string, "cron(0 5 1 * ? *)")
    retention_days          = optional(number, 2557)
    cold_storage_after_days = optional(number, 90)
  })
  default = {}

  validation {
    condition     = can(regex("^(cron|rate)\\(.+\\)$", var.monthly_backup.schedule))
    error_message = "monthly_backup.schedule must be a cron() or rate() expression, e.g. cron(0 5 1 * ? *)."
  }

  validation {
    condition     = var.monthly_backup.retention_days >= var.vault_lock.min_retention_days && var.monthly_backup.retention_days <= var.vault_lock.max_retention_days
    error_message = "monthly_backup.retention_days must lie within the vault lock's retention (vault_lock.min_retention_days to max_retention_days): the locked vault rejects recovery points kept for less than its minimum or longer than its maximum."
  }

  validation {
    condition     = var.monthly_backup.cold_storage_after_days == null || try(var.monthly_backup.cold_storage_after_days >= 1 && var.monthly_backup.retention_days >= var.monthly_backup.cold_storage_after_days + 90, false)
    error_message = "monthly_backup.cold_storage_after_days must be null or >= 1, and monthly_backup.retention_days at least cold_storage_after_days + 90 (cold storage keeps recovery points 90 days at least)."
  }
}

variable "selection_tag" {
  description = "Resources carrying this tag (key and value) are backed up by both rules."
  type = object({
    key   = string
    value = string
  })
  default = {
    key   = "Backup"
    value = "true"
  }

  validation {
    condition     = length(var.selection_tag.key) > 0 && length(var.selection_tag.value) > 0
    error_message = "selection_tag.key and selection_tag.value must be non-empty."
  }
}

variable "resource_arns" {
  description = "Resources backed up by ARN regardless of tags, e.g. the PHI buckets, databases and file systems of the account."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for arn in var.resource_arns : can(regex("^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:[0-9]{0,12}:.+$", arn))])
    error_message = "resource_arns must be ARNs (arn:aws:<service>:<region>:<account>:<resource>); wildcards belong in selection_tag instead."
  }
}

variable "enable_backup_selections" {
  description = "Assign resources to the plan (the tag selection and, when resource_arns is set, the ARN selection). Without selections the plan backs up nothing."
  type        = bool
  default     = true
}

variable "enable_vault_notifications" {
  description = "Send the vault's failure and change events to SNS (`notification_events`)."
  type        = bool
  default     = true
}

variable "notification_events" {
  description = "Vault events sent to SNS: by default every failure, expiry and change of a recovery point, and completed restores."
  type        = list(string)
  default = [
    "BACKUP_JOB_FAILED",
    "BACKUP_JOB_EXPIRED",
    "COPY_JOB_FAILED",
    "RESTORE_JOB_FAILED",
    "RESTORE_JOB_COMPLETED",
    "RECOVERY_POINT_MODIFIED",
    "S3_BACKUP_OBJECT_FAILED",
    "S3_RESTORE_OBJECT_FAILED",
  ]

  validation {
    condition = length(var.notification_events) > 0 && alltrue([for e in var.notification_events : contains([
      "BACKUP_JOB_STARTED", "BACKUP_JOB_COMPLETED", "BACKUP_JOB_SUCCESSFUL", "BACKUP_JOB_FAILED", "BACKUP_JOB_EXPIRED",
      "RESTORE_JOB_STARTED", "RESTORE_JOB_COMPLETED", "RESTORE_JOB_SUCCESSFUL", "RESTORE_JOB_FAILED",
      "COPY_JOB_STARTED", "COPY_JOB_SUCCESSFUL", "COPY_JOB_FAILED", "RECOVERY_POINT_MODIFIED",
      "BACKUP_PLAN_CREATED", "BACKUP_PLAN_MODIFIED", "S3_BACKUP_OBJECT_FAILED", "S3_RESTORE_OBJECT_FAILED",
    ], e)])
    error_message = "notification_events must be a non-empty list of AWS Backup vault events (e.g. BACKUP_JOB_FAILED, COPY_JOB_FAILED, RECOVERY_POINT_MODIFIED)."
  }
}

variable "notification_topic_arn" {
  description = "SNS topic for the vault notifications. Null means the module creates one encrypted with the vault key that admits only AWS Backup of this account."
  type        = string
  default     = null

  validation {
    condition     = var.notification_topic_arn == null || can(regex("^arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]+$", var.notification_topic_arn))
    error_message = "notification_topic_arn must be null or an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>)."
  }
}

variable "tags" {
  description = "Tags for the taggable resources (provider default_tags are added on top)."
  type        = map(string)
  default     = {}
}
