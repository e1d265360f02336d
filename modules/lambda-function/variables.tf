# --- The function ---------------------------------------------------------------------------

variable "function_name" {
  description = "Function name; also names the role, the log group (`/aws/lambda/<name>`) and the dead-letter queue (`<name>-dlq`)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,60}$", var.function_name))
    error_message = "function_name must be 1-60 letters, digits, hyphens or underscores (60, not 64, so `<name>-dlq` stays a valid queue name)."
  }
}

variable "description" {
  description = "What the function does (shown in the console and on every published version)."
  type        = string
  default     = ""

  validation {
    condition     = length(var.description) <= 256
    error_message = "description must be at most 256 characters (the Lambda limit)."
  }
}

variable "package_path" {
  description = "Path of the deployment zip, e.g. `build/lambda/<package>.zip` built by `python -m tfharness build-lambdas` (deterministic, so `source_code_hash` only changes with the content). Must exist at plan time."
  type        = string

  validation {
    condition     = endswith(var.package_path, ".zip")
    error_message = "package_path must be the path of a .zip file (build it with `python -m tfharness build-lambdas`)."
  }
}

variable "handler" {
  description = "Handler as `<module path>.<function>`, e.g. `hello_phi.handler.handler` for `lambda_src/hello_phi/handler.py`."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)+$", var.handler))
    error_message = "handler must be a dotted Python path `<module>.<function>` such as `hello_phi.handler.handler`."
  }
}

variable "runtime" {
  description = "Python runtime (python3.10 or later)."
  type        = string
  default     = "python3.12"

  validation {
    condition     = can(regex("^python3\\.1[0-9]$", var.runtime))
    error_message = "runtime must be a Python 3.10+ Lambda runtime such as python3.12 (older runtimes are deprecated and receive no security patches)."
  }
}

variable "architecture" {
  description = "Instruction set: `x86_64` (default; what `build-lambdas` installs wheels for unless the package's build.toml says arm64) or `arm64`."
  type        = string
  default     = "x86_64"

  validation {
    condition     = contains(["x86_64", "arm64"], var.architecture)
    error_message = "architecture must be \"x86_64\" or \"arm64\"."
  }
}

variable "memory_size" {
  description = "Memory in MB (128-10240); CPU scales with it."
  type        = number
  default     = 256

  validation {
    condition     = var.memory_size >= 128 && var.memory_size <= 10240 && floor(var.memory_size) == var.memory_size
    error_message = "memory_size must be a whole number of MB between 128 and 10240."
  }
}

variable "timeout" {
  description = "Timeout in seconds (1-900)."
  type        = number
  default     = 30

  validation {
    condition     = var.timeout >= 1 && var.timeout <= 900 && floor(var.timeout) == var.timeout
    error_message = "timeout must be a whole number of seconds between 1 and 900."
  }
}

variable "environment" {
  description = "Environment variables, encrypted at rest with `kms_key_arn`. Configuration only: secrets belong in Secrets Manager (pass the secret's ARN), because anyone allowed GetFunctionConfiguration reads these values."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for k in keys(var.environment) : can(regex("^[A-Za-z][A-Za-z0-9_]*$", k))])
    error_message = "environment keys must start with a letter and contain only letters, digits and underscores."
  }

  validation {
    condition = length(setintersection(keys(var.environment), [
      "_HANDLER", "_X_AMZN_TRACE_ID", "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_DEFAULT_REGION",
      "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_NAME",
      "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME",
      "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_LAMBDA_RUNTIME_API", "AWS_REGION", "AWS_SECRET_ACCESS_KEY",
      "AWS_SESSION_TOKEN", "LAMBDA_RUNTIME_DIR", "LAMBDA_TASK_ROOT",
    ])) == 0
    error_message = "environment must not set keys reserved by the Lambda runtime (AWS_REGION, AWS_ACCESS_KEY_ID, _HANDLER, LAMBDA_TASK_ROOT, ...)."
  }

  validation {
    condition     = alltrue([for k in keys(var.environment) : !can(regex("(?i)(password|passwd|secret_?key|private_?key|api_?key|auth_?token|access_?token)", k)) || can(regex("(?i)_(arn|id|name)$", k))])
    error_message = "environment must not carry secrets (a key names a password, token or key): store the value in Secrets Manager and pass its ARN in a key ending in _ARN."
  }

  validation {
    condition     = length(jsonencode(var.environment)) <= 4096
    error_message = "environment must stay under the 4 KB Lambda limit for all variables together."
  }
}

