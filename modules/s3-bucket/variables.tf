variable "name" {
  description = "Bucket name. 3-63 characters of lowercase letters, digits and hyphens (no dots, so TLS works with virtual-hosted addressing)."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$", var.name)) && !startswith(var.name, "xn--") && !endswith(var.name, "-s3alias") && !endswith(var.name, "--ol-s3")
    error_message = "name must be 3-63 characters of lowercase letters, digits and hyphens, start and end with a letter or digit, contain no dots, and not use the reserved xn-- prefix or -s3alias/--ol-s3 suffixes."
  }
}

variable "profile" {
  description = "`phi` (default): data bucket, SSE-KMS with a customer-managed key and bucket key, uploads must request that key. `log`: a log bucket that AWS log producers can really write to (SSE-S3, because S3 server access logs and ALB access logs cannot be delivered to SSE-KMS buckets)."
  type        = string
  default     = "phi"

  validation {
    condition     = contains(["phi", "log"], var.profile)
    error_message = "profile must be \"phi\" or \"log\"."
  }
}

variable "kms_key_arn" {
  description = "Customer-managed KMS key ARN for SSE-KMS. Required for the `phi` profile; must be null for the `log` profile."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[a-zA-Z0-9-]+$", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>); aliases are not accepted because bucket policies compare the key ARN."
  }

  validation {
    condition     = var.profile != "phi" || var.kms_key_arn != null
    error_message = "kms_key_arn is required when profile = \"phi\": PHI buckets are encrypted with a customer-managed key (SSE-KMS), never with S3-managed keys."
  }

  validation {
    condition     = var.profile != "log" || var.kms_key_arn == null
    error_message = "kms_key_arn must be null when profile = \"log\": S3 server access logs and ALB access logs can only be delivered to SSE-S3 buckets."
  }
}

variable "enforce_kms_upload_header" {
  description = "For `phi` buckets, deny PutObject requests that do not ask for SSE-KMS with this bucket's key. Turn off only for buckets written by AWS services that rely on default bucket encryption."
  type        = bool
  default     = true
}

variable "sse_s3_key_prefixes" {
  description = "For `phi` buckets: key prefixes under which an AWS service writes objects that it encrypts with SSE-S3 by design, so the KMS upload rules must not apply there. The one known case is CloudTrail digest files (`AWSLogs/<account>/CloudTrail-Digest/`): CloudTrail encrypts log files with the trail's KMS key but digest files always with SSE-S3. Uploads under these prefixes may ask for SSE-S3 only; everywhere else the bucket's KMS rules hold."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for p in var.sse_s3_key_prefixes : can(regex("^[A-Za-z0-9!_.()'-]+(/[A-Za-z0-9!_.()'-]+)*/$", p))])
    error_message = "sse_s3_key_prefixes entries must be key prefixes ending with `/` and without a leading `/` or wildcards, e.g. `AWSLogs/111122223333/CloudTrail-Digest/`."
  }

  validation {
    condition     = length(var.sse_s3_key_prefixes) == 0 || var.profile == "phi"
    error_message = "sse_s3_key_prefixes is only for profile = \"phi\"; log buckets are SSE-S3 throughout."
  }
}

variable "access_logging" {
  description = "Server access logging target: the log bucket's name and a key prefix. Required for the `phi` profile."
  type = object({
    target_bucket = string
    target_prefix = optional(string)
  })
  default = null

  validation {
    condition     = var.profile != "phi" || var.access_logging != null
    error_message = "access_logging is required when profile = \"phi\": every access to a PHI bucket is logged to a log bucket."
  }
}

variable "log_delivery" {
  description = "For the `log` profile: which AWS producers may write here. `s3_server_access_logs` (S3 server access logs from `source_bucket_arns`), `alb_access_logs` (Elastic Load Balancing under `alb_prefix`), `cloudfront_standard_logs` (CloudFront standard logging, which delivers through the awslogsdelivery ACL grant and so needs ACLs enabled)."
  type = object({
    s3_server_access_logs    = optional(bool, false)
    source_bucket_arns       = optional(list(string), [])
    alb_access_logs          = optional(bool, false)
    alb_prefix               = optional(string, "alb")
    cloudfront_standard_logs = optional(bool, false)
  })
  default = {}

  validation {
    condition     = var.profile == "log" || !(var.log_delivery.s3_server_access_logs || var.log_delivery.alb_access_logs || var.log_delivery.cloudfront_standard_logs)
    error_message = "log_delivery is only for profile = \"log\"; PHI buckets never accept writes from log producers."
  }

  validation {
    condition     = alltrue([for arn in var.log_delivery.source_bucket_arns : can(regex("^arn:aws[a-z-]*:s3:::[a-z0-9*][a-z0-9.*-]*$", arn))])
    error_message = "log_delivery.source_bucket_arns must be S3 bucket ARNs (arn:aws:s3:::<bucket>)."
  }

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*$", var.log_delivery.alb_prefix))
    error_message = "log_delivery.alb_prefix must be a key prefix without leading or trailing slashes (ELB rejects prefixes containing AWSLogs or a trailing slash)."
  }
}

