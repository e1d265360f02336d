variable "name" {
  description = "Name prefix: the pools are `<name>-patients` and `<name>-staff`. Lowercase letters, digits and hyphens."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,46}[a-z0-9]$", var.name))
    error_message = "name must be 3-48 characters of lowercase letters, digits and hyphens, starting with a letter and ending with a letter or digit."
  }
}

variable "environment" {
  description = "Environment the pools serve: `dev`, `test`, `staging` or `prod`. Production pools must require MFA, enforce advanced security and keep deletion protection."
  type        = string

  validation {
    condition     = contains(["dev", "test", "staging", "prod"], var.environment)
    error_message = "environment must be one of dev, test, staging, prod."
  }
}

variable "mfa_configuration" {
  description = "MFA for both pools: `ON` (required at every sign-in, TOTP authenticator apps), `OPTIONAL` or `OFF`. Rule: must be `ON` when environment = \"prod\"."
  type        = string
  default     = "ON"

  validation {
    condition     = contains(["ON", "OPTIONAL", "OFF"], var.mfa_configuration)
    error_message = "mfa_configuration must be ON, OPTIONAL or OFF."
  }

  validation {
    condition     = var.environment != "prod" || var.mfa_configuration == "ON"
    error_message = "mfa_configuration must be \"ON\" when environment = \"prod\": production user pools require MFA (TOTP) at every sign-in."
  }
}

variable "advanced_security_mode" {
  description = "Threat protection (advanced security) for both pools: `ENFORCED` blocks risky sign-ins and compromised credentials, `AUDIT` only records them. Rule: must be `ENFORCED` when environment = \"prod\". Needs the Plus feature plan, which the module sets."
  type        = string
  default     = "ENFORCED"

  validation {
    condition     = contains(["ENFORCED", "AUDIT"], var.advanced_security_mode)
    error_message = "advanced_security_mode must be ENFORCED or AUDIT."
  }

  validation {
    condition     = var.environment != "prod" || var.advanced_security_mode == "ENFORCED"
    error_message = "advanced_security_mode must be \"ENFORCED\" when environment = \"prod\": production pools block risky sign-ins and compromised credentials."
  }
}

variable "deletion_protection" {
  description = "Protect both pools from deletion (their users cannot be recovered once a pool is deleted). Rule: must be true when environment = \"prod\"."
  type        = bool
  default     = true

  validation {
    condition     = var.environment != "prod" || var.deletion_protection
    error_message = "deletion_protection must be true when environment = \"prod\": a deleted user pool and its users cannot be recovered."
  }
}

variable "password_policy" {
  description = "Password policy of both pools. Validation enforces the architecture's floor (at least 8 characters, upper, lower, number and symbol, the last 3 passwords not reused); the default is hardened (14 characters, 24 remembered, temporary passwords valid 1 day)."
  type = object({
    minimum_length                   = optional(number, 14)
    require_uppercase                = optional(bool, true)
    require_lowercase                = optional(bool, true)
    require_numbers                  = optional(bool, true)
    require_symbols                  = optional(bool, true)
    password_history_size            = optional(number, 24)
    temporary_password_validity_days = optional(number, 1)
  })
  default = {}

  validation {
    condition     = var.password_policy.minimum_length >= 8 && var.password_policy.minimum_length <= 99 && floor(var.password_policy.minimum_length) == var.password_policy.minimum_length
    error_message = "password_policy.minimum_length must be a whole number between 8 (the architecture's floor) and 99 (the Cognito maximum)."
  }

  validation {
    condition     = var.password_policy.require_uppercase && var.password_policy.require_lowercase && var.password_policy.require_numbers && var.password_policy.require_symbols
    error_message = "password_policy must require uppercase, lowercase, numbers and symbols (the architecture's floor)."
  }

  validation {
    condition     = var.password_policy.password_history_size >= 3 && var.password_policy.password_history_size <= 24 && floor(var.password_policy.password_history_size) == var.password_policy.password_history_size
    error_message = "password_policy.password_history_size must be a whole number between 3 (the architecture's floor: the last 3 passwords are not reused) and 24 (the Cognito maximum)."
  }

  validation {
    condition     = var.password_policy.temporary_password_validity_days >= 1 && var.password_policy.temporary_password_validity_days <= 7 && floor(var.password_policy.temporary_password_validity_days) == var.password_policy.temporary_password_validity_days
    error_message = "password_policy.temporary_password_validity_days must be a whole number between 1 and 7."
  }
}

variable "ses_identity_arn" {
  description = "ARN of a verified SES identity (domain or address) the pools send their email through (`email_sending_account = DEVELOPER`), instead of Cognito's low-volume default sender."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:ses:[a-z0-9-]+:[0-9]{12}:identity/.+$", var.ses_identity_arn))
    error_message = "ses_identity_arn must be an SES identity ARN (arn:aws:ses:<region>:<account>:identity/<domain or address>)."
  }
}

