locals {
  jwt_routes    = { for k, r in var.routes : k => r if r.authorization == "JWT" }
  public_routes = { for k, r in var.routes : k => r if r.authorization == "NONE" }

  # Access logs name the route template, never the path: a path can carry a single-use
  # token (`/r/<token>`) or an identifier. No query strings, headers or bodies either.
  access_log_format = jsonencode({
    requestId          = "$context.requestId"
    requestTime        = "$context.requestTime"
    routeKey           = "$context.routeKey"
    status             = "$context.status"
    sourceIp           = "$context.identity.sourceIp"
    userAgent          = "$context.identity.userAgent"
    protocol           = "$context.protocol"
    responseLatency    = "$context.responseLatency"
    integrationStatus  = "$context.integrationStatus"
    integrationLatency = "$context.integrationLatency"
    authorizerError    = "$context.authorizer.error"
    principal          = "$context.authorizer.claims.sub"
  })
}

resource "aws_apigatewayv2_api" "this" {
  name          = var.name
  protocol_type = "HTTP"
  tags          = var.tags

  lifecycle {
    precondition {
      condition     = length(local.jwt_routes) == 0 || var.jwt != null
      error_message = "jwt is required when a route uses authorization = \"JWT\"."
    }
  }
}

resource "aws_apigatewayv2_authorizer" "jwt" {
  count            = var.jwt != null ? 1 : 0
  api_id           = aws_apigatewayv2_api.this.id
  authorizer_type  = "JWT"
  name             = "${var.name}-jwt"
  identity_sources = ["$request.header.Authorization"]

  jwt_configuration {
    issuer   = var.jwt.issuer
    audience = var.jwt.audience
  }
}

resource "aws_apigatewayv2_integration" "this" {
  for_each               = var.routes
  api_id                 = aws_apigatewayv2_api.this.id
  integration_type       = "AWS_PROXY"
  integration_method     = "POST"
  integration_uri        = each.value.alias_arn
  payload_format_version = "2.0"
  timeout_milliseconds   = each.value.timeout_ms
}

resource "aws_apigatewayv2_route" "jwt" {
  for_each             = local.jwt_routes
  api_id               = aws_apigatewayv2_api.this.id
  route_key            = each.key
  target               = "integrations/${aws_apigatewayv2_integration.this[each.key].id}"
  authorization_type   = "JWT"
  authorizer_id        = aws_apigatewayv2_authorizer.jwt[0].id
  authorization_scopes = length(each.value.scopes) > 0 ? each.value.scopes : null
}

resource "aws_apigatewayv2_route" "public" {
  #checkov:skip=CKV_AWS_309:Only routes the caller marked authorization = "NONE" one by one land here (e.g. single-use links patients open without an account; the token in the path is the credential). Every other route is in aws_apigatewayv2_route.jwt.
  for_each           = local.public_routes
  api_id             = aws_apigatewayv2_api.this.id
  route_key          = each.key
  target             = "integrations/${aws_apigatewayv2_integration.this[each.key].id}"
  authorization_type = "NONE"
}

resource "aws_cloudwatch_log_group" "access" {
  name              = "/aws/apigateway/${var.name}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.log_kms_key_arn
  tags              = var.tags
}

resource "aws_apigatewayv2_stage" "default" {
  api_id      = aws_apigatewayv2_api.this.id
  name        = "$default"
  auto_deploy = true
  tags        = var.tags

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.access.arn
    format          = local.access_log_format
  }

  default_route_settings {
    throttling_burst_limit   = var.throttling_burst_limit
    throttling_rate_limit    = var.throttling_rate_limit
    detailed_metrics_enabled = true
  }

  dynamic "route_settings" {
    for_each = var.route_throttling
    content {
      route_key                = route_settings.key
      throttling_burst_limit   = route_settings.value.burst_limit
      throttling_rate_limit    = route_settings.value.rate_limit
      detailed_metrics_enabled = true
    }
  }

  depends_on = [aws_apigatewayv2_route.jwt, aws_apigatewayv2_route.public]
}

# Each route may invoke exactly its alias, and only through this API and that route.
resource "aws_lambda_permission" "route" {
  for_each      = var.routes
  statement_id  = "http-api-${substr(sha256(each.key), 0, 16)}"
  action        = "lambda:InvokeFunction"
  function_name = split(":", each.value.alias_arn)[6]
  qualifier     = split(":", each.value.alias_arn)[7]
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.this.execution_arn}/*/${replace(each.key, " ", "")}"
}