variable "noncurrent_version_expiration_days" {
  description = "Delete noncurrent object versions this many days after they become noncurrent."
  type        = number
  default     = 90

  validation {
    condition     = var.noncurrent_version_expiration_days >= 1 && floor(var.noncurrent_version_expiration_days) == var.noncurrent_version_expiration_days
    error_message = "noncurrent_version_expiration_days must be a whole number of days >= 1."
  }
}

variable "abort_incomplete_multipart_upload_days" {
  description = "Abort multipart uploads that are not completed within this many days."
  type        = number
  default     = 7

  validation {
    condition     = var.abort_incomplete_multipart_upload_days >= 1 && var.abort_incomplete_multipart_upload_days <= 30
    error_message = "abort_incomplete_multipart_upload_days must be between 1 and 30."
  }
}

variable "transition_to_glacier_days" {
  description = "Move current objects to S3 Glacier Flexible Retrieval after this many days (null: never)."
  type        = number
  default     = null

  validation {
    condition     = var.transition_to_glacier_days == null || try(var.transition_to_glacier_days >= 1, false)
    error_message = "transition_to_glacier_days must be null or >= 1."
  }
}

variable "expiration_days" {
  description = "Expire current objects after this many days (null: keep forever). Must be later than the Glacier transition."
  type        = number
  default     = null

  validation {
    condition     = var.expiration_days == null || try(var.expiration_days >= 1, false)
    error_message = "expiration_days must be null or >= 1."
  }

  validation {
    condition     = var.expiration_days == null || var.transition_to_glacier_days == null || try(var.expiration_days > var.transition_to_glacier_days, false)
    error_message = "expiration_days must be greater than transition_to_glacier_days."
  }
}

variable "object_lock" {
  description = "Enable S3 Object Lock with a default retention (WORM): `mode` GOVERNANCE or COMPLIANCE and `days`. Only settable at creation."
  type = object({
    mode = string
    days = number
  })
  default = null

  validation {
    condition     = var.object_lock == null || try(contains(["GOVERNANCE", "COMPLIANCE"], var.object_lock.mode) && var.object_lock.days >= 1, false)
    error_message = "object_lock.mode must be GOVERNANCE or COMPLIANCE and object_lock.days >= 1."
  }
}

variable "eventbridge_notifications" {
  description = "Send the bucket's object events to Amazon EventBridge (for intake workflows, malware scanning and alerting)."
  type        = bool
  default     = true
}

variable "queue_notifications" {
  description = "For `phi` buckets: SQS queues that receive object events (e.g. a document intake queue), each with an `id`, the queue ARN, the `events` (default `s3:ObjectCreated:*`) and a key `filter_prefix`. The queue's policy must let `s3.amazonaws.com` send for this bucket (`aws:SourceArn`) and exist first: S3 checks it when the configuration is written."
  type = list(object({
    id            = string
    queue_arn     = string
    events        = optional(list(string), ["s3:ObjectCreated:*"])
    filter_prefix = optional(string)
  }))
  default = []

  validation {
    condition     = alltrue([for q in var.queue_notifications : can(regex("^[A-Za-z0-9_-]{1,64}$", q.id)) && length(q.events) > 0 && alltrue([for e in q.events : startswith(e, "s3:")])])
    error_message = "queue_notifications entries need an id of 1-64 letters, digits, '-' or '_' and at least one S3 event type (s3:...)."
  }

  validation {
    condition     = length(var.queue_notifications) == 0 || var.profile == "phi"
    error_message = "queue_notifications is only for profile = \"phi\"."
  }
}

variable "replication" {
  description = "Replicate new objects to a bucket in another region (disaster recovery). The destination must be versioned and encrypted with `destination_kms_key_arn`."
  type = object({
    destination_bucket_arn  = string
    destination_kms_key_arn = string
    storage_class           = optional(string, "STANDARD_IA")
  })
  default = null

  validation {
    condition     = var.replication == null || try(can(regex("^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9-]+$", var.replication.destination_bucket_arn)) && can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/", var.replication.destination_kms_key_arn)), false)
    error_message = "replication needs destination_bucket_arn (arn:aws:s3:::<bucket>) and destination_kms_key_arn (a KMS key ARN)."
  }

  validation {
    condition     = var.replication == null || var.profile == "phi"
    error_message = "replication is only supported for profile = \"phi\"."
  }
}

variable "additional_policy_documents" {
  description = "Extra bucket policy documents (JSON) merged into the module's policy, e.g. statements for a log producer such as VPC Flow Logs or CloudTrail. Statement ids must not collide with the module's."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for doc in var.additional_policy_documents : can(jsondecode(doc).Statement)])
    error_message = "additional_policy_documents must be IAM policy documents in JSON with a Statement list."
  }
}

variable "force_destroy" {
  description = "Allow destroying the bucket while it still holds objects. Off by default: PHI must not disappear with a stray destroy."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags for the bucket (provider default_tags are added on top)."
  type        = map(string)
  default     = {}
}