variable "kms_key_arn" {
  description = "Customer-managed KMS key for the environment variables, the dead-letter queue and (unless `log_kms_key_arn` is set) the log group. Its policy must let Lambda (kms:ViaService lambda.<region>), SQS and CloudWatch Logs use it."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[a-zA-Z0-9-]+$", var.kms_key_arn))
    error_message = "kms_key_arn must be a customer-managed KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>); AWS-managed keys and aliases are not accepted."
  }
}

variable "log_kms_key_arn" {
  description = "Customer-managed KMS key for the log group, when logs use another key than `kms_key_arn` (null: `kms_key_arn`). Its policy must admit `logs.<region>.amazonaws.com`."
  type        = string
  default     = null

  validation {
    condition     = var.log_kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[a-zA-Z0-9-]+$", var.log_kms_key_arn))
    error_message = "log_kms_key_arn must be null or a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)."
  }
}

# --- Network -------------------------------------------------------------------------------

variable "vpc_config" {
  description = "VPC placement: the subnets (private, no internet route) and security groups of the function's network interfaces. Required: write `vpc_config = null` to run outside a VPC, for a function that reaches nothing but AWS APIs, so the choice is explicit in the caller's code."
  type = object({
    subnet_ids         = list(string)
    security_group_ids = list(string)
  })

  validation {
    condition     = var.vpc_config == null ? true : length(var.vpc_config.subnet_ids) >= 1 && alltrue([for s in var.vpc_config.subnet_ids : can(regex("^subnet-[0-9a-f]+$", s))])
    error_message = "vpc_config.subnet_ids must list at least one subnet id (subnet-...); use two or more in different AZs for availability."
  }

  validation {
    condition     = var.vpc_config == null ? true : length(var.vpc_config.security_group_ids) >= 1 && length(var.vpc_config.security_group_ids) <= 5 && alltrue([for s in var.vpc_config.security_group_ids : can(regex("^sg-[0-9a-f]+$", s))])
    error_message = "vpc_config.security_group_ids must list 1-5 security group ids (sg-...)."
  }
}

# --- Resilience and limits ------------------------------------------------------------------

variable "reserved_concurrent_executions" {
  description = "Concurrency reserved for (and capping) this function, so one function can neither starve the account's pool nor be starved. Null leaves it unreserved and requires `unreserved_concurrency_reason`."
  type        = number
  default     = 10

  validation {
    condition     = var.reserved_concurrent_executions == null ? true : var.reserved_concurrent_executions >= 1 && floor(var.reserved_concurrent_executions) == var.reserved_concurrent_executions
    error_message = "reserved_concurrent_executions must be a whole number >= 1 (0 would stop the function), or null with unreserved_concurrency_reason."
  }

  validation {
    condition     = var.reserved_concurrent_executions != null || try(length(trimspace(var.unreserved_concurrency_reason)) >= 10, false)
    error_message = "reserved_concurrent_executions = null needs unreserved_concurrency_reason, explaining (in 10 characters or more) why the function may scale without a reservation."
  }
}

variable "unreserved_concurrency_reason" {
  description = "Why the function runs without reserved concurrency (required when `reserved_concurrent_executions = null`; recorded in the function's tags)."
  type        = string
  default     = null

  validation {
    condition     = var.unreserved_concurrency_reason == null || try(length(var.unreserved_concurrency_reason) <= 256, false)
    error_message = "unreserved_concurrency_reason must be at most 256 characters (it becomes a tag value)."
  }
}

variable "enable_dead_letter" {
  description = "Send events that fail every asynchronous retry to a dead-letter target (default). Switch off only where the target cannot be configured, e.g. on an emulator that does not store a function's DeadLetterConfig."
  type        = bool
  default     = true
}

