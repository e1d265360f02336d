variable "name" {
  description = "Name prefix for the module's named resources (topics, rules, table, function, bucket, keys), e.g. `phi-prod`."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,18}[a-z0-9]$", var.name))
    error_message = "name must be 2-20 characters of lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen (it prefixes bucket and function names)."
  }
}

# --- GuardDuty -------------------------------------------------------------------------------

variable "finding_publishing_frequency" {
  description = "How often GuardDuty publishes updates of active findings to EventBridge (and the export bucket): FIFTEEN_MINUTES (default), ONE_HOUR or SIX_HOURS."
  type        = string
  default     = "FIFTEEN_MINUTES"

  validation {
    condition     = contains(["FIFTEEN_MINUTES", "ONE_HOUR", "SIX_HOURS"], var.finding_publishing_frequency)
    error_message = "finding_publishing_frequency must be one of FIFTEEN_MINUTES, ONE_HOUR, SIX_HOURS (the values GuardDuty accepts)."
  }
}

variable "enable_s3_protection" {
  description = "GuardDuty S3 Protection: CloudTrail S3 data events analysed for threats to PHI buckets (feature S3_DATA_EVENTS)."
  type        = bool
  default     = true
}

variable "enable_rds_protection" {
  description = "GuardDuty RDS Protection: login activity on Aurora/RDS analysed for brute force and anomalous access (feature RDS_LOGIN_EVENTS)."
  type        = bool
  default     = true
}

variable "enable_lambda_protection" {
  description = "GuardDuty Lambda Protection: network activity of Lambda functions analysed (feature LAMBDA_NETWORK_LOGS)."
  type        = bool
  default     = true
}

variable "enable_runtime_monitoring" {
  description = "GuardDuty Runtime Monitoring for ECS on Fargate, with the security agent managed by GuardDuty (feature RUNTIME_MONITORING, ECS_FARGATE_AGENT_MANAGEMENT)."
  type        = bool
  default     = true
}

variable "enable_malware_protection" {
  description = "GuardDuty Malware Protection for EC2: GuardDuty-initiated scans of EBS volumes when a finding indicates malware (feature EBS_MALWARE_PROTECTION; it applies where EC2 runs)."
  type        = bool
  default     = true
}

variable "export_findings" {
  description = "Export GuardDuty findings to an S3 bucket the module creates (SSE-KMS with its own customer-managed key, versioned, access-logged, retained `findings_export_retention_days`). GuardDuty itself keeps findings for 90 days only."
  type        = bool
  default     = true
}

variable "access_log_bucket" {
  description = "Name of the log bucket that receives the export bucket's S3 server access logs (a `log`-profile bucket from modules/s3-bucket). Required when `export_findings` is true."
  type        = string
  default     = null

  validation {
    condition     = var.access_log_bucket == null || can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.access_log_bucket))
    error_message = "access_log_bucket must be an S3 bucket name (3-63 lowercase letters, digits, dots and hyphens)."
  }

  validation {
    condition     = !var.export_findings || var.access_log_bucket != null
    error_message = "access_log_bucket is required when export_findings is true: the findings export bucket logs every access to a log bucket."
  }
}

variable "findings_export_retention_days" {
  description = "Days the export bucket keeps findings (default 2557, seven years, beyond HIPAA's six-year documentation retention)."
  type        = number
  default     = 2557

  validation {
    condition     = var.findings_export_retention_days >= 365 && var.findings_export_retention_days <= 36500 && floor(var.findings_export_retention_days) == var.findings_export_retention_days
    error_message = "findings_export_retention_days must be a whole number of days between 365 and 36500."
  }
}

variable "s3_eventbridge_notifications" {
  description = "Send the export bucket's object events to EventBridge (passed to modules/s3-bucket)."
  type        = bool
  default     = true
}

# --- Security Hub, Inspector, Access Analyzer --------------------------------------------------

variable "enable_security_hub" {
  description = "Enable Security Hub in this account and region (no default standards; the ones in `security_hub_standards` are subscribed explicitly)."
  type        = bool
  default     = true
}

variable "security_hub_standards" {
  description = "Security Hub standards to subscribe, as `<standard>/v/<version>`; the ARN is built for the current partition and region. Default: AWS Foundational Security Best Practices, CIS AWS Foundations Benchmark v3.0.0 and NIST SP 800-53 Rev. 5 (there is no HIPAA standard in Security Hub; HIPAA is reported by the Config conformance pack)."
  type        = list(string)
  default = [
    "aws-foundational-security-best-practices/v/1.0.0",
    "cis-aws-foundations-benchmark/v/3.0.0",
    "nist-800-53/v/5.0.0",
  ]

  validation {
    condition = alltrue([for s in var.security_hub_standards : contains([
      "aws-foundational-security-best-practices/v/1.0.0",
      "cis-aws-foundations-benchmark/v/1.4.0",
      "cis-aws-foundations-benchmark/v/3.0.0",
      "nist-800-53/v/5.0.0",
      "pci-dss/v/3.2.1",
      "pci-dss/v/4.0.1",
      "aws-resource-tagging-standard/v/1.0.0",
    ], s)])
    error_message = "security_hub_standards must name known standards: aws-foundational-security-best-practices/v/1.0.0, cis-aws-foundations-benchmark/v/1.4.0, cis-aws-foundations-benchmark/v/3.0.0, nist-800-53/v/5.0.0, pci-dss/v/3.2.1, pci-dss/v/4.0.1, aws-resource-tagging-standard/v/1.0.0."
  }

  validation {
    condition     = length(distinct(var.security_hub_standards)) == length(var.security_hub_standards)
    error_message = "security_hub_standards must not list a standard twice."
  }
}

