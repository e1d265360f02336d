# An Application Load Balancer that only ever serves HTTPS: TLS 1.2+ (TLS 1.3 policy by
# default), port 80 answers with a redirect, malformed headers are dropped, request
# smuggling is blocked, every request is logged to S3, and a WAF web ACL sits in front.
# Security groups come from the network tier, so reachability is decided in one place.
#
# Sub-resources refer to aws_lb.this / aws_lb_listener.https directly (never through a
# local), so checkov's plan graph sees the connections its WAF/redirect checks look for.

resource "aws_lb" "this" {
  #checkov:skip=CKV2_AWS_76:The web ACL arrives as var.web_acl_arn, which checkov's graph cannot follow into the caller's aws_wafv2_web_acl; Log4Shell protection (KnownBadInputs without a Log4JRCE exclusion) is checked by CKV_AWS_192 on the web ACL itself, and CKV2_AWS_28 still proves the association exists.
  name               = var.name
  internal           = var.scheme == "internal"
  load_balancer_type = "application"
  security_groups    = var.security_group_ids
  subnets            = var.subnet_ids
  ip_address_type    = var.ip_address_type

  drop_invalid_header_fields = true
  desync_mitigation_mode     = var.desync_mitigation_mode
  enable_deletion_protection = var.enable_deletion_protection
  enable_http2               = true
  enable_waf_fail_open       = false
  idle_timeout               = var.idle_timeout
  xff_header_processing_mode = "append"

  access_logs {
    enabled = true
    bucket  = var.access_logs_bucket
    prefix  = var.access_logs_prefix
  }

  tags = var.tags
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.this.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = var.ssl_policy
  certificate_arn   = var.certificate_arn

  default_action {
    type             = var.default_target_group == null ? "fixed-response" : "forward"
    target_group_arn = var.default_target_group == null ? null : aws_lb_target_group.this[var.default_target_group].arn

    dynamic "fixed_response" {
      for_each = var.default_target_group == null ? [true] : []
      content {
        content_type = "text/plain"
        message_body = "Not Found"
        status_code  = "404"
      }
    }
  }

  tags = var.tags
}

resource "aws_lb_listener" "http_redirect" {
  count = var.http_listener == "redirect" ? 1 : 0

  load_balancer_arn = aws_lb.this.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type = "redirect"

    redirect {
      port        = "443"
      protocol    = "HTTPS"
      status_code = "HTTP_301"
    }
  }

  tags = var.tags
}

resource "aws_lb_listener_certificate" "additional" {
  for_each = toset(var.additional_certificate_arns)

  listener_arn    = aws_lb_listener.https.arn
  certificate_arn = each.value
}

resource "aws_lb_target_group" "this" {
  for_each = var.target_groups

  name                 = "${var.name}-${each.key}"
  vpc_id               = var.vpc_id
  target_type          = "ip"
  port                 = each.value.port
  protocol             = each.value.protocol
  protocol_version     = each.value.protocol_version
  deregistration_delay = each.value.deregistration_delay
  slow_start           = each.value.slow_start

  health_check {
    enabled             = true
    protocol            = each.value.protocol
    port                = "traffic-port"
    path                = each.value.health_check.path
    matcher             = each.value.health_check.matcher
    interval            = each.value.health_check.interval
    timeout             = each.value.health_check.timeout
    healthy_threshold   = each.value.health_check.healthy_threshold
    unhealthy_threshold = each.value.health_check.unhealthy_threshold
  }

  tags = var.tags
}

resource "aws_lb_listener_rule" "this" {
  for_each = var.listener_rules

  listener_arn = aws_lb_listener.https.arn
  priority     = each.value.priority

  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.this[each.value.target_group].arn
  }

  dynamic "condition" {
    for_each = length(each.value.host_headers) > 0 ? [each.value.host_headers] : []
    content {
      host_header {
        values = condition.value
      }
    }
  }

  dynamic "condition" {
    for_each = length(each.value.path_patterns) > 0 ? [each.value.path_patterns] : []
    content {
      path_pattern {
        values = condition.value
      }
    }
  }

  tags = var.tags
}

resource "aws_wafv2_web_acl_association" "this" {
  count = var.associate_web_acl ? 1 : 0

  resource_arn = aws_lb.this.arn
  web_acl_arn  = var.web_acl_arn
}
