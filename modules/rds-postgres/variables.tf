variable "identifier" {
  description = "DB instance identifier; also names the subnet group, parameter group, log groups and monitoring role. 1-50 lowercase letters, digits and hyphens, starting with a letter (room for the `-replica` suffix)."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,49}$", var.identifier)) && !endswith(var.identifier, "-") && !strcontains(var.identifier, "--")
    error_message = "identifier must be 1-50 lowercase letters, digits and hyphens, start with a letter, and not end with a hyphen or contain two consecutive hyphens."
  }
}

variable "engine_version" {
  description = "PostgreSQL version: a major (`17`, minor versions then follow `auto_minor_version_upgrade`) or `major.minor`. 15 or later (SCRAM and TLS defaults the platform relies on)."
  type        = string
  default     = "17"

  validation {
    condition     = can(regex("^[0-9]{2}(\\.[0-9]+)?$", var.engine_version)) && try(tonumber(split(".", var.engine_version)[0]) >= 15, false)
    error_message = "engine_version must be a PostgreSQL major (e.g. \"17\") or major.minor (e.g. \"17.4\"), 15 or later."
  }
}

variable "instance_class" {
  description = "DB instance class, e.g. `db.m7g.large`."
  type        = string
  default     = "db.m7g.large"

  validation {
    condition     = can(regex("^db\\.[a-z0-9]+\\.[a-z0-9]+$", var.instance_class))
    error_message = "instance_class must look like db.<family>.<size>, e.g. db.m7g.large."
  }
}

variable "allocated_storage" {
  description = "Initial gp3 storage in GiB (20-65536)."
  type        = number
  default     = 50

  validation {
    condition     = var.allocated_storage >= 20 && var.allocated_storage <= 65536 && floor(var.allocated_storage) == var.allocated_storage
    error_message = "allocated_storage must be a whole number of GiB between 20 and 65536."
  }
}

variable "max_allocated_storage" {
  description = "Upper bound for storage autoscaling in GiB; must be larger than allocated_storage (autoscaling is always on)."
  type        = number
  default     = 500

  validation {
    condition     = var.max_allocated_storage <= 65536 && floor(var.max_allocated_storage) == var.max_allocated_storage
    error_message = "max_allocated_storage must be a whole number of GiB of at most 65536."
  }

  validation {
    condition     = var.max_allocated_storage > var.allocated_storage
    error_message = "max_allocated_storage must be larger than allocated_storage: storage autoscaling stays on."
  }
}

variable "storage_encrypted" {
  description = "Encrypt storage, snapshots, backups and replicas with `kms_key_arn`. Always true: the input exists so that a caller who tries to turn encryption off gets a clear error."
  type        = bool
  default     = true

  validation {
    condition     = var.storage_encrypted
    error_message = "storage_encrypted must be true: PHI at rest is always encrypted with a customer-managed key."
  }
}

variable "kms_key_arn" {
  description = "Customer-managed KMS key ARN for storage, Performance Insights, the RDS-managed master secret and the log groups. Its policy must allow use through `rds.<region>.amazonaws.com` and `secretsmanager.<region>.amazonaws.com`, and by `logs.<region>.amazonaws.com`."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[a-zA-Z0-9-]+$", var.kms_key_arn))
    error_message = "kms_key_arn must be a customer-managed KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>); aliases and AWS managed keys are not accepted."
  }
}

variable "subnet_ids" {
  description = "Data-tier subnet ids (at least two, in different AZs) for the DB subnet group. Each must be private: the module reads every subnet and rejects one that maps public IPs on launch, is tagged as another tier (`Tier` other than `data`), or whose route table routes to an internet gateway."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 2 && alltrue([for s in var.subnet_ids : can(regex("^subnet-[0-9a-f]+$", s))])
    error_message = "subnet_ids must list at least two subnet ids (subnet-...) in different AZs so Multi-AZ can fail over."
  }
}

variable "verify_subnet_tier" {
  description = "Read every subnet of `subnet_ids` and refuse (plan or apply fails) any that assigns public IPs, is tagged as another tier than data, or routes to an internet gateway. On by default. Turn off only where the subnets cannot be read yet: a Terragrunt plan against the mock subnet IDs of an unapplied vpc unit (live/ does so only while the IDs carry the mock marker, which no apply accepts)."
  type        = bool
  default     = true
}

