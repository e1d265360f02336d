variable "name" {
  description = "Name prefix for the module's named resources (the EBS key alias, the MFA policy), e.g. `phi-prod`. Lowercase letters, digits and hyphens."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,38}[a-z0-9]$", var.name))
    error_message = "name must be 3-40 characters of lowercase letters, digits and hyphens, starting with a letter and ending with a letter or digit."
  }
}

variable "create_global_resources" {
  description = "Create the account-wide (global) controls: the IAM password policy, groups, MFA policy, Dev/Test role and the S3 account public access block. Set to false in every region but one, so the module can run per region for the regional EBS controls without fighting over global resources."
  type        = bool
  default     = true
}

variable "password_minimum_length" {
  description = "Minimum length of IAM user passwords. The architecture's floor is 8; the hardened default is 14 (CIS). Upper- and lowercase letters, numbers and symbols are always required."
  type        = number
  default     = 14

  validation {
    condition     = var.password_minimum_length >= 8 && var.password_minimum_length <= 128 && floor(var.password_minimum_length) == var.password_minimum_length
    error_message = "password_minimum_length must be a whole number between 8 (the architecture's floor) and 128 (the IAM maximum)."
  }
}

variable "password_max_age_days" {
  description = "Days after which IAM user passwords expire. The architecture requires expiry within 90 days."
  type        = number
  default     = 90

  validation {
    condition     = var.password_max_age_days >= 1 && var.password_max_age_days <= 90 && floor(var.password_max_age_days) == var.password_max_age_days
    error_message = "password_max_age_days must be a whole number between 1 and 90: passwords expire at least every 90 days (the architecture's floor)."
  }
}

variable "password_reuse_prevention" {
  description = "How many previous passwords a user may not reuse. The architecture's floor is 3; the hardened default is 24 (the IAM maximum, CIS)."
  type        = number
  default     = 24

  validation {
    condition     = var.password_reuse_prevention >= 3 && var.password_reuse_prevention <= 24 && floor(var.password_reuse_prevention) == var.password_reuse_prevention
    error_message = "password_reuse_prevention must be a whole number between 3 (the architecture's floor: the last 3 passwords are not reused) and 24 (the IAM maximum)."
  }
}

variable "password_hard_expiry" {
  description = "Prevent users from choosing a new password once theirs has expired (an administrator must reset it). Off by default: expired users set a new password at sign-in."
  type        = bool
  default     = false
}

variable "group_policy_arns" {
  description = "Policies attached to each group, as AWS managed policy names (`job-function/SystemAdministrator`) or policy ARNs. Every group also gets the MFA-enforcement policy, which is not listed here and cannot be removed. Monitoring is view-only by default: `ViewOnlyAccess` lists resources without reading data (unlike `ReadOnlyAccess`, which can read S3 objects and so PHI)."
  type = object({
    system_admin   = optional(list(string), ["job-function/SystemAdministrator"])
    database_admin = optional(list(string), ["job-function/DatabaseAdministrator"])
    monitoring     = optional(list(string), ["job-function/ViewOnlyAccess", "CloudWatchReadOnlyAccess"])
  })
  default = {}

  validation {
    condition = alltrue([
      for p in concat(var.group_policy_arns.system_admin, var.group_policy_arns.database_admin, var.group_policy_arns.monitoring) :
      can(regex("^(arn:aws[a-z-]*:iam::([0-9]{12}|aws):policy/.+|[A-Za-z0-9_+=,.@/-]+)$", p))
    ])
    error_message = "group_policy_arns entries must be IAM policy ARNs (arn:aws:iam::<account>|aws:policy/<name>) or AWS managed policy names such as `job-function/ViewOnlyAccess`."
  }

  validation {
    condition = !anytrue([
      for p in var.group_policy_arns.monitoring :
      can(regex("(^|/)(ReadOnlyAccess|AdministratorAccess|PowerUserAccess)$", p))
    ])
    error_message = "group_policy_arns.monitoring must stay view-only: ReadOnlyAccess (reads S3 objects, i.e. PHI), PowerUserAccess and AdministratorAccess are not allowed for the Monitoring group."
  }
}

