variable "name" {
  description = "Name of the service; also the cluster, task family, container, ECR repository and IAM role prefix. 1-32 lowercase letters, digits and hyphens."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$", var.name))
    error_message = "name must be 1-32 lowercase letters, digits and hyphens, not starting or ending with a hyphen (it names the cluster, service, ECR repository and IAM roles)."
  }
}

# --- network --------------------------------------------------------------------------------

variable "subnet_ids" {
  description = "Private app-tier subnets for the tasks (from the network tier), at least two in different Availability Zones."
  type        = list(string)

  validation {
    condition     = length(distinct(var.subnet_ids)) >= 2 && alltrue([for s in var.subnet_ids : can(regex("^subnet-[0-9a-f]{8,17}$", s))])
    error_message = "subnet_ids must list at least two distinct subnet ids (subnet-<hex>) so tasks spread over Availability Zones."
  }
}

variable "security_group_ids" {
  description = "Security groups of the tasks, created by the network tier (ingress only from the load balancer's group on the container port). 1-5 ids."
  type        = list(string)

  validation {
    condition     = length(var.security_group_ids) >= 1 && length(var.security_group_ids) <= 5 && alltrue([for s in var.security_group_ids : can(regex("^sg-[0-9a-f]{8,17}$", s))])
    error_message = "security_group_ids must list 1-5 security group ids (sg-<hex>); tasks without one would take the VPC default group."
  }
}

variable "assign_public_ip" {
  description = "Give tasks a public IP. Must stay false: tasks run in private app subnets and reach AWS through NAT or VPC endpoints. Present only so that an attempt fails with a clear message."
  type        = bool
  default     = false

  validation {
    condition     = var.assign_public_ip == false
    error_message = "assign_public_ip must be false: PHI workloads run in private app subnets and never get public IPs (use the load balancer for inbound traffic and NAT or VPC endpoints for outbound)."
  }
}

# --- encryption and logs --------------------------------------------------------------------

variable "kms_key_arn" {
  description = "Customer-managed key for the log groups, the ECR repository, ECS Exec sessions and Fargate ephemeral storage. Null: the module creates one (modules/kms) whose policy admits exactly these uses. A key of your own must allow CloudWatch Logs for `/ecs/<name>/*`, ECR through `ecr.<region>.amazonaws.com` and, with `fargate_ephemeral_storage_cmk`, the `fargate.amazonaws.com` grants."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[0-9a-f-]+$", var.kms_key_arn))
    error_message = "kms_key_arn must be null or a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>); aliases are not accepted by every consumer."
  }
}

variable "kms_deletion_window_in_days" {
  description = "Deletion window of the key the module creates (7-30 days)."
  type        = number
  default     = 30

  validation {
    condition     = var.kms_deletion_window_in_days >= 7 && var.kms_deletion_window_in_days <= 30 && floor(var.kms_deletion_window_in_days) == var.kms_deletion_window_in_days
    error_message = "kms_deletion_window_in_days must be a whole number of days between 7 and 30."
  }
}

variable "fargate_ephemeral_storage_cmk" {
  description = "Encrypt the tasks' ephemeral storage (where /tmp and other writable paths live) with the customer-managed key instead of an AWS-owned key."
  type        = bool
  default     = true
}

