# A containerised service on Fargate for PHI workloads: private subnets only, a read-only
# root filesystem under a non-root user, secrets injected by ARN at start, logs and exec
# sessions encrypted with a customer-managed key, a deployment circuit breaker that rolls
# back, at least two tasks, and an immutable-tag ECR repository that keeps the releases a
# rollback needs. Roles: the execution role (pull image, write logs, read the named
# secrets) and the task role (the application's own access) are separate.

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.name

  log_group_prefix = "/ecs/${var.name}"
  kms_key_arn      = var.kms_key_arn == null ? module.kms[0].key_arn : var.kms_key_arn

  # Built from known parts rather than the repository's attribute, so the container
  # definition (and its read-only root, user, privileges) is known and checkable at plan time.
  repository_url = "${local.account_id}.dkr.ecr.${local.region}.${data.aws_partition.current.dns_suffix}/${var.name}"
  image = var.image != null ? var.image : (
    startswith(var.image_tag, "sha256:") ? "${local.repository_url}@${var.image_tag}" : "${local.repository_url}:${var.image_tag}"
  )

  # ECS Exec's agent writes its state and logs here; writable volumes keep the root read-only.
  exec_agent_paths = var.enable_execute_command ? ["/var/lib/amazon/ssm", "/var/log/amazon/ssm"] : []
  writable_paths   = distinct(concat(var.writable_paths, local.exec_agent_paths))
  volumes          = { for p in local.writable_paths : substr(replace(trimprefix(p, "/"), "/[^A-Za-z0-9_-]/", "-"), 0, 255) => p }

  container = merge(
    {
      name                   = var.name
      image                  = local.image
      essential              = true
      readonlyRootFilesystem = true
      privileged             = false
      user                   = var.container_user
      stopTimeout            = var.stop_timeout
      linuxParameters = {
        initProcessEnabled = true
        capabilities       = { drop = ["ALL"] }
      }
      portMappings = var.container_port == null ? [] : [{
        containerPort = var.container_port
        hostPort      = var.container_port
        protocol      = "tcp"
      }]
      environment = [for k in sort(keys(var.environment)) : { name = k, value = var.environment[k] }]
      secrets     = [for k in sort(keys(var.secrets)) : { name = k, valueFrom = var.secrets[k] }]
      mountPoints = [for name in sort(keys(local.volumes)) : {
        sourceVolume  = name
        containerPath = local.volumes[name]
        readOnly      = false
      }]
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          awslogs-group         = aws_cloudwatch_log_group.app.name
          awslogs-region        = local.region
          awslogs-stream-prefix = "app"
        }
      }
    },
    var.command == null ? {} : { command = var.command },
    var.health_check == null ? {} : {
      healthCheck = {
        command     = var.health_check.command
        interval    = var.health_check.interval
        timeout     = var.health_check.timeout
        retries     = var.health_check.retries
        startPeriod = var.health_check.start_period
      }
    },
  )
}

# --- key ----------------------------------------------------------------------------------

module "kms" {
  source = "../kms"
  count  = var.kms_key_arn == null ? 1 : 0

  alias                   = "ecs/${var.name}"
  description             = "Logs, images, exec sessions and ephemeral storage of ECS service ${var.name}"
  deletion_window_in_days = var.kms_deletion_window_in_days
  via_services            = ["ecr.${local.region}.amazonaws.com"]
  key_users = concat(
    var.enable_execute_command ? [aws_iam_role.task.arn] : [],
    var.execute_command_principal_arns,
  )
  service_principals = merge(
    {
      CloudWatchLogs = {
        principal = "logs.${local.region}.amazonaws.com"
        actions   = ["kms:Decrypt*", "kms:Describe*", "kms:Encrypt*", "kms:GenerateDataKey*", "kms:ReEncrypt*"]
        conditions = [{
          test     = "ArnLike"
          variable = "kms:EncryptionContext:aws:logs:arn"
          values   = ["arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:${local.log_group_prefix}/*"]
        }]
      }
    },
    var.fargate_ephemeral_storage_cmk ? {
      FargateEphemeralStorageDataKeys = {
        principal = "fargate.amazonaws.com"
        actions   = ["kms:GenerateDataKeyWithoutPlaintext"]
        conditions = [
          { test = "StringEquals", variable = "kms:EncryptionContext:aws:ecs:clusterAccount", values = [local.account_id] },
          { test = "StringEquals", variable = "kms:EncryptionContext:aws:ecs:clusterName", values = [var.name] },
        ]
      }
      FargateEphemeralStorageGrants = {
        principal = "fargate.amazonaws.com"
        actions   = ["kms:CreateGrant"]
        conditions = [
          { test = "StringEquals", variable = "kms:EncryptionContext:aws:ecs:clusterAccount", values = [local.account_id] },
          { test = "StringEquals", variable = "kms:EncryptionContext:aws:ecs:clusterName", values = [var.name] },
          { test = "ForAllValues:StringEquals", variable = "kms:GrantOperations", values = ["Decrypt"] },
        ]
      }
    } : {},
  )
  tags = var.tags
}

