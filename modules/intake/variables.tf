variable "name" {
  description = "Name prefix of every resource (functions `<name>-process|upload`, queue `<name>-objects`, topic `<name>-doctor-notifications`, API `<name>-upload`)."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,40}$", var.name))
    error_message = "name must be 2-41 characters: lowercase letters, digits and '-', starting with a letter."
  }
}

variable "bucket_name" {
  description = "Name of the PHI bucket documents are uploaded to (created here with `modules/s3-bucket`, profile `phi`). Keys: `incoming/<document id>` (patients' uploads), `derived/<document id>/` (converted images), `quarantine/<document id>` (rejected files)."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$", var.bucket_name))
    error_message = "bucket_name must be 3-63 characters of lowercase letters, digits and hyphens, starting and ending with a letter or digit (no dots)."
  }
}

variable "kms_key_arn" {
  description = "Customer-managed KMS key (ARN) for the bucket, the object queue and its dead-letter queue, the doctor topic, the functions' environments and logs. Its policy must admit S3 (kms:ViaService, and `s3.amazonaws.com` itself to send to the encrypted queue), Lambda, SQS and SNS (kms:ViaService), CloudWatch Logs and CloudWatch alarms."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[0-9a-f-]{36}$", var.kms_key_arn))
    error_message = "kms_key_arn must be the ARN of a customer-managed key (arn:aws:kms:<region>:<account>:key/<uuid>)."
  }
}

variable "access_log_bucket" {
  description = "Name of the log bucket (`modules/s3-bucket`, profile `log`, accepting S3 server access logs from this bucket) that records every access to the PHI bucket."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.access_log_bucket))
    error_message = "access_log_bucket must be the name of an S3 bucket (3-63 lowercase letters, digits, '.' or '-')."
  }
}

variable "vpc_config" {
  description = "Subnets (private) and security groups of the functions: both talk to PostgreSQL, so both run in the VPC. The subnets need a route to S3, SQS, SNS, Secrets Manager and Textract (VPC endpoints or NAT)."
  type = object({
    subnet_ids         = list(string)
    security_group_ids = list(string)
  })

  validation {
    condition     = length(var.vpc_config.subnet_ids) >= 2 && length(var.vpc_config.security_group_ids) >= 1
    error_message = "vpc_config needs at least two subnets (two availability zones) and one security group."
  }
}

variable "database" {
  description = "PostgreSQL access: `secret_arn` (login of a member of the intake role, a secret shaped like RDS's: `host`, `port`, `dbname`, `username`, `password`), `secret_kms_key_arn` that encrypts it, and `ca_bundle_path`, the PEM file inside the function that signs the server certificate (the default trusts the public roots, which is what RDS Proxy presents)."
  type = object({
    secret_arn         = string
    secret_kms_key_arn = string
    ca_bundle_path     = optional(string, "/etc/pki/tls/certs/ca-bundle.crt")
  })

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:[A-Za-z0-9/_+=.@!-]+$", var.database.secret_arn))
    error_message = "database.secret_arn must be a Secrets Manager secret ARN."
  }

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[0-9a-f-]{36}$", var.database.secret_kms_key_arn))
    error_message = "database.secret_kms_key_arn must be the ARN of the customer-managed key encrypting the database secret."
  }

  validation {
    condition     = startswith(var.database.ca_bundle_path, "/")
    error_message = "database.ca_bundle_path must be an absolute path inside the function (e.g. /var/task/certs/rds.pem)."
  }
}

variable "jwt" {
  description = "The patient user pool that signs the portal's tokens: `issuer` (`https://cognito-idp.<region>.amazonaws.com/<user pool id>`, from `modules/cognito`) and `audience` (the portal's app client ids). The upload endpoint accepts nothing else."
  type = object({
    issuer   = string
    audience = list(string)
  })

  validation {
    condition     = can(regex("^https://cognito-idp\\.[a-z0-9-]+\\.amazonaws\\.com/[a-z0-9-]+_[A-Za-z0-9]+$", var.jwt.issuer))
    error_message = "jwt.issuer must be a Cognito user pool issuer URL (https://cognito-idp.<region>.amazonaws.com/<user pool id>)."
  }

  validation {
    condition     = length(var.jwt.audience) > 0 && alltrue([for a in var.jwt.audience : length(trimspace(a)) > 0])
    error_message = "jwt.audience must list at least one app client id: an authorizer without an audience would accept any client's tokens."
  }
}

variable "alarm_actions" {
  description = "SNS topic ARNs notified when a function fails, a message reaches a dead-letter queue, or an object waits too long."
  type        = list(string)

  validation {
    condition     = length(var.alarm_actions) > 0 && alltrue([for a in var.alarm_actions : can(regex("^arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]+$", a))])
    error_message = "alarm_actions must list at least one SNS topic ARN."
  }
}

variable "quarantine_reader_arns" {
  description = "IAM role ARNs (e.g. the security team's review role) that may read rejected files under `quarantine/`, besides the processing function that moves them there. The bucket policy denies everyone else."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for a in var.quarantine_reader_arns : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]+$", a))])
    error_message = "quarantine_reader_arns must be IAM role ARNs (arn:aws:iam::<account>:role/<name>), without wildcards."
  }
}

variable "extractor" {
  description = "Text extraction: `textract` (default; the PDF's own text layer when it has one, Amazon Textract for scans and images) or `local` (text-layer PDFs only, for regions or emulators without Textract)."
  type        = string
  default     = "textract"

  validation {
    condition     = contains(["textract", "local"], var.extractor)
    error_message = "extractor must be textract or local."
  }
}

