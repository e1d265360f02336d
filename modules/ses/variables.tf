variable "domain" {
  description = "Sending domain (e.g. `mail.clinic.example`), verified with Easy DKIM: publish the three `dkim_tokens` as CNAME records `<token>._domainkey.<domain>` -> `<token>.dkim.amazonses.com`."
  type        = string

  validation {
    condition     = can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", var.domain))
    error_message = "domain must be a lowercase DNS name such as mail.clinic.example."
  }
}

variable "configuration_set_name" {
  description = "Name of the configuration set every message is sent with (letters, digits, `-`, `_`; 1-64)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,64}$", var.configuration_set_name))
    error_message = "configuration_set_name must be 1-64 characters of letters, digits, '-' and '_'."
  }
}

variable "enable_configuration_set" {
  description = "Create the configuration set (TLS required, suppression) and make it the identity's default. Switch off only on an emulator that cannot read SESv2 configuration sets (moto 5.2.5): without it, delivery does not require TLS."
  type        = bool
  default     = true
}

variable "require_tls" {
  description = "Deliver only over TLS: SES refuses to hand a message to a receiving server that cannot do TLS (tls_policy REQUIRE) instead of falling back to plaintext. Switch off only for a non-PHI stream that must reach such servers."
  type        = bool
  default     = true
}

variable "suppressed_reasons" {
  description = "Addresses that bounced (`BOUNCE`) or complained (`COMPLAINT`) are suppressed for this configuration set, so they are not mailed again."
  type        = list(string)
  default     = ["BOUNCE", "COMPLAINT"]

  validation {
    condition     = alltrue([for r in var.suppressed_reasons : contains(["BOUNCE", "COMPLAINT"], r)])
    error_message = "suppressed_reasons may contain only BOUNCE and COMPLAINT."
  }
}

variable "reputation_metrics_enabled" {
  description = "Publish bounce and complaint rates of this configuration set to CloudWatch."
  type        = bool
  default     = true
}

variable "dkim_key_length" {
  description = "Easy DKIM key length: `RSA_2048_BIT` (default) or `RSA_1024_BIT` (only for DNS providers that cannot hold a 2048-bit record). Null leaves the key length to SES and sends no DKIM signing attributes: only for an emulator that cannot answer them (moto 5.2.5)."
  type        = string
  default     = "RSA_2048_BIT"

  validation {
    condition     = var.dkim_key_length == null || contains(["RSA_2048_BIT", "RSA_1024_BIT"], coalesce(var.dkim_key_length, "-"))
    error_message = "dkim_key_length must be RSA_2048_BIT or RSA_1024_BIT."
  }
}

variable "tags" {
  description = "Tags for every resource (provider default_tags are added on top)."
  type        = map(string)
  default     = {}
}