variable "dead_letter_target_arn" {
  description = "Existing SQS queue or SNS topic for events that fail every asynchronous retry. Null (default): the module creates an SQS queue `<name>-dlq` encrypted with `kms_key_arn`. The role is given send permission either way; an external target's KMS key must admit the role."
  type        = string
  default     = null

  validation {
    condition     = var.dead_letter_target_arn == null || can(regex("^arn:aws[a-z-]*:(sqs|sns):[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_.-]+$", var.dead_letter_target_arn))
    error_message = "dead_letter_target_arn must be null or an SQS queue / SNS topic ARN."
  }
}

variable "dlq_message_retention_seconds" {
  description = "How long the created dead-letter queue keeps failed events (60 s to 14 days)."
  type        = number
  default     = 1209600

  validation {
    condition     = var.dlq_message_retention_seconds >= 60 && var.dlq_message_retention_seconds <= 1209600 && floor(var.dlq_message_retention_seconds) == var.dlq_message_retention_seconds
    error_message = "dlq_message_retention_seconds must be a whole number between 60 and 1209600 (14 days)."
  }
}

variable "tracing_mode" {
  description = "X-Ray tracing: `Active` (default; sample and trace requests) or `PassThrough` (only when the caller already traces)."
  type        = string
  default     = "Active"

  validation {
    condition     = contains(["Active", "PassThrough"], var.tracing_mode)
    error_message = "tracing_mode must be \"Active\" or \"PassThrough\"."
  }
}

# --- Logs ------------------------------------------------------------------------------------

