variable "name" {
  description = "Name prefix of the secrets (`<name>/<user>`), the function, its role, queue, topic and alarms. 1-40 lowercase letters, digits and hyphens, starting with a letter."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,39}$", var.name)) && !endswith(var.name, "-") && !strcontains(var.name, "--")
    error_message = "name must be 1-40 lowercase letters, digits and hyphens, start with a letter, and not end with a hyphen or contain two consecutive hyphens."
  }
}

variable "app_users" {
  description = "Application database users, one secret each, rotated with the alternating-users strategy (`<user>` / `<user>_clone`). Each user must already exist in the database with the secret's initial password before the first rotation (see README)."
  type        = list(string)

  validation {
    condition     = length(var.app_users) >= 1 && length(distinct(var.app_users)) == length(var.app_users)
    error_message = "app_users must list at least one user, without duplicates."
  }

  validation {
    condition     = alltrue([for u in var.app_users : can(regex("^[a-z][a-z0-9_]{0,56}$", u)) && !endswith(u, "_clone")])
    error_message = "app_users must be 1-57 lowercase letters, digits and underscores, start with a letter, and not end in _clone (room for the _clone suffix within PostgreSQL's 63-byte names)."
  }
}

variable "database" {
  description = "What the rotation connects to: engine, the DB instance (writer) endpoint `host` and `port`, `dbname`, and `master_secret_arn` (the RDS-managed master secret)."
  type = object({
    engine            = optional(string, "postgres")
    host              = string
    port              = optional(number, 5432)
    dbname            = string
    master_secret_arn = string
  })

  validation {
    condition     = contains(["postgres", "aurora-postgresql"], var.database.engine)
    error_message = "database.engine must be \"postgres\" or \"aurora-postgresql\" (the rotation function speaks PostgreSQL only)."
  }

  validation {
    condition     = can(regex("^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$", var.database.host))
    error_message = "database.host must be a bare DNS name or IPv4 address of the writer endpoint (no scheme, port or path)."
  }

  validation {
    condition     = var.database.port >= 1 && var.database.port <= 65535 && floor(var.database.port) == var.database.port
    error_message = "database.port must be a whole number between 1 and 65535."
  }

  validation {
    condition     = can(regex("^[a-z][a-z0-9_]{0,62}$", var.database.dbname))
    error_message = "database.dbname must be 1-63 lowercase letters, digits and underscores, starting with a letter."
  }

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:.+$", var.database.master_secret_arn))
    error_message = "database.master_secret_arn must be a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>)."
  }
}

variable "require_tls" {
  description = "Write `\"ssl\": true` into every secret, so the rotation (and applications) connect with TLS only. Always true: the input exists so that a caller who tries to store a secret without TLS gets a clear error."
  type        = bool
  default     = true

  validation {
    condition     = var.require_tls
    error_message = "require_tls must be true: the rotation function refuses secrets without \"ssl\": true, and PHI databases accept TLS connections only."
  }
}

variable "rds_proxy" {
  description = "An RDS Proxy in front of the database, built here with modules/rds-proxy (TLS required, SCRAM logins): the module then creates two proxy auth secrets per user (`<name>/proxy/<user>` and `…_clone`, kept in sync by the rotation), registers them with the proxy, writes `proxy_host`, `proxy_port` and `proxy_secrets` into each application secret, and testSecret checks the proxy accepts new credentials. Built here because the proxy needs these secrets and the secrets need the proxy's endpoint. `db_instance_identifier` is the writer; `subnet_ids` (at least two AZs, usually the data subnets) and `security_group_id` place the proxy; `name` defaults to `<name>-proxy`; `read_only_endpoint` adds a READ_ONLY endpoint (needs a read replica). Null (default): no proxy."
  type = object({
    db_instance_identifier       = string
    subnet_ids                   = list(string)
    security_group_id            = string
    name                         = optional(string)
    read_only_endpoint           = optional(bool, false)
    idle_client_timeout          = optional(number, 1800)
    max_connections_percent      = optional(number, 90)
    max_idle_connections_percent = optional(number, 50)
    connection_borrow_timeout    = optional(number, 120)
  })
  default = null

  validation {
    condition     = var.rds_proxy == null || try(can(regex("^sg-[0-9a-f]+$", var.rds_proxy.security_group_id)), false)
    error_message = "rds_proxy.security_group_id must be a security group id (sg-...)."
  }

  validation {
    condition     = var.rds_proxy == null || try(length(var.rds_proxy.subnet_ids) >= 2, false)
    error_message = "rds_proxy.subnet_ids must list at least two subnets in different AZs: RDS Proxy needs two."
  }
}

