# Target tracking on CPU, memory and (behind a load balancer) requests per target, between
# min_capacity (>= 2) and max_capacity tasks. Application Auto Scaling owns the desired
# count afterwards (the service ignores changes to it).

locals {
  request_count_label = var.load_balancer == null ? null : (
    "${var.load_balancer.lb_arn_suffix}/${regex("targetgroup/[^/]+/[0-9a-f]+$", var.load_balancer.target_group_arn)}"
  )
  scaling_policies = merge(
    {
      cpu    = { metric = "ECSServiceAverageCPUUtilization", target = var.autoscaling.cpu_target, label = null }
      memory = { metric = "ECSServiceAverageMemoryUtilization", target = var.autoscaling.memory_target, label = null }
    },
    var.load_balancer == null ? {} : {
      requests = { metric = "ALBRequestCountPerTarget", target = var.autoscaling.requests_per_target, label = local.request_count_label }
    },
  )
}

resource "aws_appautoscaling_target" "this" {
  count = var.enable_autoscaling ? 1 : 0

  service_namespace  = "ecs"
  scalable_dimension = "ecs:service:DesiredCount"
  resource_id        = "service/${aws_ecs_cluster.this.name}/${aws_ecs_service.this.name}"
  min_capacity       = var.autoscaling.min_capacity
  max_capacity       = var.autoscaling.max_capacity
  tags               = var.tags
}

resource "aws_appautoscaling_policy" "this" {
  for_each = var.enable_autoscaling ? local.scaling_policies : {}

  name               = "${var.name}-${each.key}"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.this[0].service_namespace
  scalable_dimension = aws_appautoscaling_target.this[0].scalable_dimension
  resource_id        = aws_appautoscaling_target.this[0].resource_id

  target_tracking_scaling_policy_configuration {
    target_value       = each.value.target
    scale_in_cooldown  = var.autoscaling.scale_in_cooldown
    scale_out_cooldown = var.autoscaling.scale_out_cooldown

    predefined_metric_specification {
      predefined_metric_type = each.value.metric
      resource_label         = each.value.label
    }
  }
}