variable "convert_formats" {
  description = "Formats uploaded images are converted to (metadata stripped), stored under `derived/<document id>/`: any of png, jpeg, webp, tiff, pdf."
  type        = list(string)
  default     = ["png", "jpeg"]

  validation {
    condition     = length(var.convert_formats) > 0 && alltrue([for f in var.convert_formats : contains(["png", "jpeg", "webp", "tiff", "pdf"], f)])
    error_message = "convert_formats must list at least one of png, jpeg, webp, tiff, pdf."
  }
}

variable "max_upload_bytes" {
  description = "Largest file a patient may upload, in bytes (1 KiB to 100 MiB). The pre-signed upload pins a range ending at the size the patient declared, never above this; larger objects are quarantined."
  type        = number
  default     = 20971520

  validation {
    condition     = var.max_upload_bytes >= 1024 && var.max_upload_bytes <= 104857600 && floor(var.max_upload_bytes) == var.max_upload_bytes
    error_message = "max_upload_bytes must be a whole number from 1024 to 104857600 (100 MiB)."
  }
}

variable "max_pdf_pages" {
  description = "PDFs with more pages are quarantined (1-3000)."
  type        = number
  default     = 200

  validation {
    condition     = var.max_pdf_pages >= 1 && var.max_pdf_pages <= 3000 && floor(var.max_pdf_pages) == var.max_pdf_pages
    error_message = "max_pdf_pages must be a whole number from 1 to 3000."
  }
}

variable "upload_url_ttl_seconds" {
  description = "How long a pre-signed upload stays valid (60 s to 1 h)."
  type        = number
  default     = 900

  validation {
    condition     = var.upload_url_ttl_seconds >= 60 && var.upload_url_ttl_seconds <= 3600 && floor(var.upload_url_ttl_seconds) == var.upload_url_ttl_seconds
    error_message = "upload_url_ttl_seconds must be a whole number of seconds from 60 to 3600."
  }
}

variable "process_timeout" {
  description = "Timeout of the processing function in seconds (30-900): a batch of documents with Textract extraction. The object queue hides a message for 6x this, and a claim on a document expires after 5x."
  type        = number
  default     = 300

  validation {
    condition     = var.process_timeout >= 30 && var.process_timeout <= 900 && floor(var.process_timeout) == var.process_timeout
    error_message = "process_timeout must be a whole number of seconds from 30 to 900."
  }
}

variable "process_batch_size" {
  description = "S3 event messages per processing invocation (1-10); failed ones are reported back one by one (partial batch responses)."
  type        = number
  default     = 2

  validation {
    condition     = var.process_batch_size >= 1 && var.process_batch_size <= 10 && floor(var.process_batch_size) == var.process_batch_size
    error_message = "process_batch_size must be a whole number from 1 to 10."
  }
}

variable "process_max_concurrency" {
  description = "Most concurrent processing invocations (2-1000): keeps Textract and the database within their limits."
  type        = number
  default     = 5

  validation {
    condition     = var.process_max_concurrency >= 2 && var.process_max_concurrency <= 1000 && floor(var.process_max_concurrency) == var.process_max_concurrency
    error_message = "process_max_concurrency must be a whole number from 2 to 1000 (the event source mapping minimum is 2)."
  }
}

variable "max_receive_count" {
  description = "Deliveries of one S3 event before it moves to the dead-letter queue (1-100)."
  type        = number
  default     = 5

  validation {
    condition     = var.max_receive_count >= 1 && var.max_receive_count <= 100 && floor(var.max_receive_count) == var.max_receive_count
    error_message = "max_receive_count must be a whole number from 1 to 100."
  }
}

variable "upload_throttling" {
  description = "Limits of the upload endpoint: `burst_limit` (requests) and `rate_limit` (requests per second)."
  type = object({
    burst_limit = optional(number, 20)
    rate_limit  = optional(number, 10)
  })
  default = {}

  validation {
    condition     = var.upload_throttling.burst_limit >= 1 && var.upload_throttling.burst_limit <= 5000 && floor(var.upload_throttling.burst_limit) == var.upload_throttling.burst_limit && var.upload_throttling.rate_limit >= 1 && var.upload_throttling.rate_limit <= 10000
    error_message = "upload_throttling.burst_limit must be a whole number from 1 to 5000 and rate_limit from 1 to 10000."
  }
}

variable "enable_eventbridge_notifications" {
  description = "Also send the bucket's object events to Amazon EventBridge (malware scanning, alerting), besides the object queue. The bucket has one notification configuration, which this module owns."
  type        = bool
  default     = true
}

variable "package_dir" {
  description = "Directory holding the function zips `intake_process.zip` and `intake_upload.zip` (`python -m tfharness build-lambdas`). Null: the repository's build/lambda."
  type        = string
  default     = null
}

variable "enable_dead_letter" {
  description = "Give each function an encrypted dead-letter queue for failed asynchronous invocations. Switch off only on an emulator that cannot store it."
  type        = bool
  default     = true
}

variable "log_format" {
  description = "Function log format: `JSON` (default) or `Text` (for emulators without logging_config)."
  type        = string
  default     = "JSON"

  validation {
    condition     = contains(["JSON", "Text"], var.log_format)
    error_message = "log_format must be JSON or Text."
  }
}

variable "tags" {
  description = "Tags for every resource (provider default_tags are added on top)."
  type        = map(string)
  default     = {}
}
