variable "name" {
  description = "Proxy name; also names its role and log group. 1-60 lowercase letters, digits and hyphens, starting with a letter."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,59}$", var.name)) && !endswith(var.name, "-") && !strcontains(var.name, "--")
    error_message = "name must be 1-60 lowercase letters, digits and hyphens, start with a letter, and not end with a hyphen or contain two consecutive hyphens."
  }
}

variable "db_instance_identifier" {
  description = "Identifier of the RDS for PostgreSQL instance (the writer) behind the proxy."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,62}$", var.db_instance_identifier))
    error_message = "db_instance_identifier must be an RDS DB instance identifier (lowercase letters, digits and hyphens, starting with a letter)."
  }
}

variable "subnet_ids" {
  description = "Private subnets (at least two, in different AZs) for the proxy's network interfaces; usually the data subnets."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 2 && alltrue([for s in var.subnet_ids : can(regex("^subnet-[0-9a-f]+$", s))])
    error_message = "subnet_ids must list at least two subnet ids (subnet-...) in different AZs."
  }
}

variable "vpc_security_group_ids" {
  description = "Security groups of the proxy: ingress 5432 from the applications (and the rotation function), egress 5432 to the database."
  type        = list(string)

  validation {
    condition     = length(var.vpc_security_group_ids) >= 1 && alltrue([for s in var.vpc_security_group_ids : can(regex("^sg-[0-9a-f]+$", s))])
    error_message = "vpc_security_group_ids must list at least one security group id (sg-...)."
  }
}

variable "password_auth_secret_arns" {
  description = "Secrets Manager secrets (`{\"username\", \"password\"}`) of database users whose clients log in to the proxy with that password (SCRAM-SHA-256). With the rotation module, these are its two proxy auth secrets per application user."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for a in var.password_auth_secret_arns : can(regex("^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:.+$", a))])
    error_message = "password_auth_secret_arns must be Secrets Manager secret ARNs (arn:aws:secretsmanager:<region>:<account>:secret:<name>); wildcards are not allowed."
  }
}

variable "iam_auth_secret_arns" {
  description = "Secrets Manager secrets of database users whose clients must log in to the proxy with IAM authentication tokens (`rds-db:connect`); the proxy uses the secret only for its own connections to the database."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for a in var.iam_auth_secret_arns : can(regex("^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:.+$", a))])
    error_message = "iam_auth_secret_arns must be Secrets Manager secret ARNs (arn:aws:secretsmanager:<region>:<account>:secret:<name>); wildcards are not allowed."
  }

  validation {
    condition     = length(var.iam_auth_secret_arns) + length(var.password_auth_secret_arns) > 0
    error_message = "iam_auth_secret_arns and password_auth_secret_arns must name at least one secret between them: the proxy authenticates every user with a Secrets Manager secret."
  }

  validation {
    condition     = length(setintersection(toset(var.iam_auth_secret_arns), toset(var.password_auth_secret_arns))) == 0
    error_message = "iam_auth_secret_arns and password_auth_secret_arns must not share a secret: a user logs in either with IAM or with a password."
  }
}

variable "secret_kms_key_arns" {
  description = "Customer-managed keys that encrypt the listed secrets. The proxy role may decrypt with them only through Secrets Manager (kms:ViaService)."
  type        = list(string)

  validation {
    condition     = length(var.secret_kms_key_arns) >= 1 && alltrue([for a in var.secret_kms_key_arns : can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[a-zA-Z0-9-]+$", a))])
    error_message = "secret_kms_key_arns must list at least one KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>); wildcards and aliases are not allowed."
  }
}

variable "require_tls" {
  description = "Require TLS between clients and the proxy. Always true: the input exists so that a caller who tries to turn it off gets a clear error."
  type        = bool
  default     = true

  validation {
    condition     = var.require_tls
    error_message = "require_tls must be true: connections carrying PHI are always encrypted in transit."
  }
}

variable "idle_client_timeout" {
  description = "Seconds a client connection may stay idle before the proxy closes it (1-28800)."
  type        = number
  default     = 1800

  validation {
    condition     = var.idle_client_timeout >= 1 && var.idle_client_timeout <= 28800 && floor(var.idle_client_timeout) == var.idle_client_timeout
    error_message = "idle_client_timeout must be a whole number of seconds between 1 and 28800."
  }
}

variable "max_connections_percent" {
  description = "Connection pool: the most connections the proxy opens, as a percentage of the database's max_connections (1-100)."
  type        = number
  default     = 90

  validation {
    condition     = var.max_connections_percent >= 1 && var.max_connections_percent <= 100 && floor(var.max_connections_percent) == var.max_connections_percent
    error_message = "max_connections_percent must be a whole number between 1 and 100."
  }
}

variable "max_idle_connections_percent" {
  description = "Connection pool: idle connections the proxy keeps, as a percentage of max_connections (0 up to max_connections_percent)."
  type        = number
  default     = 50

  validation {
    condition     = var.max_idle_connections_percent >= 0 && floor(var.max_idle_connections_percent) == var.max_idle_connections_percent
    error_message = "max_idle_connections_percent must be a whole number of at least 0."
  }

  validation {
    condition     = var.max_idle_connections_percent <= var.max_connections_percent
    error_message = "max_idle_connections_percent must not exceed max_connections_percent."
  }
}

variable "connection_borrow_timeout" {
  description = "Connection pool: seconds a client waits for a free database connection before an error (0-3600)."
  type        = number
  default     = 120

  validation {
    condition     = var.connection_borrow_timeout >= 0 && var.connection_borrow_timeout <= 3600 && floor(var.connection_borrow_timeout) == var.connection_borrow_timeout
    error_message = "connection_borrow_timeout must be a whole number of seconds between 0 and 3600."
  }
}

variable "session_pinning_filters" {
  description = "Connection pool: SQL operations that do not pin a client to a database connection (`EXCLUDE_VARIABLE_SETS`)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for f in var.session_pinning_filters : f == "EXCLUDE_VARIABLE_SETS"])
    error_message = "session_pinning_filters may only contain EXCLUDE_VARIABLE_SETS."
  }
}

variable "read_only_endpoint" {
  description = "Add a READ_ONLY proxy endpoint that routes to the read replica. Set it when the database has a replica."
  type        = bool
  default     = false
}

variable "log_kms_key_arn" {
  description = "Customer-managed KMS key ARN for the proxy's CloudWatch log group (its policy must allow `logs.<region>.amazonaws.com`)."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[a-zA-Z0-9-]+$", var.log_kms_key_arn))
    error_message = "log_kms_key_arn must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)."
  }
}

variable "log_retention_days" {
  description = "Retention of the proxy's log group, at least 365 days."
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
