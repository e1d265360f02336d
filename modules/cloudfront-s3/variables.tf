variable "name" {
  description = "Name of the site; names the origin access control, the response headers policy and the distribution's comment."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9-]{1,60}$", var.name))
    error_message = "name must be 1-60 letters, digits or hyphens."
  }
}

# --- Origin -------------------------------------------------------------------------------------

variable "origin_bucket_name" {
  description = "Name of the private origin bucket the module creates with modules/s3-bucket (profile `phi`: SSE-KMS, versioned, public access blocked, access-logged, TLS-only), whose policy admits this distribution alone. Null when `existing_origin_bucket` is used."
  type        = string
  default     = null

  validation {
    condition     = var.origin_bucket_name == null || can(regex("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$", var.origin_bucket_name))
    error_message = "origin_bucket_name must be 3-63 lowercase letters, digits and hyphens (no dots)."
  }

  validation {
    condition     = (var.origin_bucket_name == null) != (var.existing_origin_bucket == null)
    error_message = "Set exactly one of origin_bucket_name (the module creates the private origin bucket) and existing_origin_bucket."
  }

  validation {
    condition     = var.origin_bucket_name == null || (var.origin_kms_key_arn != null && var.origin_access_log_bucket != null)
    error_message = "origin_bucket_name needs origin_kms_key_arn and origin_access_log_bucket: the origin is a PHI-profile bucket, KMS-encrypted and access-logged."
  }
}

variable "origin_kms_key_arn" {
  description = "Customer-managed key of the created origin bucket. Its policy must let `cloudfront.amazonaws.com` decrypt for this account's distributions (kms:Decrypt with aws:SourceArn arn:aws:cloudfront::<account>:distribution/*)."
  type        = string
  default     = null

  validation {
    condition     = var.origin_kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[a-zA-Z0-9-]+$", var.origin_kms_key_arn))
    error_message = "origin_kms_key_arn must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)."
  }
}

variable "origin_access_log_bucket" {
  description = "Log bucket (modules/s3-bucket profile `log` with s3_server_access_logs) that receives the created origin bucket's server access logs."
  type        = string
  default     = null

  validation {
    condition     = var.origin_access_log_bucket == null || can(regex("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$", var.origin_access_log_bucket))
    error_message = "origin_access_log_bucket must be a bucket name."
  }
}

variable "existing_origin_bucket" {
  description = "Use a bucket made elsewhere with modules/s3-bucket instead of creating one: its `name` and `regional_domain_name` (the private REST endpoint). Its owner must merge `origin_bucket_policy_json` into the bucket's policy (s3-bucket `additional_policy_documents`)."
  type = object({
    name                 = string
    regional_domain_name = string
  })
  default = null

  validation {
    condition     = var.existing_origin_bucket == null ? true : can(regex("^${var.existing_origin_bucket.name}\\.s3\\.([a-z0-9-]+\\.)?amazonaws\\.com$", var.existing_origin_bucket.regional_domain_name))
    error_message = "existing_origin_bucket.regional_domain_name must be the bucket's private REST endpoint (<name>.s3.<region>.amazonaws.com), reached through origin access control. Website endpoints (s3-website) and other hosts serve only public buckets and are refused."
  }
}

variable "origin_eventbridge_notifications" {
  description = "Send the created origin bucket's object events to EventBridge (the bucket module's default). Switch off only on an emulator that does not return the setting."
  type        = bool
  default     = true
}

variable "force_destroy_origin" {
  description = "Allow destroying the created origin bucket while it holds objects (site assets; off by default)."
  type        = bool
  default     = false
}

# --- Viewer side ----------------------------------------------------------------------------------

variable "aliases" {
  description = "Domain names the site answers on (covered by `acm_certificate_arn`)."
  type        = list(string)

  validation {
    condition     = length(var.aliases) >= 1 && alltrue([for a in var.aliases : can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", a))])
    error_message = "aliases must list at least one lower-case DNS name (the certificate's names); the cloudfront.net default certificate cannot enforce TLS 1.2."
  }
}

variable "acm_certificate_arn" {
  description = "ACM certificate for `aliases`, in us-east-1 (CloudFront reads certificates only there)."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:acm:us-east-1:[0-9]{12}:certificate/[a-f0-9-]+$", var.acm_certificate_arn))
    error_message = "acm_certificate_arn must be an ACM certificate ARN in us-east-1 (arn:aws:acm:us-east-1:<account>:certificate/<id>)."
  }
}

variable "minimum_protocol_version" {
  description = "Viewer TLS security policy: `TLSv1.2_2021` (default: TLS 1.2+ with forward-secret AEAD ciphers) or the stricter `TLSv1.2_2025`."
  type        = string
  default     = "TLSv1.2_2021"

  validation {
    condition     = contains(["TLSv1.2_2021", "TLSv1.2_2025"], var.minimum_protocol_version)
    error_message = "minimum_protocol_version must be TLSv1.2_2021 or TLSv1.2_2025; SSLv3, TLSv1, TLSv1_2016, TLSv1.1_2016, TLSv1.2_2018 and TLSv1.2_2019 allow TLS below 1.2 or weak ciphers."
  }
}

variable "web_acl_arn" {
  description = "WAFv2 web ACL (scope CLOUDFRONT, us-east-1; modules/waf) that inspects every request."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:wafv2:us-east-1:[0-9]{12}:global/webacl/[A-Za-z0-9_-]+/[a-f0-9-]+$", var.web_acl_arn))
    error_message = "web_acl_arn must be a CLOUDFRONT-scope WAFv2 web ACL ARN (arn:aws:wafv2:us-east-1:<account>:global/webacl/<name>/<id>); regional ACLs cannot protect a distribution."
  }
}