variable "from_email_address" {
  description = "Sender of the pools' email, an address of the SES identity, optionally with a display name (`Example Health <no-reply@example.com>`)."
  type        = string

  validation {
    condition     = can(regex("^([^<>]+ <)?[^@<>\\s]+@[^@<>\\s]+\\.[a-z]{2,}>?$", var.from_email_address))
    error_message = "from_email_address must be an email address, optionally with a display name: `no-reply@example.com` or `Example Health <no-reply@example.com>`."
  }
}

variable "patient_app_urls" {
  description = "The patient/member single-page app: OAuth callback URLs (redirects after sign-in) and sign-out URLs. HTTPS only (http://localhost is allowed outside prod for local development)."
  type = object({
    callback_urls = list(string)
    logout_urls   = optional(list(string), [])
  })

  validation {
    condition     = length(var.patient_app_urls.callback_urls) > 0
    error_message = "patient_app_urls.callback_urls must name at least one callback URL."
  }

  validation {
    condition = alltrue([
      for url in concat(var.patient_app_urls.callback_urls, var.patient_app_urls.logout_urls) :
      can(regex("^https://[^\\s#*]+$", url)) || (var.environment != "prod" && can(regex("^http://localhost(:[0-9]+)?(/[^\\s#*]*)?$", url)))
    ])
    error_message = "patient_app_urls must be https:// URLs without fragments or wildcards (http://localhost only outside prod)."
  }
}

variable "staff_app_urls" {
  description = "The staff (providers, employers, administrators) single-page app: OAuth callback and sign-out URLs. HTTPS only (http://localhost is allowed outside prod)."
  type = object({
    callback_urls = list(string)
    logout_urls   = optional(list(string), [])
  })

  validation {
    condition     = length(var.staff_app_urls.callback_urls) > 0
    error_message = "staff_app_urls.callback_urls must name at least one callback URL."
  }

  validation {
    condition = alltrue([
      for url in concat(var.staff_app_urls.callback_urls, var.staff_app_urls.logout_urls) :
      can(regex("^https://[^\\s#*]+$", url)) || (var.environment != "prod" && can(regex("^http://localhost(:[0-9]+)?(/[^\\s#*]*)?$", url)))
    ])
    error_message = "staff_app_urls must be https:// URLs without fragments or wildcards (http://localhost only outside prod)."
  }
}

variable "token_validity" {
  description = "Lifetimes of the SPA clients' tokens: access and ID tokens in minutes (5-60), refresh tokens in hours (1-24). Short by default: 15 minutes and 8 hours."
  type = object({
    access_token_minutes = optional(number, 15)
    id_token_minutes     = optional(number, 15)
    refresh_token_hours  = optional(number, 8)
  })
  default = {}

  validation {
    condition     = var.token_validity.access_token_minutes >= 5 && var.token_validity.access_token_minutes <= 60 && var.token_validity.id_token_minutes >= 5 && var.token_validity.id_token_minutes <= 60
    error_message = "token_validity.access_token_minutes and id_token_minutes must be between 5 and 60: tokens a browser holds stay short-lived."
  }

  validation {
    condition     = var.token_validity.refresh_token_hours >= 1 && var.token_validity.refresh_token_hours <= 24
    error_message = "token_validity.refresh_token_hours must be between 1 and 24: a session in a browser ends within a day."
  }
}

variable "patient_groups" {
  description = "Groups of the patient/member pool, by name, with a description."
  type        = map(string)
  default = {
    patients = "Patients using the portal for their own care"
    members  = "Health plan members"
  }

  validation {
    condition     = alltrue([for g, _ in var.patient_groups : can(regex("^[A-Za-z0-9_-]{1,128}$", g))])
    error_message = "patient_groups keys must be 1-128 characters of letters, digits, _ and -."
  }
}

variable "staff_groups" {
  description = "Groups of the staff pool, by name, with a description."
  type        = map(string)
  default = {
    providers      = "Clinicians who see patients"
    employers      = "Employer administrators of sponsored plans"
    administrators = "Platform administrators"
  }

  validation {
    condition     = alltrue([for g, _ in var.staff_groups : can(regex("^[A-Za-z0-9_-]{1,128}$", g))])
    error_message = "staff_groups keys must be 1-128 characters of letters, digits, _ and -."
  }
}

variable "allow_patient_self_registration" {
  description = "Let patients and members sign themselves up. Off by default: accounts are invited (created by an administrator or the intake workflow). The staff pool never allows self-registration."
  type        = bool
  default     = false
}

variable "domain_prefix" {
  description = "Prefix of the Cognito-hosted domains for managed login (`<prefix>-patients` and `<prefix>-staff` under auth.<region>.amazoncognito.com). Null creates no domain (use a custom domain instead)."
  type        = string
  default     = null

  validation {
    condition     = var.domain_prefix == null || can(regex("^[a-z0-9](?:[a-z0-9-]{0,53}[a-z0-9])?$", var.domain_prefix))
    error_message = "domain_prefix must be null or up to 55 lowercase letters, digits and hyphens, not starting or ending with a hyphen."
  }
}

variable "tags" {
  description = "Tags for the user pools (provider default_tags are added on top)."
  type        = map(string)
  default     = {}
}