variable "create_dev_test_role" {
  description = "Create the Dev/Test role: broad development permissions (`dev_test_policy_arns`) with explicit denies on every resource tagged as production or PHI (`dev_test_denied_tags`), assumable only with MFA."
  type        = bool
  default     = true
}

variable "dev_test_trusted_principals" {
  description = "IAM principal ARNs that may assume the Dev/Test role (always with MFA). Empty means this account's root, which delegates the decision to IAM policies in the account."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for arn in var.dev_test_trusted_principals : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:(root|role/.+|user/.+)$", arn))])
    error_message = "dev_test_trusted_principals must be IAM ARNs of the form arn:aws:iam::<12-digit account>:root|role/<name>|user/<name>; wildcards are not allowed."
  }
}

variable "dev_test_policy_arns" {
  description = "Policies attached to the Dev/Test role, as AWS managed policy names or policy ARNs. The deny policy for production and PHI resources is always attached on top."
  type        = list(string)
  default     = ["PowerUserAccess"]

  validation {
    condition     = alltrue([for p in var.dev_test_policy_arns : can(regex("^(arn:aws[a-z-]*:iam::([0-9]{12}|aws):policy/.+|[A-Za-z0-9_+=,.@/-]+)$", p))])
    error_message = "dev_test_policy_arns entries must be IAM policy ARNs or AWS managed policy names."
  }

  validation {
    condition     = !anytrue([for p in var.dev_test_policy_arns : can(regex("(^|/)(AdministratorAccess|IAMFullAccess)$", p))])
    error_message = "dev_test_policy_arns must not include AdministratorAccess or IAMFullAccess: with them the Dev/Test role could remove its own production deny."
  }
}

variable "dev_test_denied_tags" {
  description = "Resource tags that mark what the Dev/Test role must never touch: a tag key and the values that deny. The role can neither act on resources carrying them (`aws:ResourceTag`) nor create or tag resources with them (`aws:RequestTag`)."
  type        = map(list(string))
  default = {
    Environment        = ["prod", "production"]
    DataClassification = ["PHI"]
  }

  validation {
    condition     = length(var.dev_test_denied_tags) > 0 && alltrue([for k, v in var.dev_test_denied_tags : can(regex("^[A-Za-z0-9_.:/=+@-]{1,128}$", k)) && length(v) > 0])
    error_message = "dev_test_denied_tags must name at least one tag key (letters, digits and _.:/=+@-), each with at least one value; the Dev/Test role is always limited to non-production resources."
  }
}

variable "dev_test_max_session_seconds" {
  description = "Maximum session duration of the Dev/Test role in seconds (3600-43200)."
  type        = number
  default     = 3600

  validation {
    condition     = var.dev_test_max_session_seconds >= 3600 && var.dev_test_max_session_seconds <= 43200 && floor(var.dev_test_max_session_seconds) == var.dev_test_max_session_seconds
    error_message = "dev_test_max_session_seconds must be a whole number of seconds between 3600 and 43200."
  }
}

variable "enable_s3_account_public_access_block" {
  description = "Block public ACLs and public bucket policies for every bucket of the account (S3 account-level public access block, all four settings). Only created with create_global_resources."
  type        = bool
  default     = true
}

variable "enable_ebs_default_kms_key" {
  description = "Encrypt new EBS volumes by default with this module's customer-managed key instead of the AWS managed `aws/ebs` key. EBS encryption by default itself is always on."
  type        = bool
  default     = true
}

variable "ebs_kms_key_users" {
  description = "Extra principals that use the EBS key directly, e.g. the Auto Scaling service-linked role (`arn:aws:iam::<account>:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`) when Auto Scaling launches instances with encrypted volumes. Principals of this account can always use the key through EC2."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for arn in var.ebs_kms_key_users : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:(root|role/.+|user/.+)$", arn))])
    error_message = "ebs_kms_key_users must be IAM ARNs of the form arn:aws:iam::<12-digit account>:root|role/<name>|user/<name>; wildcards are not allowed."
  }
}

variable "tags" {
  description = "Tags for the taggable resources (provider default_tags are added on top)."
  type        = map(string)
  default     = {}
}