variable "log_retention_in_days" {
  description = "Retention of the application and ECS Exec log groups; at least 365 days (HIPAA audit trail), one of the values CloudWatch Logs accepts."
  type        = number
  default     = 365

  validation {
    condition     = contains([365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_in_days)
    error_message = "log_retention_in_days must be a CloudWatch Logs retention of at least one year: 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653."
  }
}

# --- image and registry ---------------------------------------------------------------------

variable "create_ecr_repository" {
  description = "Create the service's ECR repository (immutable tags, scan on push, KMS, lifecycle policy). Off when images come from a repository managed elsewhere; then set `image`."
  type        = bool
  default     = true

  validation {
    condition     = var.create_ecr_repository || var.image != null
    error_message = "create_ecr_repository = false needs image (a full reference): there is no repository for image_tag to refer to."
  }
}

variable "image_tag" {
  description = "Release to run from the module's ECR repository: an immutable tag (e.g. a version or commit id) or a digest (`sha256:...`). `latest` is rejected."
  type        = string
  default     = null

  validation {
    condition     = var.image_tag == null || can(regex("^([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|sha256:[0-9a-f]{64})$", var.image_tag)) && var.image_tag != "latest"
    error_message = "image_tag must be an image tag (letters, digits, `_`, `.`, `-`; at most 128) or a `sha256:` digest, and not `latest`: releases are pinned so a rollback runs exactly the previous image."
  }

  validation {
    condition     = (var.image == null) != (var.image_tag == null)
    error_message = "image_tag and image: set exactly one of image_tag (a release in the module's ECR repository) or image (a full reference from elsewhere)."
  }
}

variable "image" {
  description = "Full image reference from another repository (`<registry>/<repository>:<tag>` or `@sha256:<digest>`), used instead of the module's repository. Pull permission for a private ECR repository is granted through `image_repository_arns`."
  type        = string
  default     = null

  validation {
    condition     = var.image == null || can(regex("^[a-z0-9.-]+(:[0-9]+)?/[a-z0-9._/-]+(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[0-9a-f]{64})$", var.image)) && !endswith(coalesce(var.image, "-"), ":latest")
    error_message = "image must be a full reference with a registry, a repository and a pinned tag or digest (e.g. 111122223333.dkr.ecr.us-east-1.amazonaws.com/portal:1.4.2); `:latest` is rejected."
  }

}

variable "image_repository_arns" {
  description = "Other private ECR repositories the execution role may pull from (e.g. a shared base-image or sidecar repository)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for arn in var.image_repository_arns : can(regex("^arn:aws[a-z-]*:ecr:[a-z0-9-]+:[0-9]{12}:repository/[a-z0-9._/-]+$", arn))])
    error_message = "image_repository_arns must be ECR repository ARNs (arn:aws:ecr:<region>:<account>:repository/<name>), no wildcards."
  }
}

variable "ecr_keep_releases" {
  description = "How many tagged releases the ECR lifecycle policy keeps (older ones expire), so a rollback to any of the last N releases can still pull its image."
  type        = number
  default     = 30

  validation {
    condition     = var.ecr_keep_releases >= 2 && var.ecr_keep_releases <= 1000 && floor(var.ecr_keep_releases) == var.ecr_keep_releases
    error_message = "ecr_keep_releases must be a whole number between 2 and 1000 (at least the running release and one to roll back to)."
  }
}

variable "ecr_untagged_expiry_days" {
  description = "Untagged images (failed pushes, superseded layers) expire this many days after push."
  type        = number
  default     = 14

  validation {
    condition     = var.ecr_untagged_expiry_days >= 1 && var.ecr_untagged_expiry_days <= 365 && floor(var.ecr_untagged_expiry_days) == var.ecr_untagged_expiry_days
    error_message = "ecr_untagged_expiry_days must be a whole number of days between 1 and 365."
  }
}

variable "ecr_force_delete" {
  description = "Allow destroying the ECR repository while it still holds images. Off by default: released images are the rollback path."
  type        = bool
  default     = false
}

# --- task -----------------------------------------------------------------------------------

variable "cpu" {
  description = "Task CPU units: 256, 512, 1024, 2048, 4096, 8192 or 16384."
  type        = number
  default     = 512

  validation {
    condition     = contains([256, 512, 1024, 2048, 4096, 8192, 16384], var.cpu)
    error_message = "cpu must be a Fargate CPU size: 256, 512, 1024, 2048, 4096, 8192 or 16384."
  }
}

variable "memory" {
  description = "Task memory in MiB; must be a combination Fargate offers for `cpu` (e.g. 512 CPU: 1024-4096 in steps of 1024)."
  type        = number
  default     = 1024

  validation {
    condition = (
      var.cpu == 256 ? contains([512, 1024, 2048], var.memory) :
      var.cpu == 512 ? var.memory >= 1024 && var.memory <= 4096 && var.memory % 1024 == 0 :
      var.cpu == 1024 ? var.memory >= 2048 && var.memory <= 8192 && var.memory % 1024 == 0 :
      var.cpu == 2048 ? var.memory >= 4096 && var.memory <= 16384 && var.memory % 1024 == 0 :
      var.cpu == 4096 ? var.memory >= 8192 && var.memory <= 30720 && var.memory % 1024 == 0 :
      var.cpu == 8192 ? var.memory >= 16384 && var.memory <= 61440 && var.memory % 4096 == 0 :
      var.cpu == 16384 ? var.memory >= 32768 && var.memory <= 122880 && var.memory % 8192 == 0 :
      false
    )
    error_message = "memory must be a Fargate memory size for the chosen cpu (256: 512/1024/2048; 512: 1024-4096; 1024: 2048-8192; 2048: 4096-16384, steps of 1024; 4096: 8192-30720; 8192: 16384-61440 in steps of 4096; 16384: 32768-122880 in steps of 8192)."
  }
}