variable "vpc_security_group_ids" {
  description = "Security groups of the instance (and replica). They should allow 5432 only from the application, proxy and rotation security groups."
  type        = list(string)

  validation {
    condition     = length(var.vpc_security_group_ids) >= 1 && alltrue([for s in var.vpc_security_group_ids : can(regex("^sg-[0-9a-f]+$", s))])
    error_message = "vpc_security_group_ids must list at least one security group id (sg-...)."
  }
}

variable "port" {
  description = "PostgreSQL port."
  type        = number
  default     = 5432

  validation {
    condition     = var.port >= 1150 && var.port <= 65535 && floor(var.port) == var.port
    error_message = "port must be a whole number between 1150 and 65535 (the range RDS accepts)."
  }
}

variable "db_name" {
  description = "Name of the initial database."
  type        = string
  default     = "app"

  validation {
    condition     = can(regex("^[a-z][a-z0-9_]{0,62}$", var.db_name))
    error_message = "db_name must be 1-63 lowercase letters, digits and underscores, starting with a letter."
  }
}

variable "master_username" {
  description = "Master user name. Its password is generated and kept by RDS in Secrets Manager (never in Terraform state)."
  type        = string
  default     = "phi_admin"

  validation {
    condition     = can(regex("^[a-z][a-z0-9_]{0,62}$", var.master_username)) && !contains(["postgres", "admin", "rdsadmin", "root"], var.master_username)
    error_message = "master_username must be 1-63 lowercase letters, digits and underscores, start with a letter, and not be a reserved or well-known name (postgres, admin, rdsadmin, root)."
  }
}

variable "multi_az" {
  description = "Run a synchronous standby in another AZ. On by default; turn off only for non-production environments."
  type        = bool
  nullable    = false
  default     = true
}

variable "backup_retention_period" {
  description = "Days of automated backups (point-in-time recovery window), 7-35."
  type        = number
  default     = 35

  validation {
    condition     = var.backup_retention_period >= 7 && var.backup_retention_period <= 35 && floor(var.backup_retention_period) == var.backup_retention_period
    error_message = "backup_retention_period must be a whole number of days between 7 and 35: PHI databases keep at least a week of point-in-time recovery."
  }
}

variable "backup_window" {
  description = "Daily UTC backup window, hh24:mi-hh24:mi (must not overlap the maintenance window)."
  type        = string
  default     = "03:00-04:00"

  validation {
    condition     = can(regex("^([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-3]):[0-5][0-9]$", var.backup_window))
    error_message = "backup_window must be hh24:mi-hh24:mi in UTC, e.g. 03:00-04:00."
  }
}

variable "maintenance_window" {
  description = "Weekly UTC maintenance window, ddd:hh24:mi-ddd:hh24:mi."
  type        = string
  default     = "sun:05:00-sun:06:00"

  validation {
    condition     = can(regex("^(mon|tue|wed|thu|fri|sat|sun):([01][0-9]|2[0-3]):[0-5][0-9]-(mon|tue|wed|thu|fri|sat|sun):([01][0-9]|2[0-3]):[0-5][0-9]$", var.maintenance_window))
    error_message = "maintenance_window must be ddd:hh24:mi-ddd:hh24:mi in UTC, e.g. sun:05:00-sun:06:00."
  }
}

variable "deletion_protection" {
  description = "Refuse DeleteDBInstance until this is turned off. On by default; a destroy must first apply `false` (a deliberate, reviewed step)."
  type        = bool
  nullable    = false
  default     = true
}

variable "apply_immediately" {
  description = "Apply modifications at once instead of in the next maintenance window."
  type        = bool
  default     = false
}

variable "performance_insights_enabled" {
  description = "Performance Insights, encrypted with `kms_key_arn`. On by default."
  type        = bool
  nullable    = false
  default     = true
}

variable "performance_insights_retention_period" {
  description = "Days of Performance Insights data: 7 (free tier), 731, or a multiple of 31 in between."
  type        = number
  default     = 7

  validation {
    condition     = var.performance_insights_retention_period == 7 || var.performance_insights_retention_period == 731 || (var.performance_insights_retention_period % 31 == 0 && var.performance_insights_retention_period >= 31 && var.performance_insights_retention_period <= 713)
    error_message = "performance_insights_retention_period must be 7, 731, or a multiple of 31 between 31 and 713."
  }
}