variable "consolidated_control_findings" {
  description = "One finding per security control across all enabled standards (Security Hub `SECURITY_CONTROL` generator) instead of one per standard."
  type        = bool
  default     = true
}

variable "enable_inspector" {
  description = "Enable Amazon Inspector v2 scanning in this account for `inspector_resource_types`."
  type        = bool
  default     = true
}

variable "inspector_resource_types" {
  description = "What Inspector v2 scans: ECR container images and Lambda functions (default); add LAMBDA_CODE for code scanning or EC2 where instances run."
  type        = list(string)
  default     = ["ECR", "LAMBDA"]

  validation {
    condition     = length(var.inspector_resource_types) > 0 && alltrue([for t in var.inspector_resource_types : contains(["EC2", "ECR", "LAMBDA", "LAMBDA_CODE"], t)])
    error_message = "inspector_resource_types must be a non-empty list of EC2, ECR, LAMBDA, LAMBDA_CODE."
  }

  validation {
    condition     = !contains(var.inspector_resource_types, "LAMBDA_CODE") || contains(var.inspector_resource_types, "LAMBDA")
    error_message = "inspector_resource_types: LAMBDA_CODE requires LAMBDA (Inspector scans Lambda code only with Lambda standard scanning on)."
  }
}

variable "enable_access_analyzer" {
  description = "Create an IAM Access Analyzer for this account and region (findings for resources shared outside the account)."
  type        = bool
  default     = true
}

# --- Alerting ----------------------------------------------------------------------------------

variable "alert_severity" {
  description = "Lowest severity routed to the topics and the forwarder: HIGH (default; HIGH and CRITICAL), CRITICAL, or MEDIUM."
  type        = string
  default     = "HIGH"

  validation {
    condition     = contains(["MEDIUM", "HIGH", "CRITICAL"], var.alert_severity)
    error_message = "alert_severity must be one of MEDIUM, HIGH, CRITICAL."
  }
}

variable "enable_findings_forwarder" {
  description = "Deploy the findings forwarder Lambda (lambda_src/findings_forwarder): de-duplicated, PHI-free alerts on the alerts topic. Off: only the identifiers-only findings topic receives findings."
  type        = bool
  default     = true
}

variable "forwarder_package_path" {
  description = "Path of the forwarder's deployment zip built by `python -m tfharness build-lambdas` (`build/lambda/findings_forwarder.zip`). Required when enable_findings_forwarder is true; must exist at plan time."
  type        = string
  default     = null

  validation {
    condition     = endswith(coalesce(var.forwarder_package_path, "unset.zip"), ".zip")
    error_message = "forwarder_package_path must be the path of a .zip file (build it with `python -m tfharness build-lambdas`)."
  }

  validation {
    condition     = !var.enable_findings_forwarder || var.forwarder_package_path != null
    error_message = "forwarder_package_path is required when enable_findings_forwarder is true (build/lambda/findings_forwarder.zip from `python -m tfharness build-lambdas`)."
  }
}

variable "forwarder_vpc_config" {
  description = "VPC placement of the forwarder (subnets and security groups). Null (default): outside a VPC; it calls only the SNS and DynamoDB APIs and receives no network traffic. In a VPC the subnets need endpoints (or NAT) for SNS and DynamoDB."
  type = object({
    subnet_ids         = list(string)
    security_group_ids = list(string)
  })
  default = null

  validation {
    condition     = var.forwarder_vpc_config == null ? true : length(var.forwarder_vpc_config.subnet_ids) >= 1 && alltrue([for s in var.forwarder_vpc_config.subnet_ids : can(regex("^subnet-[0-9a-f]+$", s))]) && length(var.forwarder_vpc_config.security_group_ids) >= 1 && alltrue([for g in var.forwarder_vpc_config.security_group_ids : can(regex("^sg-[0-9a-f]+$", g))])
    error_message = "forwarder_vpc_config must list at least one subnet id (subnet-...) and at least one security group id (sg-...)."
  }
}

variable "forwarder_dead_letter" {
  description = "Keep forwarder invocations that fail every asynchronous retry in the module's dead-letter queue (default). Switch off only where a function's DeadLetterConfig cannot be stored (an emulator)."
  type        = bool
  default     = true
}

variable "forwarder_log_format" {
  description = "Log format of the forwarder: `JSON` (default; structured, with levels) or `Text` (for emulators without Lambda logging_config). Both go to the function's KMS-encrypted log group."
  type        = string
  default     = "JSON"

  validation {
    condition     = contains(["JSON", "Text"], var.forwarder_log_format)
    error_message = "forwarder_log_format must be \"JSON\" or \"Text\"."
  }
}

variable "dedup_ttl_hours" {
  description = "How long the forwarder remembers an alerted finding (it re-alerts a finding that is still active after this, or at once if its severity rises)."
  type        = number
  default     = 168

  validation {
    condition     = var.dedup_ttl_hours >= 1 && var.dedup_ttl_hours <= 8760 && floor(var.dedup_ttl_hours) == var.dedup_ttl_hours
    error_message = "dedup_ttl_hours must be a whole number of hours between 1 and 8760."
  }
}

variable "tags" {
  description = "Tags for every resource (provider default_tags are added on top)."
  type        = map(string)
  default     = {}
}
