variable "name" {
  description = "Queue name; the dead-letter queue is `<name>-dlq`. Letters, digits, `-` and `_` (at most 76 characters, so the DLQ name fits SQS's 80)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,76}$", var.name))
    error_message = "name must be 1-76 characters of letters, digits, '-' and '_' (the dead-letter queue adds '-dlq' within SQS's 80-character limit)."
  }
}

variable "kms_key_arn" {
  description = "Customer-managed KMS key (ARN) that encrypts both queues. Producers need kms:GenerateDataKey and consumers kms:Decrypt on it; AWS services that send (EventBridge, S3, SNS) must be admitted by its key policy."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[0-9a-f-]{36}$", var.kms_key_arn))
    error_message = "kms_key_arn must be the ARN of a customer-managed key (arn:aws:kms:<region>:<account>:key/<uuid>); aliases and AWS-managed keys are not accepted."
  }
}

variable "kms_data_key_reuse_period_seconds" {
  description = "How long SQS reuses a data key before calling KMS again (60 s to 24 h). Shorter costs more KMS calls."
  type        = number
  default     = 300

  validation {
    condition     = var.kms_data_key_reuse_period_seconds >= 60 && var.kms_data_key_reuse_period_seconds <= 86400 && floor(var.kms_data_key_reuse_period_seconds) == var.kms_data_key_reuse_period_seconds
    error_message = "kms_data_key_reuse_period_seconds must be a whole number of seconds from 60 to 86400."
  }
}

variable "visibility_timeout_seconds" {
  description = "How long a received message stays hidden before it is redelivered (0 s to 12 h). For a Lambda consumer use at least six times the function timeout."
  type        = number
  default     = 30

  validation {
    condition     = var.visibility_timeout_seconds >= 0 && var.visibility_timeout_seconds <= 43200 && floor(var.visibility_timeout_seconds) == var.visibility_timeout_seconds
    error_message = "visibility_timeout_seconds must be a whole number of seconds from 0 to 43200."
  }
}

variable "message_retention_seconds" {
  description = "How long the queue keeps a message that nobody processed (60 s to 14 days)."
  type        = number
  default     = 345600

  validation {
    condition     = var.message_retention_seconds >= 60 && var.message_retention_seconds <= 1209600 && floor(var.message_retention_seconds) == var.message_retention_seconds
    error_message = "message_retention_seconds must be a whole number of seconds from 60 to 1209600 (14 days)."
  }
}

variable "dlq_message_retention_seconds" {
  description = "How long the dead-letter queue keeps a message (60 s to 14 days). It must outlast the main queue's retention, or a message could expire in the DLQ before anyone sees it."
  type        = number
  default     = 1209600

  validation {
    condition     = var.dlq_message_retention_seconds >= 60 && var.dlq_message_retention_seconds <= 1209600 && floor(var.dlq_message_retention_seconds) == var.dlq_message_retention_seconds
    error_message = "dlq_message_retention_seconds must be a whole number of seconds from 60 to 1209600 (14 days)."
  }

  validation {
    condition     = var.dlq_message_retention_seconds >= var.message_retention_seconds
    error_message = "dlq_message_retention_seconds must be at least message_retention_seconds, or a dead letter could expire before the queue's own messages."
  }
}

variable "max_receive_count" {
  description = "Receives after which a message moves to the dead-letter queue (1-1000)."
  type        = number
  default     = 5

  validation {
    condition     = var.max_receive_count >= 1 && var.max_receive_count <= 1000 && floor(var.max_receive_count) == var.max_receive_count
    error_message = "max_receive_count must be a whole number from 1 to 1000."
  }
}

variable "receive_wait_time_seconds" {
  description = "Long polling wait (0-20 s); 20 cuts empty receives."
  type        = number
  default     = 20

  validation {
    condition     = var.receive_wait_time_seconds >= 0 && var.receive_wait_time_seconds <= 20 && floor(var.receive_wait_time_seconds) == var.receive_wait_time_seconds
    error_message = "receive_wait_time_seconds must be a whole number of seconds from 0 to 20."
  }
}

variable "allowed_senders" {
  description = "AWS services that may send to the queue, keyed by a statement id: the service principal (e.g. `events.amazonaws.com`, `s3.amazonaws.com`, `sns.amazonaws.com`) and the exact source ARNs (rule, bucket, topic) allowed through `aws:SourceArn`. Principals in this account send through IAM, not this policy."
  type = map(object({
    service     = string
    source_arns = list(string)
  }))
  default = {}

  validation {
    condition     = alltrue([for k, s in var.allowed_senders : can(regex("^[A-Za-z0-9]{1,64}$", k))])
    error_message = "allowed_senders keys become policy statement ids and must be 1-64 alphanumeric characters."
  }

  validation {
    condition     = alltrue([for s in var.allowed_senders : can(regex("^[a-z0-9.-]+\\.amazonaws\\.com$", s.service))])
    error_message = "allowed_senders[*].service must be an AWS service principal such as events.amazonaws.com."
  }

  validation {
    condition     = alltrue([for s in var.allowed_senders : length(s.source_arns) > 0 && alltrue([for a in s.source_arns : can(regex("^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:[0-9]{0,12}:[^*]+$", a))])])
    error_message = "allowed_senders[*].source_arns must list at least one exact ARN (no wildcards): a service may send only on behalf of the named resources."
  }
}

variable "alarm_actions" {
  description = "SNS topic ARNs notified when a message reaches the dead-letter queue or waits too long: the alarms are how nothing is silently lost."
  type        = list(string)

  validation {
    condition     = length(var.alarm_actions) > 0 && alltrue([for a in var.alarm_actions : can(regex("^arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,256}$", a))])
    error_message = "alarm_actions must list at least one SNS topic ARN: an alarm nobody receives does not stop messages from being lost."
  }
}

variable "oldest_message_alarm_seconds" {
  description = "Alarm when the oldest message in the main queue is older than this (60 s to 14 days): the consumer is failing or too slow."
  type        = number
  default     = 3600

  validation {
    condition     = var.oldest_message_alarm_seconds >= 60 && var.oldest_message_alarm_seconds <= 1209600 && floor(var.oldest_message_alarm_seconds) == var.oldest_message_alarm_seconds
    error_message = "oldest_message_alarm_seconds must be a whole number of seconds from 60 to 1209600."
  }
}

variable "tags" {
  description = "Tags for every resource (provider default_tags are added on top)."
  type        = map(string)
  default     = {}
}
