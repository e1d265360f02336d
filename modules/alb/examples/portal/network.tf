# The smallest network the portal needs, standing in for the network tier: a VPC with flow
# logs and a closed default security group, two public subnets behind an internet gateway
# for the load balancer, two private app subnets for the tasks, and two security groups:
# the load balancer's (443 and the port-80 redirect from anywhere; out only to the tasks)
# and the tasks' (in only from the load balancer; out to AWS APIs on 443). On AWS the app
# subnets also need NAT or VPC endpoints to pull images and read parameters.

resource "aws_vpc" "this" {
  cidr_block = var.vpc_cidr

  tags = { Name = var.name }
}

resource "aws_default_security_group" "this" {
  vpc_id = aws_vpc.this.id
}

resource "aws_internet_gateway" "this" {
  vpc_id = aws_vpc.this.id
}

resource "aws_subnet" "public" {
  count = length(var.availability_zones)

  vpc_id            = aws_vpc.this.id
  availability_zone = var.availability_zones[count.index]
  cidr_block        = cidrsubnet(var.vpc_cidr, 8, count.index)

  tags = { Name = "${var.name}-public-${var.availability_zones[count.index]}" }
}

resource "aws_subnet" "app" {
  count = length(var.availability_zones)

  vpc_id            = aws_vpc.this.id
  availability_zone = var.availability_zones[count.index]
  cidr_block        = cidrsubnet(var.vpc_cidr, 8, 10 + count.index)

  tags = { Name = "${var.name}-app-${var.availability_zones[count.index]}" }
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.this.id
}

resource "aws_route" "internet" {
  #checkov:skip=CKV2_AWS_35:instance_id is computed by AWS, unknown at plan, and the plan scan counts unknown values as set; this route targets the internet gateway (gateway_id) that an internet-facing load balancer's public subnets need, never a NAT instance.
  route_table_id         = aws_route_table.public.id
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = aws_internet_gateway.this.id
}

resource "aws_route_table_association" "public" {
  count = length(var.availability_zones)

  subnet_id      = aws_subnet.public[count.index].id
  route_table_id = aws_route_table.public.id
}

resource "aws_cloudwatch_log_group" "flow_logs" {
  name              = "/vpc/${var.name}/flow-logs"
  kms_key_id        = module.kms.key_arn
  retention_in_days = 365
}

data "aws_iam_policy_document" "flow_logs_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["vpc-flow-logs.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

data "aws_iam_policy_document" "flow_logs" {
  statement {
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]
    resources = ["${aws_cloudwatch_log_group.flow_logs.arn}:*"]
  }
}

resource "aws_iam_role" "flow_logs" {
  name_prefix        = "${var.name}-flow-logs-"
  assume_role_policy = data.aws_iam_policy_document.flow_logs_assume.json
}

resource "aws_iam_role_policy" "flow_logs" {
  name   = "deliver-flow-logs"
  role   = aws_iam_role.flow_logs.id
  policy = data.aws_iam_policy_document.flow_logs.json
}

resource "aws_flow_log" "this" {
  vpc_id          = aws_vpc.this.id
  traffic_type    = "ALL"
  iam_role_arn    = aws_iam_role.flow_logs.arn
  log_destination = aws_cloudwatch_log_group.flow_logs.arn
}

resource "aws_security_group" "alb" {
  #checkov:skip=CKV2_AWS_5:Attached to the load balancer through module.alb's security_group_ids; checkov's plan graph does not follow references through module variables.
  name        = "${var.name}-alb"
  description = "Load balancer: HTTPS and the HTTP-to-HTTPS redirect from the internet"
  vpc_id      = aws_vpc.this.id
}

resource "aws_vpc_security_group_ingress_rule" "alb_https" {
  security_group_id = aws_security_group.alb.id
  description       = "HTTPS from patients and clinicians"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_vpc_security_group_ingress_rule" "alb_http_redirect" {
  #checkov:skip=CKV_AWS_260:Port 80 on an internet-facing load balancer only answers with a 301 redirect to HTTPS (modules/alb has no HTTP listener that forwards); closing it would make plain-HTTP links fail instead of upgrade.
  security_group_id = aws_security_group.alb.id
  description       = "HTTP, answered only with a redirect to HTTPS"
  ip_protocol       = "tcp"
  from_port         = 80
  to_port           = 80
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_vpc_security_group_egress_rule" "alb_to_tasks" {
  security_group_id            = aws_security_group.alb.id
  description                  = "To the portal tasks' HTTPS port"
  ip_protocol                  = "tcp"
  from_port                    = var.target_port
  to_port                      = var.target_port
  referenced_security_group_id = aws_security_group.portal_tasks.id
}

resource "aws_security_group" "portal_tasks" {
  #checkov:skip=CKV2_AWS_5:Attached to the portal's tasks through module.portal_web's security_group_ids; checkov's plan graph does not follow references through module variables.
  name        = "${var.name}-portal-tasks"
  description = "Portal tasks: HTTPS from the load balancer only, HTTPS out to AWS APIs"
  vpc_id      = aws_vpc.this.id
}

resource "aws_vpc_security_group_ingress_rule" "portal_tasks_from_alb" {
  security_group_id            = aws_security_group.portal_tasks.id
  description                  = "HTTPS from the load balancer"
  ip_protocol                  = "tcp"
  from_port                    = var.target_port
  to_port                      = var.target_port
  referenced_security_group_id = aws_security_group.alb.id
}

resource "aws_vpc_security_group_egress_rule" "portal_tasks_https" {
  security_group_id = aws_security_group.portal_tasks.id
  description       = "HTTPS to AWS APIs (ECR, CloudWatch Logs, SSM) through endpoints or NAT"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}
