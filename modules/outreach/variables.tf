variable "name" {
  description = "Name prefix of every resource (functions `<name>-plan|send|redeem|weekly`, queue `<name>-send`, templates, schedule)."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,40}$", var.name))
    error_message = "name must be 2-41 characters: lowercase letters, digits and '-', starting with a letter."
  }
}

variable "kms_key_arn" {
  description = "Customer-managed KMS key (ARN) for the functions' environments, logs and dead letters, the send queue, and the link-key secret. Its policy must admit Lambda, SQS and Secrets Manager (kms:ViaService), CloudWatch Logs and CloudWatch alarms."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[0-9a-f-]{36}$", var.kms_key_arn))
    error_message = "kms_key_arn must be the ARN of a customer-managed key (arn:aws:kms:<region>:<account>:key/<uuid>)."
  }
}

variable "vpc_config" {
  description = "Subnets (private) and security groups of the functions: every outreach function talks to PostgreSQL, so all run in the VPC. The subnets need a route to SQS, SNS, SES and Secrets Manager (VPC endpoints or NAT)."
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
  description = "PostgreSQL access: `outreach_secret_arn` (login of a member of workflows_outreach: plan, send, weekly) and `redeem_secret_arn` (a member of workflows_redeem: the public link endpoint), secrets shaped like RDS's (`host`, `port`, `dbname`, `username`, `password`); `secret_kms_key_arn` that encrypts them; `ca_bundle_path`, the PEM file inside the function that signs the server certificate (the default trusts the public roots, which is what RDS Proxy presents)."
  type = object({
    outreach_secret_arn = string
    redeem_secret_arn   = string
    secret_kms_key_arn  = string
    ca_bundle_path      = optional(string, "/etc/pki/tls/certs/ca-bundle.crt")
  })

  validation {
    condition = alltrue([for a in [var.database.outreach_secret_arn, var.database.redeem_secret_arn] :
    can(regex("^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:[A-Za-z0-9/_+=.@!-]+$", a))])
    error_message = "database.outreach_secret_arn and database.redeem_secret_arn must be Secrets Manager secret ARNs."
  }

  validation {
    condition     = var.database.outreach_secret_arn != var.database.redeem_secret_arn
    error_message = "database.redeem_secret_arn must differ from outreach_secret_arn: the public link endpoint logs in as a user that cannot read contact data."
  }

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[0-9a-f-]{36}$", var.database.secret_kms_key_arn))
    error_message = "database.secret_kms_key_arn must be the ARN of the customer-managed key encrypting the database secrets."
  }

  validation {
    condition     = startswith(var.database.ca_bundle_path, "/")
    error_message = "database.ca_bundle_path must be an absolute path inside the function (e.g. /var/task/certs/rds.pem)."
  }
}

variable "email" {
  description = "SES sending: the From address (on a verified identity), the identity's ARN and the configuration set (from `modules/ses`, which requires TLS) every message is sent with."
  type = object({
    from_address           = string
    identity_arn           = string
    configuration_set_name = string
    configuration_set_arn  = string
  })

  validation {
    condition     = can(regex("^[^@\\s]+@[a-z0-9.-]+\\.[a-z]{2,63}$", var.email.from_address))
    error_message = "email.from_address must be an e-mail address on the verified domain, e.g. outreach@mail.clinic.example."
  }

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:ses:[a-z0-9-]+:[0-9]{12}:identity/.+$", var.email.identity_arn)) && can(regex("^arn:aws[a-z-]*:ses:[a-z0-9-]+:[0-9]{12}:configuration-set/[A-Za-z0-9_-]+$", var.email.configuration_set_arn))
    error_message = "email.identity_arn and email.configuration_set_arn must be SES identity and configuration-set ARNs."
  }
}

variable "link_base_url" {
  description = "Public base URL of the link endpoint (the HTTP API's custom domain), e.g. `https://links.clinic.example`; links are `<base>/r/<token>` and carry nothing else."
  type        = string

  validation {
    condition     = can(regex("^https://[a-z0-9.-]+(:[0-9]+)?(/[A-Za-z0-9._~-]+)*$", var.link_base_url))
    error_message = "link_base_url must be an https:// URL without query, fragment or trailing slash."
  }
}

variable "report_bucket" {
  description = "Where the weekly report (CSV and HTML, counts only) is written under `outreach/weekly/`: the bucket's ARN and the CMK (ARN) objects are encrypted with (`modules/s3-bucket`)."
  type = object({
    arn         = string
    kms_key_arn = string
  })

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:s3:::[a-z0-9.-]{3,63}$", var.report_bucket.arn)) && can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[0-9a-f-]{36}$", var.report_bucket.kms_key_arn))
    error_message = "report_bucket needs the bucket ARN (arn:aws:s3:::<name>) and its customer-managed key ARN."
  }
}