variable "cpu_architecture" {
  description = "CPU architecture of the image: `X86_64` or `ARM64` (Graviton)."
  type        = string
  default     = "X86_64"

  validation {
    condition     = contains(["X86_64", "ARM64"], var.cpu_architecture)
    error_message = "cpu_architecture must be \"X86_64\" or \"ARM64\"."
  }
}

variable "ephemeral_storage_gib" {
  description = "Ephemeral storage of each task in GiB (21-200); holds the writable paths."
  type        = number
  default     = 21

  validation {
    condition     = var.ephemeral_storage_gib >= 21 && var.ephemeral_storage_gib <= 200 && floor(var.ephemeral_storage_gib) == var.ephemeral_storage_gib
    error_message = "ephemeral_storage_gib must be a whole number between 21 and 200."
  }
}

variable "container_port" {
  description = "Port the container listens on (HTTPS by default, matching an `HTTPS` target group of modules/alb). Null for workers without inbound traffic."
  type        = number
  default     = 8443

  validation {
    condition     = var.container_port == null || try(var.container_port >= 1024 && var.container_port <= 65535 && floor(var.container_port) == var.container_port, false)
    error_message = "container_port must be null or a whole port number between 1024 and 65535 (the container runs as a non-root user, which cannot bind privileged ports)."
  }
}

variable "container_user" {
  description = "User (and optionally group) the container runs as, as `uid`, `uid:gid`, `name` or `name:group`. Root (`root`, `0`, uid 0 in any form) is rejected."
  type        = string
  default     = "10001:10001"

  validation {
    condition = (
      can(regex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,31}(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,31})?$", var.container_user))
      && !contains(["root", "0"], split(":", var.container_user)[0])
      && !can(regex("^0+$", split(":", var.container_user)[0]))
    )
    error_message = "container_user must be a non-root user (`uid`, `uid:gid`, `name` or `name:group`); `root` and uid 0 are rejected."
  }
}

variable "command" {
  description = "Command overriding the image's CMD (null: the image's own)."
  type        = list(string)
  default     = null
}

variable "environment" {
  description = "Plain environment variables (never secrets: those go in `secrets`)."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for k in keys(var.environment) : can(regex("^[A-Za-z_][A-Za-z0-9_]*$", k))])
    error_message = "environment keys must be environment variable names ([A-Za-z_][A-Za-z0-9_]*)."
  }
}

variable "secrets" {
  description = "Environment variables injected from Secrets Manager or SSM Parameter Store at task start, by ARN: a full secret ARN (with its 6-character suffix, optionally `:<json-key>:<stage>:<version>`) or a parameter ARN. The execution role may read exactly these."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for k in keys(var.secrets) : can(regex("^[A-Za-z_][A-Za-z0-9_]*$", k))]) && length(setintersection(keys(var.secrets), keys(var.environment))) == 0
    error_message = "secrets keys must be environment variable names and must not also appear in environment."
  }

  validation {
    condition = alltrue([for arn in values(var.secrets) : can(regex(
      "^arn:aws[a-z-]*:(secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:[A-Za-z0-9/_+=.@-]+-[A-Za-z0-9]{6}(:[^:]*:[^:]*:[^:]*)?|ssm:[a-z0-9-]+:[0-9]{12}:parameter/[A-Za-z0-9/_.-]+)$",
    arn))])
    error_message = "secrets values must be Secrets Manager secret ARNs (full, with the 6-character suffix, optionally :<json-key>:<version-stage>:<version-id>) or SSM parameter ARNs; plain values and names are not accepted."
  }
}

variable "secret_kms_key_arns" {
  description = "Customer-managed keys that encrypt the secrets and parameters in `secrets`; the execution role may decrypt with them only through Secrets Manager and SSM."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for arn in var.secret_kms_key_arns : can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[0-9a-f-]+$", arn))])
    error_message = "secret_kms_key_arns must be KMS key ARNs (arn:aws:kms:<region>:<account>:key/<id>)."
  }
}