variable "log_retention_days" {
  description = "Retention of the function's log group, in days (at least one year; a value CloudWatch Logs accepts)."
  type        = number
  default     = 365

  validation {
    condition     = contains([365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be at least 365 and one of the CloudWatch Logs values 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653."
  }
}

variable "log_format" {
  description = "`JSON` (default; structured system and application logs with levels) or `Text` (the Lambda default format, for runtimes or emulators without logging_config). Both go to the module's log group."
  type        = string
  default     = "JSON"

  validation {
    condition     = contains(["JSON", "Text"], var.log_format)
    error_message = "log_format must be \"JSON\" or \"Text\"."
  }
}

variable "application_log_level" {
  description = "Lowest application log level sent to CloudWatch when `log_format = \"JSON\"`."
  type        = string
  default     = "INFO"

  validation {
    condition     = contains(["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"], var.application_log_level)
    error_message = "application_log_level must be one of TRACE, DEBUG, INFO, WARN, ERROR, FATAL."
  }
}

# --- Permissions -----------------------------------------------------------------------------

variable "policy_json" {
  description = "The function's own permissions: an IAM policy document (e.g. `data.aws_iam_policy_document.x.json`) attached inline to its role. The module adds only what running needs: logs to its own group, the dead-letter send, X-Ray, decrypting its environment and, in a VPC, its network interfaces. Null: nothing else."
  type        = string
  default     = null

  validation {
    condition     = var.policy_json == null ? true : can(jsondecode(var.policy_json).Statement)
    error_message = "policy_json must be an IAM policy document in JSON with a Statement (e.g. data.aws_iam_policy_document.x.json)."
  }

  validation {
    condition = var.policy_json == null ? true : try(alltrue([
      for s in flatten([jsondecode(var.policy_json).Statement]) :
      try(s.Effect, "Allow") != "Allow" || (
        !can(s.NotAction) && !can(s.NotResource) &&
        alltrue([for a in flatten([try(s.Action, [])]) : a != "*" && !endswith(a, ":*")])
      )
    ]), true)
    error_message = "policy_json must not allow `*` or service-wide `<service>:*` actions, nor use NotAction/NotResource in Allow statements: name the actions the function needs."
  }
}

variable "permissions_boundary_arn" {
  description = "Permissions boundary for the function's role (null: none)."
  type        = string
  default     = null

  validation {
    condition     = var.permissions_boundary_arn == null || can(regex("^arn:aws[a-z-]*:iam::([0-9]{12}|aws):policy/.+$", var.permissions_boundary_arn))
    error_message = "permissions_boundary_arn must be null or an IAM policy ARN."
  }
}

# --- Releases: published versions and the `live` alias --------------------------------------

variable "live_version" {
  description = "The published version the `live` alias sends (the rest of) its traffic to. Null (default): the version this apply publishes, i.e. every change goes live at once. Pin it (e.g. \"3\") for blue/green: new code is then published but serves only the `canary` share until you promote it by setting live_version to the new version."
  type        = string
  default     = null

  validation {
    condition     = var.live_version == null || can(regex("^[1-9][0-9]*$", var.live_version))
    error_message = "live_version must be null or a published version number such as \"3\" ($LATEST is never served by the alias)."
  }
}

variable "canary" {
  description = "Blue/green shift on the `live` alias: `version` (a published version other than live_version) receives `weight` (0 <= weight < 1) of the traffic. Roll back with weight 0 or canary = null; promote by setting live_version to it."
  type = object({
    version = string
    weight  = number
  })
  default = null

  validation {
    condition     = var.canary == null ? true : can(regex("^[1-9][0-9]*$", var.canary.version))
    error_message = "canary.version must be a published version number such as \"4\"."
  }

  validation {
    condition     = var.canary == null ? true : var.canary.weight >= 0 && var.canary.weight < 1
    error_message = "canary.weight must be between 0 and 1 (0 <= weight < 1): the share of traffic for canary.version. 0 rolls back; to send everything to the new version, promote it with live_version instead."
  }

  validation {
    condition     = var.canary == null || var.live_version == null ? true : var.canary.version != var.live_version
    error_message = "canary.version must differ from live_version: the alias already sends the remaining traffic to live_version."
  }
}

# --- Code signing ------------------------------------------------------------------------------

variable "code_signing_config_arn" {
  description = "Existing Lambda code signing config to enforce (the package must then be signed by one of its AWS Signer profiles). Mutually exclusive with `signing_profile_version_arns`."
  type        = string
  default     = null

  validation {
    condition     = var.code_signing_config_arn == null || can(regex("^arn:aws[a-z-]*:lambda:[a-z0-9-]+:[0-9]{12}:code-signing-config:csc-[a-z0-9]+$", var.code_signing_config_arn))
    error_message = "code_signing_config_arn must be null or a Lambda code signing config ARN (arn:aws:lambda:<region>:<account>:code-signing-config:csc-...)."
  }
}

variable "signing_profile_version_arns" {
  description = "AWS Signer profile version ARNs whose signatures this function accepts: when set, the module creates a code signing config with them (deploying an unsigned or untrusted package then fails or warns, per `untrusted_artifact_on_deployment`). The profile and the signing job belong to the release pipeline, which signs the zip before `package_path` points at it."
  type        = list(string)
  default     = []

  validation {
    condition     = length(var.signing_profile_version_arns) <= 20 && alltrue([for a in var.signing_profile_version_arns : can(regex("^arn:aws[a-z-]*:signer:[a-z0-9-]+:[0-9]{12}:/signing-profiles/[A-Za-z0-9_]+/[A-Za-z0-9]+$", a))])
    error_message = "signing_profile_version_arns must list at most 20 AWS Signer profile version ARNs (arn:aws:signer:<region>:<account>:/signing-profiles/<name>/<version>)."
  }

  validation {
    condition     = length(var.signing_profile_version_arns) == 0 || var.code_signing_config_arn == null
    error_message = "signing_profile_version_arns and code_signing_config_arn are mutually exclusive: either the module creates the signing config or it uses yours."
  }
}

variable "untrusted_artifact_on_deployment" {
  description = "What the created code signing config does with a package that fails the signature check: `Enforce` (default; reject the deployment) or `Warn`."
  type        = string
  default     = "Enforce"

  validation {
    condition     = contains(["Enforce", "Warn"], var.untrusted_artifact_on_deployment)
    error_message = "untrusted_artifact_on_deployment must be \"Enforce\" or \"Warn\"."
  }
}

variable "tags" {
  description = "Tags for every resource (provider default_tags are added on top)."
  type        = map(string)
  default     = {}
}