# --- logs ---------------------------------------------------------------------------------

resource "aws_cloudwatch_log_group" "app" {
  name              = "${local.log_group_prefix}/app"
  kms_key_id        = var.kms_key_arn == null ? module.kms[0].key_arn : var.kms_key_arn
  retention_in_days = var.log_retention_in_days
  tags              = var.tags
}

resource "aws_cloudwatch_log_group" "exec" {
  name              = "${local.log_group_prefix}/exec"
  kms_key_id        = var.kms_key_arn == null ? module.kms[0].key_arn : var.kms_key_arn
  retention_in_days = var.log_retention_in_days
  tags              = var.tags
}

# --- cluster ------------------------------------------------------------------------------

resource "aws_ecs_cluster" "this" {
  #checkov:skip=CKV_AWS_224:Exec logging is OVERRIDE to a KMS log group and kms_key_id is always set (the module's key or var.kms_key_arn, never null), but a key created in the same run is unknown at plan time and checkov's plan parser cannot see unknown values in nested blocks. Proven by test_exec_sessions_are_logged_and_encrypted_with_the_cmk and the inventory (kms_key_id unknown, not null).
  name = var.name

  setting {
    name  = "containerInsights"
    value = "enabled"
  }

  configuration {
    execute_command_configuration {
      kms_key_id = local.kms_key_arn
      logging    = "OVERRIDE"

      log_configuration {
        cloud_watch_encryption_enabled = true
        cloud_watch_log_group_name     = aws_cloudwatch_log_group.exec.name
      }
    }

    dynamic "managed_storage_configuration" {
      for_each = var.fargate_ephemeral_storage_cmk ? [local.kms_key_arn] : []
      content {
        fargate_ephemeral_storage_kms_key_id = managed_storage_configuration.value
      }
    }
  }

  tags = var.tags
}

# --- task definition ----------------------------------------------------------------------

resource "aws_ecs_task_definition" "this" {
  family                   = var.name
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = tostring(var.cpu)
  memory                   = tostring(var.memory)
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn
  container_definitions    = jsonencode([local.container])

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = var.cpu_architecture
  }

  dynamic "ephemeral_storage" {
    for_each = var.ephemeral_storage_gib > 21 ? [var.ephemeral_storage_gib] : []
    content {
      size_in_gib = ephemeral_storage.value
    }
  }

  dynamic "volume" {
    for_each = sort(keys(local.volumes))
    content {
      name = volume.value
    }
  }

  tags = var.tags
}

# --- service ------------------------------------------------------------------------------

resource "aws_ecs_service" "this" {
  name                               = var.name
  cluster                            = aws_ecs_cluster.this.id
  task_definition                    = aws_ecs_task_definition.this.arn
  desired_count                      = var.autoscaling.min_capacity
  launch_type                        = "FARGATE"
  platform_version                   = "LATEST"
  enable_execute_command             = var.enable_execute_command
  propagate_tags                     = "SERVICE"
  deployment_minimum_healthy_percent = var.deployment_minimum_healthy_percent
  deployment_maximum_percent         = var.deployment_maximum_percent
  health_check_grace_period_seconds  = var.load_balancer == null ? null : var.load_balancer.health_check_grace_period_seconds
  availability_zone_rebalancing      = "ENABLED"
  wait_for_steady_state              = false

  deployment_controller {
    type = "ECS"
  }

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  network_configuration {
    subnets          = var.subnet_ids
    security_groups  = var.security_group_ids
    assign_public_ip = var.assign_public_ip
  }

  dynamic "load_balancer" {
    for_each = var.load_balancer == null ? [] : [var.load_balancer]
    content {
      target_group_arn = load_balancer.value.target_group_arn
      container_name   = var.name
      container_port   = var.container_port
    }
  }

  tags = var.tags

  # desired_count belongs to Application Auto Scaling once the service exists;
  # availability_zone_rebalancing is set at creation (some APIs do not report it back).
  lifecycle {
    ignore_changes = [desired_count, availability_zone_rebalancing]
  }

  # Tasks start only once the execution role can pull, log and read secrets.
  depends_on = [aws_iam_role_policy.execution]
}