variable "alarm_actions" {
  description = "SNS topic ARNs notified when a function fails or a message reaches a dead-letter queue."
  type        = list(string)

  validation {
    condition     = length(var.alarm_actions) > 0 && alltrue([for a in var.alarm_actions : can(regex("^arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]+$", a))])
    error_message = "alarm_actions must list at least one SNS topic ARN."
  }
}

variable "weekly_schedule_expression" {
  description = "When the weekly job (reminders + report) runs, as an EventBridge schedule expression in UTC."
  type        = string
  default     = "cron(0 9 ? * MON *)"

  validation {
    condition     = can(regex("^(cron\\(.+\\)|rate\\([0-9]+ (minute|minutes|hour|hours|day|days)\\))$", var.weekly_schedule_expression))
    error_message = "weekly_schedule_expression must be cron(...) or rate(N unit)."
  }
}

variable "messages" {
  description = "What patients receive. SMS texts may use only `$campaign` and `$link`; e-mail templates (SES, `{{campaign}}` and `{{link}}`) must not name a condition or any patient data. `sms_sender_id` is optional (countries that support alphanumeric sender ids)."
  type = object({
    sms_invitation   = optional(string, "$campaign: your clinic invites you to book an appointment: $link")
    sms_reminder     = optional(string, "Reminder - $campaign: book your appointment here: $link")
    email_subject    = optional(string, "{{campaign}}: your invitation")
    email_text       = optional(string, "Your clinic invites you to book an appointment: {{link}}\n\nThis link works once.")
    email_html       = optional(string, "<p>Your clinic invites you to book an appointment.</p><p><a href=\"{{link}}\">Book now</a></p><p>This link works once.</p>")
    reminder_subject = optional(string, "Reminder: {{campaign}}")
    sms_sender_id    = optional(string)
  })
  default = {}

  validation {
    condition = alltrue([for t in [var.messages.sms_invitation, var.messages.sms_reminder] :
    strcontains(t, "$link") && length(regexall("\\$([A-Za-z_]+)", t)) == length(regexall("\\$(campaign|link)\\b", t)) && length(t) <= 600])
    error_message = "messages.sms_invitation and sms_reminder must contain $link, may use only $campaign and $link, and must be at most 600 characters."
  }

  validation {
    condition     = strcontains(var.messages.email_text, "{{link}}") && strcontains(var.messages.email_html, "{{link}}")
    error_message = "messages.email_text and email_html must contain {{link}}."
  }

  validation {
    condition     = var.messages.sms_sender_id == null || can(regex("^[A-Za-z0-9]{1,11}$", var.messages.sms_sender_id))
    error_message = "messages.sms_sender_id must be 1-11 letters or digits."
  }
}

variable "invitations_per_message" {
  description = "Sends packed into one SQS message (1-1000). Larger messages mean fewer SQS calls and database round trips; each message is one unit of retry."
  type        = number
  default     = 500

  validation {
    condition     = var.invitations_per_message >= 1 && var.invitations_per_message <= 1000 && floor(var.invitations_per_message) == var.invitations_per_message
    error_message = "invitations_per_message must be a whole number from 1 to 1000."
  }
}

variable "send_batch_size" {
  description = "SQS messages per send invocation (1-10)."
  type        = number
  default     = 2

  validation {
    condition     = var.send_batch_size >= 1 && var.send_batch_size <= 10 && floor(var.send_batch_size) == var.send_batch_size
    error_message = "send_batch_size must be a whole number from 1 to 10."
  }
}

variable "send_max_concurrency" {
  description = "Most concurrent send invocations (2-1000): keeps SMS and e-mail within the account's SNS/SES sending rates."
  type        = number
  default     = 5

  validation {
    condition     = var.send_max_concurrency >= 2 && var.send_max_concurrency <= 1000 && floor(var.send_max_concurrency) == var.send_max_concurrency
    error_message = "send_max_concurrency must be a whole number from 2 to 1000 (the event source mapping minimum is 2)."
  }
}

variable "function_timeouts" {
  description = "Timeouts in seconds: the planner streams a whole campaign (default 300), the sender works a batch (120), the weekly job queues reminders and writes the report (300), redeem answers a click (10)."
  type = object({
    plan   = optional(number, 300)
    send   = optional(number, 120)
    redeem = optional(number, 10)
    weekly = optional(number, 300)
  })
  default = {}

  validation {
    condition     = alltrue([for t in values(var.function_timeouts) : t >= 3 && t <= 900 && floor(t) == t])
    error_message = "function_timeouts values must be whole numbers of seconds from 3 to 900."
  }
}

variable "package_dir" {
  description = "Directory holding the function zips `outreach_plan.zip`, `outreach_send.zip`, `outreach_redeem.zip` and `outreach_weekly.zip` (`python -m tfharness build-lambdas`). Null: the repository's build/lambda."
  type        = string
  default     = null
}

variable "enable_dead_letter" {
  description = "Give each function an encrypted dead-letter queue for failed asynchronous invocations (the weekly schedule invokes asynchronously). Switch off only on an emulator that cannot store it."
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
