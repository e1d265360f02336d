variable "name" {
  description = "Replication group id; also names the subnet group, secret and log groups. 1-40 lowercase letters, digits and hyphens, starting with a letter."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,39}$", var.name)) && !endswith(var.name, "-") && !strcontains(var.name, "--")
    error_message = "name must be 1-40 lowercase letters, digits and hyphens, start with a letter, and not end with a hyphen or contain two consecutive hyphens."
  }
}

variable "engine_version" {
  description = "Redis OSS engine version (major.minor), 7.0 or later."
  type        = string
  default     = "7.1"

  validation {
    condition     = can(regex("^[0-9]+\\.[0-9]+$", var.engine_version)) && try(tonumber(split(".", var.engine_version)[0]) >= 7, false)
    error_message = "engine_version must be major.minor, 7.0 or later (e.g. \"7.1\")."
  }
}

variable "parameter_group_name" {
  description = "Cache parameter group (the family must match engine_version)."
  type        = string
  default     = "default.redis7"

  validation {
    condition     = can(regex("^[a-zA-Z][a-zA-Z0-9.-]{0,254}$", var.parameter_group_name))
    error_message = "parameter_group_name must be a cache parameter group name (letters, digits, dots and hyphens, starting with a letter)."
  }
}

variable "node_type" {
  description = "Cache node type, e.g. `cache.m7g.large`."
  type        = string
  default     = "cache.m7g.large"

  validation {
    condition     = can(regex("^cache\\.[a-z0-9]+\\.[a-z0-9]+$", var.node_type))
    error_message = "node_type must look like cache.<family>.<size>, e.g. cache.m7g.large."
  }
}

variable "num_cache_clusters" {
  description = "Nodes in the replication group (one primary, the rest replicas in other AZs), 2-6: automatic failover needs a replica."
  type        = number
  default     = 2

  validation {
    condition     = var.num_cache_clusters >= 2 && var.num_cache_clusters <= 6 && floor(var.num_cache_clusters) == var.num_cache_clusters
    error_message = "num_cache_clusters must be a whole number between 2 and 6: automatic failover across AZs needs at least one replica."
  }
}

variable "port" {
  description = "Redis port."
  type        = number
  default     = 6379

  validation {
    condition     = var.port >= 1024 && var.port <= 65535 && floor(var.port) == var.port
    error_message = "port must be a whole number between 1024 and 65535."
  }
}

variable "subnet_ids" {
  description = "Data-tier subnet ids (at least two, in different AZs) for the cache subnet group. Each must be private: the module reads every subnet and rejects one that maps public IPs on launch, is tagged as another tier (`Tier` other than `data`), or whose route table routes to an internet gateway."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 2 && alltrue([for s in var.subnet_ids : can(regex("^subnet-[0-9a-f]+$", s))])
    error_message = "subnet_ids must list at least two subnet ids (subnet-...) in different AZs so the group can fail over."
  }
}

variable "verify_subnet_tier" {
  description = "Read every subnet of `subnet_ids` and refuse (plan or apply fails) any that assigns public IPs, is tagged as another tier than data, or routes to an internet gateway. On by default. Turn off only where the subnets cannot be read yet: a Terragrunt plan against the mock subnet IDs of an unapplied vpc unit (live/ does so only while the IDs carry the mock marker, which no apply accepts)."
  type        = bool
  default     = true
}

variable "security_group_ids" {
  description = "Security groups of the nodes: ingress on the Redis port only from the application security groups."
  type        = list(string)

  validation {
    condition     = length(var.security_group_ids) >= 1 && alltrue([for s in var.security_group_ids : can(regex("^sg-[0-9a-f]+$", s))])
    error_message = "security_group_ids must list at least one security group id (sg-...)."
  }
}

variable "kms_key_arn" {
  description = "Customer-managed KMS key ARN for data at rest, snapshots, the AUTH token secret and the log groups. Its policy must allow use through `elasticache.<region>.amazonaws.com` and `secretsmanager.<region>.amazonaws.com`, and by `logs.<region>.amazonaws.com`."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[a-zA-Z0-9-]+$", var.kms_key_arn))
    error_message = "kms_key_arn must be a customer-managed KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>); aliases and AWS managed keys are not accepted."
  }
}

variable "at_rest_encryption_enabled" {
  description = "Encrypt data at rest and snapshots with `kms_key_arn`. Always true: the input exists so that a caller who tries to turn it off gets a clear error."
  type        = bool
  default     = true

  validation {
    condition     = var.at_rest_encryption_enabled
    error_message = "at_rest_encryption_enabled must be true: cached PHI is always encrypted at rest with a customer-managed key."
  }
}

variable "transit_encryption_enabled" {
  description = "TLS between clients and nodes (mode `required`). Always true: the input exists so that a caller who tries to turn it off gets a clear error."
  type        = bool
  default     = true

  validation {
    condition     = var.transit_encryption_enabled
    error_message = "transit_encryption_enabled must be true: Redis AUTH and cached PHI never cross the network in plaintext."
  }
}

variable "snapshot_retention_limit" {
  description = "Days of automatic snapshots kept (1-35)."
  type        = number
  default     = 14

  validation {
    condition     = var.snapshot_retention_limit >= 1 && var.snapshot_retention_limit <= 35 && floor(var.snapshot_retention_limit) == var.snapshot_retention_limit
    error_message = "snapshot_retention_limit must be a whole number of days between 1 and 35: snapshots are always kept."
  }
}

variable "snapshot_window" {
  description = "Daily UTC snapshot window, hh24:mi-hh24:mi."
  type        = string
  default     = "03:00-05:00"

  validation {
    condition     = can(regex("^([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-3]):[0-5][0-9]$", var.snapshot_window))
    error_message = "snapshot_window must be hh24:mi-hh24:mi in UTC, e.g. 03:00-05:00."
  }
}

variable "maintenance_window" {
  description = "Weekly UTC maintenance window, ddd:hh24:mi-ddd:hh24:mi."
  type        = string
  default     = "sun:06:00-sun:07:00"

  validation {
    condition     = can(regex("^(mon|tue|wed|thu|fri|sat|sun):([01][0-9]|2[0-3]):[0-5][0-9]-(mon|tue|wed|thu|fri|sat|sun):([01][0-9]|2[0-3]):[0-5][0-9]$", var.maintenance_window))
    error_message = "maintenance_window must be ddd:hh24:mi-ddd:hh24:mi in UTC, e.g. sun:06:00-sun:07:00."
  }
}

variable "log_retention_days" {
  description = "Retention of the slow-log and engine-log groups, at least 365 days."
  type        = number
  default     = 365

  validation {
    condition     = contains([365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a CloudWatch Logs retention of at least 365 days (365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653)."
  }
}

variable "apply_immediately" {
  description = "Apply modifications at once instead of in the next maintenance window."
  type        = bool
  default     = false
}

variable "create_replication_group" {
  description = "Create the replication group and its subnet group. Turn off only where ElastiCache cannot run (the embedded AWS): the secret, key use and log groups are still created."
  type        = bool
  nullable    = false
  default     = true
}

variable "tags" {
  description = "Tags for every resource (provider default_tags are added on top)."
  type        = map(string)
  default     = {}
}