variable "writable_paths" {
  description = "Absolute paths the application may write to, each mounted as a writable volume on the task's (encrypted) ephemeral storage; everything else is a read-only root filesystem. Fargate has no tmpfs, so this is how /tmp stays usable."
  type        = list(string)
  default     = ["/tmp"]

  validation {
    condition     = alltrue([for p in var.writable_paths : can(regex("^/[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$", p))]) && length(distinct(var.writable_paths)) == length(var.writable_paths) && !contains(var.writable_paths, "/")
    error_message = "writable_paths must be distinct absolute paths below / (e.g. /tmp, /var/cache/app); the root itself cannot be made writable."
  }
}

variable "health_check" {
  description = "Container health check: `command` (e.g. [\"CMD\", \"/app/healthcheck\"]), interval, timeout, retries and start period in seconds. Null: rely on the load balancer's health check."
  type = object({
    command      = list(string)
    interval     = optional(number, 30)
    timeout      = optional(number, 5)
    retries      = optional(number, 3)
    start_period = optional(number, 0)
  })
  default = null

  validation {
    condition = var.health_check == null || try(
      contains(["CMD", "CMD-SHELL"], var.health_check.command[0]) && length(var.health_check.command) >= 2
      && var.health_check.interval >= 5 && var.health_check.interval <= 300
      && var.health_check.timeout >= 2 && var.health_check.timeout <= 60
      && var.health_check.retries >= 1 && var.health_check.retries <= 10
    && var.health_check.start_period >= 0 && var.health_check.start_period <= 300, false)
    error_message = "health_check.command must start with CMD or CMD-SHELL followed by the command; interval 5-300, timeout 2-60, retries 1-10, start_period 0-300."
  }
}

variable "stop_timeout" {
  description = "Seconds the container gets to shut down after SIGTERM before it is killed (2-120)."
  type        = number
  default     = 30

  validation {
    condition     = var.stop_timeout >= 2 && var.stop_timeout <= 120 && floor(var.stop_timeout) == var.stop_timeout
    error_message = "stop_timeout must be a whole number of seconds between 2 and 120."
  }
}

variable "task_role_policy_json" {
  description = "IAM policy (JSON) for the application's own AWS access, attached to the task role. The task role gets nothing else (besides ECS Exec's channel when `enable_execute_command`)."
  type        = string
  default     = null

  validation {
    condition     = var.task_role_policy_json == null || can(jsondecode(var.task_role_policy_json).Statement)
    error_message = "task_role_policy_json must be null or an IAM policy document in JSON with a Statement list."
  }
}

# --- service --------------------------------------------------------------------------------

variable "enable_execute_command" {
  description = "Allow ECS Exec (interactive shells into running tasks). Off by default: a shell into a PHI workload is a break-glass action. When on, sessions are encrypted with the KMS key and logged to the KMS-encrypted exec log group, and the module mounts writable volumes at the paths the exec agent writes to, so the root filesystem stays read-only."
  type        = bool
  default     = false
}

variable "execute_command_principal_arns" {
  description = "IAM roles or users that may open ECS Exec sessions: they are named as users of the module's key (sessions are encrypted with it). They still need `ecs:ExecuteCommand` in their own policies."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for arn in var.execute_command_principal_arns : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:(role|user)/.+$", arn))])
    error_message = "execute_command_principal_arns must be IAM role or user ARNs, no wildcards."
  }

  validation {
    condition     = length(var.execute_command_principal_arns) == 0 || (var.enable_execute_command && var.kms_key_arn == null)
    error_message = "execute_command_principal_arns needs enable_execute_command = true and the module's own key (kms_key_arn = null); with your own key, grant them in its policy."
  }
}