variable "standard_logging" {
  description = "CloudFront standard (access) logs: the log bucket's domain name (`<bucket>.s3.amazonaws.com`; modules/s3-bucket profile `log` with `cloudfront_standard_logs = true`) and a prefix. Cookies are never logged."
  type = object({
    bucket_domain_name = string
    prefix             = optional(string, "cloudfront/")
  })

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]\\.s3\\.amazonaws\\.com$", var.standard_logging.bucket_domain_name))
    error_message = "standard_logging.bucket_domain_name must be <log bucket>.s3.amazonaws.com (CloudFront standard logging addresses the bucket by its global domain)."
  }

  validation {
    condition     = can(regex("^[A-Za-z0-9!_.*'()/-]{0,200}$", var.standard_logging.prefix)) && !startswith(var.standard_logging.prefix, "/")
    error_message = "standard_logging.prefix must be a key prefix without a leading slash."
  }
}

variable "default_root_object" {
  description = "Object returned for `/` (e.g. `index.html`)."
  type        = string
  default     = "index.html"

  validation {
    condition     = can(regex("^[A-Za-z0-9._/-]{1,255}$", var.default_root_object)) && !startswith(var.default_root_object, "/")
    error_message = "default_root_object must be an object key without a leading slash, e.g. index.html."
  }
}

variable "spa_fallback_path" {
  description = "Single-page app routing: 403 and 404 from the origin are answered with this page and status 200, so client-side routes load. Null: errors pass through."
  type        = string
  default     = "/index.html"

  validation {
    condition     = var.spa_fallback_path == null || can(regex("^/[A-Za-z0-9._/-]+$", var.spa_fallback_path))
    error_message = "spa_fallback_path must be null or a path starting with /, e.g. /index.html."
  }
}

variable "price_class" {
  description = "Edge locations used: `PriceClass_100` (default; North America and Europe), `PriceClass_200` or `PriceClass_All`."
  type        = string
  default     = "PriceClass_100"

  validation {
    condition     = contains(["PriceClass_100", "PriceClass_200", "PriceClass_All"], var.price_class)
    error_message = "price_class must be PriceClass_100, PriceClass_200 or PriceClass_All."
  }
}

variable "geo_restriction" {
  description = "Countries served: `none` (default), `whitelist` (only `locations`) or `blacklist` (all but `locations`); ISO 3166-1 alpha-2 codes. The WAF's geo allow-list can enforce the same at the request level."
  type = object({
    restriction_type = string
    locations        = optional(list(string), [])
  })
  default = { restriction_type = "none" }

  validation {
    condition     = contains(["none", "whitelist", "blacklist"], var.geo_restriction.restriction_type)
    error_message = "geo_restriction.restriction_type must be none, whitelist or blacklist."
  }

  validation {
    condition     = (var.geo_restriction.restriction_type == "none") == (length(var.geo_restriction.locations) == 0) && alltrue([for c in var.geo_restriction.locations : can(regex("^[A-Z]{2}$", c))])
    error_message = "geo_restriction.locations must be two-letter upper-case country codes, given exactly when restriction_type is whitelist or blacklist."
  }
}

# --- Response headers ---------------------------------------------------------------------------

variable "create_response_headers_policy" {
  description = "Attach the module's response headers policy (HSTS two years with preload and subdomains, `content_security_policy`, nosniff, frame DENY, `referrer_policy`). False falls back to the AWS-managed SecurityHeadersPolicy (HSTS without preload, no CSP): only for an emulator that lacks CreateResponseHeadersPolicy."
  type        = bool
  default     = true
}

variable "content_security_policy" {
  description = "Content-Security-Policy header of the response headers policy."
  type        = string
  default     = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'; upgrade-insecure-requests"

  validation {
    condition     = length(var.content_security_policy) >= 10 && length(var.content_security_policy) <= 1783 && strcontains(var.content_security_policy, "default-src") && !strcontains(var.content_security_policy, "'unsafe-eval'")
    error_message = "content_security_policy must set default-src, must not allow 'unsafe-eval', and must be at most 1783 characters."
  }
}

variable "referrer_policy" {
  description = "Referrer-Policy header: `strict-origin-when-cross-origin` (default), `no-referrer`, `same-origin` or `strict-origin` (policies that never leak paths, which may carry identifiers, to other sites)."
  type        = string
  default     = "strict-origin-when-cross-origin"

  validation {
    condition     = contains(["strict-origin-when-cross-origin", "no-referrer", "same-origin", "strict-origin"], var.referrer_policy)
    error_message = "referrer_policy must be strict-origin-when-cross-origin, no-referrer, same-origin or strict-origin."
  }
}

variable "wait_for_deployment" {
  description = "Wait until the distribution is deployed to the edge before the apply finishes (default). Set false for faster applies (e.g. on an emulator); the distribution still deploys."
  type        = bool
  default     = true
}

variable "tags" {
  description = "Tags for the distribution and the created bucket (provider default_tags are added on top)."
  type        = map(string)
  default     = {}
}
