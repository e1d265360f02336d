variable "name" {
  description = "Name prefix for the recorder, delivery channel, role, bucket, key and conformance pack, e.g. `phi-prod`."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,18}[a-z0-9]$", var.name))
    error_message = "name must be 2-20 characters of lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen (it prefixes bucket and role names)."
  }
}

variable "global_resources_region" {
  description = "The one region of the account that records global resource types (IAM users, roles, policies, groups). Deploy the module in every region with the same value: only the named region includes global resources, so they are not recorded (and charged) once per region."
  type        = string
  default     = "us-east-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]{1,2}$", var.global_resources_region))
    error_message = "global_resources_region must be an AWS region name such as us-east-1."
  }
}

variable "snapshot_delivery_frequency" {
  description = "How often Config delivers a configuration snapshot to the bucket (configuration changes are recorded continuously either way)."
  type        = string
  default     = "TwentyFour_Hours"

  validation {
    condition     = contains(["One_Hour", "Three_Hours", "Six_Hours", "Twelve_Hours", "TwentyFour_Hours"], var.snapshot_delivery_frequency)
    error_message = "snapshot_delivery_frequency must be one of One_Hour, Three_Hours, Six_Hours, Twelve_Hours, TwentyFour_Hours."
  }
}

variable "retention_days" {
  description = "How long Config keeps configuration items (30-2557 days; default 2557, seven years)."
  type        = number
  default     = 2557

  validation {
    condition     = var.retention_days >= 30 && var.retention_days <= 2557 && floor(var.retention_days) == var.retention_days
    error_message = "retention_days must be a whole number of days between 30 and 2557 (the range AWS Config accepts)."
  }
}

variable "delivery_retention_days" {
  description = "How long the delivery bucket keeps snapshots and history files (default 2557 days, beyond HIPAA's six-year documentation retention)."
  type        = number
  default     = 2557

  validation {
    condition     = var.delivery_retention_days >= 365 && var.delivery_retention_days <= 36500 && floor(var.delivery_retention_days) == var.delivery_retention_days
    error_message = "delivery_retention_days must be a whole number of days between 365 and 36500."
  }
}

variable "access_log_bucket" {
  description = "Name of the log bucket that receives the delivery bucket's S3 server access logs (a `log`-profile bucket from modules/s3-bucket)."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.access_log_bucket))
    error_message = "access_log_bucket must be an S3 bucket name (3-63 lowercase letters, digits, dots and hyphens)."
  }
}

variable "kms_key_arn" {
  description = "Customer-managed KMS key for the delivery bucket and Config's delivered objects. Null (default): the module creates one (modules/kms) usable only through S3 in this account. A key you pass must let principals of this account use it through S3."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[a-zA-Z0-9-]+$", var.kms_key_arn))
    error_message = "kms_key_arn must be null or a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>); aliases are not accepted because the bucket policy compares the key ARN."
  }
}

variable "sns_topic_arn" {
  description = "SNS topic that receives Config's delivery and compliance notifications (null: none). The recorder role is allowed to publish to it; an encrypted topic's key must admit the role."
  type        = string
  default     = null

  validation {
    condition     = var.sns_topic_arn == null || can(regex("^arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,256}$", var.sns_topic_arn))
    error_message = "sns_topic_arn must be null or a standard SNS topic ARN (arn:aws:sns:<region>:<account>:<name>; FIFO topics are not supported by AWS Config)."
  }
}

variable "enable_conformance_pack" {
  description = "Deploy the \"Operational Best Practices for HIPAA Security\" conformance pack (131 rules; the template ships with the module in conformance-packs/hipaa-security.yaml)."
  type        = bool
  default     = true
}

variable "conformance_pack_parameters" {
  description = "Overrides of the conformance pack's template parameters, e.g. `{ MaxAccessKeyAgeDays = \"45\", AuthorizedVpcIds = \"vpc-0abc\" }`. Names are the template's Parameters."
  type        = map(string)
  default     = {}

  validation {
    condition = alltrue([for k in keys(var.conformance_pack_parameters) : contains([
      "MaxAccessKeyAgeDays", "AlarmActionRequired", "InsufficientDataActionRequired", "OkActionRequired",
      "ElbPredefinedPolicyName", "BlockedKmsActions", "MaxPasswordAgeDays", "MinimumPasswordLength",
      "PasswordReusePrevention", "RequireLowercaseCharacters", "RequireNumbers", "RequireSymbols",
      "RequireUppercaseCharacters", "MaxCredentialUsageAgeDays", "AuthorizedVpcIds",
      "RedshiftClusterDbEncrypted", "RedshiftLoggingEnabled", "RedshiftAllowVersionUpgrade",
      "BlockedPort1", "BlockedPort2", "BlockedPort3", "BlockedPort4", "BlockedPort5",
      "BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets",
    ], k)])
    error_message = "conformance_pack_parameters keys must be parameters of conformance-packs/hipaa-security.yaml (e.g. MaxAccessKeyAgeDays, MinimumPasswordLength, AuthorizedVpcIds)."
  }
}

variable "s3_eventbridge_notifications" {
  description = "Send the delivery bucket's object events to EventBridge (passed to modules/s3-bucket)."
  type        = bool
  default     = true
}

variable "tags" {
  description = "Tags for every resource that takes them (provider default_tags are added on top)."
  type        = map(string)
  default     = {}
}
