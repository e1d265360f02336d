# The two kinds of route the workflows need, on one HTTP API: a staff route behind a Cognito
# JWT authorizer (token from the staff user pool, audience = its app client) and a public
# single-use-link route with a tighter throttle. Both invoke a function's `live` alias.
provider "aws" {
  region = var.region
}

data "aws_caller_identity" "current" {}

module "kms" {
  source = "../../../kms"

  alias                   = "${var.name}-api"
  description             = "API access logs and the example function (${var.name})"
  deletion_window_in_days = 7
  via_services            = ["lambda.${var.region}.amazonaws.com", "sqs.${var.region}.amazonaws.com"]
  service_principals = {
    CloudWatchLogs = {
      principal = "logs.${var.region}.amazonaws.com"
      actions   = ["kms:Decrypt*", "kms:Describe*", "kms:Encrypt*", "kms:GenerateDataKey*", "kms:ReEncrypt*"]
      conditions = [{
        test     = "ArnLike"
        variable = "kms:EncryptionContext:aws:logs:arn"
        values   = ["arn:aws:logs:${var.region}:${data.aws_caller_identity.current.account_id}:log-group:*"]
      }]
    }
  }
}

module "function" {
  source = "../../../lambda-function"

  function_name      = "${var.name}-api-backend"
  description        = "Stands in for the workflow functions behind the API (lambda_src/hello_phi)"
  package_path       = var.package_path
  handler            = "hello_phi.handler.handler"
  kms_key_arn        = module.kms.key_arn
  vpc_config         = null # calls no VPC resource
  enable_dead_letter = var.enable_dead_letter
  log_format         = var.log_format
}

# Staff sign in here: administrators create accounts, MFA is required.
resource "aws_cognito_user_pool" "staff" {
  name                     = "${var.name}-staff"
  mfa_configuration        = "ON"
  deletion_protection      = "INACTIVE" # an example; production pools keep ACTIVE
  username_attributes      = ["email"]
  auto_verified_attributes = ["email"]

  software_token_mfa_configuration {
    enabled = true
  }

  user_pool_add_ons {
    advanced_security_mode = "ENFORCED"
  }

  admin_create_user_config {
    allow_admin_create_user_only = true
  }

  password_policy {
    minimum_length    = 14
    require_lowercase = true
    require_uppercase = true
    require_numbers   = true
    require_symbols   = true
  }
}

resource "aws_cognito_user_pool_client" "staff_portal" {
  name                                 = "${var.name}-staff-portal"
  user_pool_id                         = aws_cognito_user_pool.staff.id
  generate_secret                      = false
  allowed_oauth_flows_user_pool_client = true
  allowed_oauth_flows                  = ["code"]
  allowed_oauth_scopes                 = ["openid", "email"]
  callback_urls                        = ["https://staff.clinic.example/callback"]
  supported_identity_providers         = ["COGNITO"]
  explicit_auth_flows                  = ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
  prevent_user_existence_errors        = "ENABLED"
  enable_token_revocation              = true
}

module "api" {
  source = "../.."

  name            = "${var.name}-workflows"
  log_kms_key_arn = module.kms.key_arn
  jwt = {
    issuer   = "https://cognito-idp.${var.region}.amazonaws.com/${aws_cognito_user_pool.staff.id}"
    audience = [aws_cognito_user_pool_client.staff_portal.id]
  }
  routes = {
    "POST /campaigns/{campaign_id}/plan" = {
      alias_arn = module.function.alias_arn
    }
    "GET /r/{token}" = {
      alias_arn     = module.function.alias_arn
      authorization = "NONE"
      timeout_ms    = 5000
    }
  }
  route_throttling = {
    "GET /r/{token}" = { burst_limit = 20, rate_limit = 10 }
  }
}