variable "rotation_days" {
  description = "Rotate every this many days (1-90)."
  type        = number
  default     = 30

  validation {
    condition     = var.rotation_days >= 1 && var.rotation_days <= 90 && floor(var.rotation_days) == var.rotation_days
    error_message = "rotation_days must be a whole number of days between 1 and 90: application credentials to PHI are rotated at least every 90 days."
  }
}

variable "rotate_immediately" {
  description = "Rotate as soon as rotation is configured. Off by default: the first rotation needs the user to exist with the initial password."
  type        = bool
  default     = false
}

variable "kms_key_arn" {
  description = "Customer-managed KMS key ARN for the secrets, the function's environment, its log group, the DLQ and the alarm topic. Its policy must allow use through `secretsmanager`, `lambda`, `sqs` and `sns`, and by `logs.<region>.amazonaws.com`, `cloudwatch.amazonaws.com` and `events.amazonaws.com` (alarm delivery)."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[a-zA-Z0-9-]+$", var.kms_key_arn))
    error_message = "kms_key_arn must be a customer-managed KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)."
  }
}

variable "master_secret_kms_key_arn" {
  description = "Key that encrypts the master secret (the DB module's `kms_key_arn`); null when it is `kms_key_arn`."
  type        = string
  default     = null

  validation {
    condition     = var.master_secret_kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[a-zA-Z0-9-]+$", var.master_secret_kms_key_arn))
    error_message = "master_secret_kms_key_arn must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>) or null."
  }
}

variable "vpc_id" {
  description = "VPC of the database, where the module creates the function's security group. Needed only without `security_group_id`."
  type        = string
  default     = null

  validation {
    condition     = var.vpc_id == null ? var.security_group_id != null : can(regex("^vpc-[0-9a-f]+$", var.vpc_id))
    error_message = "vpc_id must be a VPC id (vpc-...); it may be null only with security_group_id (the module then creates no group)."
  }
}

variable "subnet_ids" {
  description = "Private subnets (data or intra tier, at least two AZs) for the function's network interfaces."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 2 && alltrue([for s in var.subnet_ids : can(regex("^subnet-[0-9a-f]+$", s))])
    error_message = "subnet_ids must list at least two subnet ids (subnet-...)."
  }
}

variable "security_group_id" {
  description = "Existing security group for the function, e.g. the `rotation` group of modules/security-groups, whose rules already reach the database, the proxy and the VPC endpoints. The module then creates no group or rules of its own. Null (default): the module creates a group whose only egress is the database (and proxy) port to `database_security_group_id` and 443 to `endpoint_security_group_ids`."
  type        = string
  default     = null

  validation {
    condition     = var.security_group_id == null || can(regex("^sg-[0-9a-f]+$", var.security_group_id))
    error_message = "security_group_id must be a security group id (sg-...) or null."
  }
}

variable "database_security_group_id" {
  description = "Security group of the DB instance: the only database egress of the module's own group goes there (on `database.port`). Add the matching ingress rule from `function_security_group_id` to it. Needed only without `security_group_id`."
  type        = string
  default     = null

  validation {
    condition     = var.database_security_group_id == null ? var.security_group_id != null : can(regex("^sg-[0-9a-f]+$", var.database_security_group_id))
    error_message = "database_security_group_id must be a security group id (sg-...); it may be null only with security_group_id, an existing group that already reaches the database."
  }
}

variable "endpoint_security_group_ids" {
  description = "Security groups of the interface VPC endpoints the function uses (Secrets Manager, KMS, logs): the only HTTPS egress of the module's own group goes there. Needed only without `security_group_id`."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = (var.security_group_id != null || length(var.endpoint_security_group_ids) >= 1) && alltrue([for s in var.endpoint_security_group_ids : can(regex("^sg-[0-9a-f]+$", s))])
    error_message = "endpoint_security_group_ids must list security group ids (sg-...), at least one unless security_group_id is set: the function reaches AWS APIs only through interface endpoints."
  }
}