variable "monitoring_interval" {
  description = "Enhanced monitoring interval in seconds (1, 5, 10, 15, 30 or 60). The module creates the monitoring role."
  type        = number
  default     = 60

  validation {
    condition     = contains([1, 5, 10, 15, 30, 60], var.monitoring_interval)
    error_message = "monitoring_interval must be one of 1, 5, 10, 15, 30 or 60 seconds: enhanced monitoring stays on."
  }
}

variable "log_retention_days" {
  description = "Retention of the exported PostgreSQL and upgrade logs (CloudWatch Logs), at least 365 days."
  type        = number
  default     = 365

  validation {
    condition     = contains([365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a CloudWatch Logs retention of at least 365 days (365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653)."
  }
}

variable "log_min_duration_statement_ms" {
  description = "Log statements that run longer than this many milliseconds (slow-statement logging). Statement text can contain PHI: the log groups are KMS-encrypted."
  type        = number
  default     = 1000

  validation {
    condition     = var.log_min_duration_statement_ms >= 0 && var.log_min_duration_statement_ms <= 2147483647 && floor(var.log_min_duration_statement_ms) == var.log_min_duration_statement_ms
    error_message = "log_min_duration_statement_ms must be a whole number of milliseconds >= 0 (slow-statement logging cannot be switched off with -1)."
  }
}

variable "pgaudit_log" {
  description = "pgaudit statement classes to log (`pgaudit.log`). The default records DDL and role/privilege changes, which never carry row data."
  type        = list(string)
  default     = ["ddl", "role"]

  validation {
    condition     = length(var.pgaudit_log) > 0 && alltrue([for c in var.pgaudit_log : contains(["read", "write", "function", "role", "ddl", "misc", "misc_set", "all"], c)])
    error_message = "pgaudit_log must list at least one of read, write, function, role, ddl, misc, misc_set, all."
  }
}

variable "ca_cert_identifier" {
  description = "Certificate authority of the server certificate. Clients verify the server against this CA's bundle."
  type        = string
  default     = "rds-ca-rsa2048-g1"

  validation {
    condition     = contains(["rds-ca-rsa2048-g1", "rds-ca-rsa4096-g1", "rds-ca-ecc384-g1"], var.ca_cert_identifier)
    error_message = "ca_cert_identifier must be a current RDS CA: rds-ca-rsa2048-g1, rds-ca-rsa4096-g1 or rds-ca-ecc384-g1 (rds-ca-2019 expired in 2024)."
  }
}

variable "iam_database_authentication_enabled" {
  description = "Allow IAM database authentication (tokens instead of passwords) for users granted `rds_iam`. On by default."
  type        = bool
  nullable    = false
  default     = true
}

variable "extra_parameters" {
  description = "More parameter group settings. `apply_method` must be `pending-reboot` for static parameters (as RDS requires). The parameters this module enforces (TLS, logging, pgaudit, SCRAM) cannot be overridden here."
  type = list(object({
    name         = string
    value        = string
    apply_method = optional(string, "immediate")
  }))
  default = []

  validation {
    condition     = alltrue([for p in var.extra_parameters : contains(["immediate", "pending-reboot"], p.apply_method)])
    error_message = "extra_parameters[*].apply_method must be \"immediate\" or \"pending-reboot\"."
  }

  validation {
    condition = length(setintersection(toset([for p in var.extra_parameters : lower(p.name)]), toset([
      "rds.force_ssl", "ssl_min_protocol_version", "password_encryption", "log_connections", "log_disconnections",
      "log_min_duration_statement", "shared_preload_libraries", "pgaudit.log", "pgaudit.role", "pgaudit.log_parameter", "log_statement",
    ]))) == 0
    error_message = "extra_parameters must not set a parameter the module enforces (rds.force_ssl, ssl_min_protocol_version, password_encryption, log_connections, log_disconnections, log_min_duration_statement, shared_preload_libraries, pgaudit.*, log_statement)."
  }
}

variable "read_replica" {
  description = "An optional in-region read replica (same key, parameter group, Multi-AZ setting, monitoring and logging as the primary). Null: no replica."
  type = object({
    instance_class = optional(string)
  })
  default = null

  validation {
    condition     = var.read_replica == null || try(var.read_replica.instance_class == null || can(regex("^db\\.[a-z0-9]+\\.[a-z0-9]+$", var.read_replica.instance_class)), false)
    error_message = "read_replica.instance_class must look like db.<family>.<size> (or be omitted to use instance_class)."
  }
}

variable "tags" {
  description = "Tags for every resource (provider default_tags are added on top); copied to snapshots."
  type        = map(string)
  default     = {}
}