variable "load_balancer" {
  description = "Attach the service to a load balancer target group (modules/alb): `target_group_arn`, the load balancer's `lb_arn_suffix` (for request-count autoscaling) and the grace period before health checks count."
  type = object({
    target_group_arn                  = string
    lb_arn_suffix                     = string
    health_check_grace_period_seconds = optional(number, 60)
  })
  default = null

  validation {
    condition = var.load_balancer == null || try(
      can(regex("^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:[0-9]{12}:targetgroup/[A-Za-z0-9-]+/[0-9a-f]+$", var.load_balancer.target_group_arn))
      && can(regex("^app/[A-Za-z0-9-]+/[0-9a-f]+$", var.load_balancer.lb_arn_suffix))
    && var.load_balancer.health_check_grace_period_seconds >= 0 && var.load_balancer.health_check_grace_period_seconds <= 2147483647, false)
    error_message = "load_balancer needs a target group ARN (arn:aws:elasticloadbalancing:...:targetgroup/<name>/<id>), the load balancer's ARN suffix (app/<name>/<id>) and a grace period >= 0."
  }

  validation {
    condition     = var.load_balancer == null || var.container_port != null
    error_message = "load_balancer needs container_port: the target group forwards to that port of the container."
  }
}

variable "deployment_minimum_healthy_percent" {
  description = "Lower bound of running tasks during a deployment, in percent of the desired count (100: never fewer than desired)."
  type        = number
  default     = 100

  validation {
    condition     = var.deployment_minimum_healthy_percent >= 50 && var.deployment_minimum_healthy_percent <= 100 && floor(var.deployment_minimum_healthy_percent) == var.deployment_minimum_healthy_percent
    error_message = "deployment_minimum_healthy_percent must be a whole number between 50 and 100 (below 50 a deployment could halve capacity)."
  }
}

variable "deployment_maximum_percent" {
  description = "Upper bound of running tasks during a deployment, in percent of the desired count."
  type        = number
  default     = 200

  validation {
    condition     = var.deployment_maximum_percent >= 110 && var.deployment_maximum_percent <= 400 && floor(var.deployment_maximum_percent) == var.deployment_maximum_percent
    error_message = "deployment_maximum_percent must be a whole number between 110 and 400 (room for new tasks before old ones stop)."
  }
}

# --- autoscaling ----------------------------------------------------------------------------

variable "enable_autoscaling" {
  description = "Create the Application Auto Scaling target and the target-tracking policies (CPU, memory and, behind a load balancer, requests per target). Without it the service runs `autoscaling.min_capacity` tasks."
  type        = bool
  default     = true
}

variable "autoscaling" {
  description = "Task count bounds and target-tracking targets: `min_capacity` (>= 2, so a task or zone can fail), `max_capacity`, average CPU and memory utilisation in percent, ALB requests per target, and cooldowns in seconds."
  type = object({
    min_capacity        = optional(number, 2)
    max_capacity        = optional(number, 4)
    cpu_target          = optional(number, 60)
    memory_target       = optional(number, 70)
    requests_per_target = optional(number, 1000)
    scale_in_cooldown   = optional(number, 300)
    scale_out_cooldown  = optional(number, 60)
  })
  default = {}

  validation {
    condition     = var.autoscaling.min_capacity >= 2 && floor(var.autoscaling.min_capacity) == var.autoscaling.min_capacity
    error_message = "autoscaling.min_capacity must be a whole number >= 2: a single task is a single point of failure."
  }

  validation {
    condition     = var.autoscaling.max_capacity >= var.autoscaling.min_capacity && var.autoscaling.max_capacity <= 1000 && floor(var.autoscaling.max_capacity) == var.autoscaling.max_capacity
    error_message = "autoscaling.max_capacity must be a whole number >= autoscaling.min_capacity (min above max) and <= 1000."
  }

  validation {
    condition     = var.autoscaling.cpu_target >= 10 && var.autoscaling.cpu_target <= 90 && var.autoscaling.memory_target >= 10 && var.autoscaling.memory_target <= 90
    error_message = "autoscaling.cpu_target and autoscaling.memory_target must be utilisation percentages between 10 and 90."
  }

  validation {
    condition     = var.autoscaling.requests_per_target >= 1 && var.autoscaling.scale_in_cooldown >= 0 && var.autoscaling.scale_in_cooldown <= 3600 && var.autoscaling.scale_out_cooldown >= 0 && var.autoscaling.scale_out_cooldown <= 3600
    error_message = "autoscaling.requests_per_target must be >= 1 and the cooldowns 0-3600 seconds."
  }
}

variable "tags" {
  description = "Tags for every resource (provider default_tags are added on top)."
  type        = map(string)
  default     = {}
}