variable "secrets_manager_endpoint_url" {
  description = "`https://` URL of the Secrets Manager interface VPC endpoint (e.g. `https://secretsmanager.us-east-1.amazonaws.com` with private DNS, or the endpoint's DNS name)."
  type        = string

  validation {
    condition     = can(regex("^https://[A-Za-z0-9.-]+(:[0-9]+)?/?$", var.secrets_manager_endpoint_url))
    error_message = "secrets_manager_endpoint_url must be an https:// URL with a host name and no path: Secrets Manager traffic never leaves TLS."
  }
}

variable "ca_bundle_path" {
  description = "Absolute path, inside the function (its zip or a layer under /opt), of the PEM bundle that signs the database: the RDS regional bundle, plus Amazon Root CA 1-4 when a proxy is used."
  type        = string

  validation {
    condition     = can(regex("^/[A-Za-z0-9._/-]+\\.pem$", var.ca_bundle_path))
    error_message = "ca_bundle_path must be an absolute path to a .pem file, e.g. /opt/rds-ca/us-east-1-bundle.pem."
  }
}

variable "layer_arns" {
  description = "Lambda layers of the function (e.g. the one that ships the CA bundle)."
  type        = list(string)
  default     = []

  validation {
    condition     = length(var.layer_arns) <= 5 && alltrue([for a in var.layer_arns : can(regex("^arn:aws[a-z-]*:lambda:[a-z0-9-]+:[0-9]{12}:layer:[A-Za-z0-9_-]+:[0-9]+$", a))])
    error_message = "layer_arns must be at most five versioned layer ARNs (arn:aws:lambda:<region>:<account>:layer:<name>:<version>)."
  }
}

variable "package_path" {
  description = "Path of the function's zip (`build/lambda/rotation_postgres.zip`, built deterministically by `python -m tfharness lambda-build`)."
  type        = string

  validation {
    condition     = endswith(var.package_path, ".zip")
    error_message = "package_path must be the path of a .zip file."
  }
}

variable "proxy_wait_seconds" {
  description = "How long testSecret waits for the proxy to accept new credentials (`PROXY_WAIT_SECONDS`)."
  type        = number
  default     = 60

  validation {
    condition     = var.proxy_wait_seconds >= 1 && var.proxy_wait_seconds <= 600 && floor(var.proxy_wait_seconds) == var.proxy_wait_seconds
    error_message = "proxy_wait_seconds must be a whole number of seconds between 1 and 600."
  }
}

variable "timeout" {
  description = "Function timeout in seconds. At least proxy_wait_seconds + 30, so a step that waits for the proxy and retries a connection still finishes."
  type        = number
  default     = 120

  validation {
    condition     = var.timeout >= 30 && var.timeout <= 900 && floor(var.timeout) == var.timeout
    error_message = "timeout must be a whole number of seconds between 30 and 900."
  }

  validation {
    condition     = var.timeout >= var.proxy_wait_seconds + 30
    error_message = "timeout must be at least proxy_wait_seconds + 30 seconds: testSecret waits up to proxy_wait_seconds for the proxy, then needs time to retry and report."
  }
}

variable "reserved_concurrent_executions" {
  description = "Concurrency reserved for (and capping) the function, 1-50."
  type        = number
  default     = 5

  validation {
    condition     = var.reserved_concurrent_executions >= 1 && var.reserved_concurrent_executions <= 50 && floor(var.reserved_concurrent_executions) == var.reserved_concurrent_executions
    error_message = "reserved_concurrent_executions must be a whole number between 1 and 50."
  }
}

variable "log_retention_days" {
  description = "Retention of the function's log group, at least 365 days."
  type        = number
  default     = 365

  validation {
    condition     = contains([365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a CloudWatch Logs retention of at least 365 days (365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653)."
  }
}

variable "tags" {
  description = "Tags for every resource (provider default_tags are added on top)."
  type        = map(string)
  default     = {}
}
