locals {
  # Two pools, never one: patients/members and staff differ in who may sign up, which groups
  # exist and which app they use, and a token of one pool must never be valid for the other.
  pools = {
    patients = {
      admin_only = !var.allow_patient_self_registration
      groups     = var.patient_groups
      urls       = var.patient_app_urls
    }
    staff = {
      admin_only = true
      groups     = var.staff_groups
      urls       = var.staff_app_urls
    }
  }

  groups = {
    for pair in flatten([
      for pool, p in local.pools : [
        for group, description in p.groups : { pool = pool, group = group, description = description }
      ]
    ]) : "${pair.pool}/${pair.group}" => pair
  }

  mfa_on = var.mfa_configuration != "OFF"
}

resource "aws_cognito_user_pool" "this" {
  for_each = local.pools

  name                = "${var.name}-${each.key}"
  deletion_protection = var.deletion_protection ? "ACTIVE" : "INACTIVE"

  # Threat protection (advanced security) is a feature of the Plus plan.
  user_pool_tier = "PLUS"

  user_pool_add_ons {
    advanced_security_mode = var.advanced_security_mode
  }

  mfa_configuration = var.mfa_configuration

  dynamic "software_token_mfa_configuration" {
    for_each = local.mfa_on ? [true] : []
    content {
      enabled = true
    }
  }

  password_policy {
    minimum_length                   = var.password_policy.minimum_length
    require_uppercase                = var.password_policy.require_uppercase
    require_lowercase                = var.password_policy.require_lowercase
    require_numbers                  = var.password_policy.require_numbers
    require_symbols                  = var.password_policy.require_symbols
    password_history_size            = var.password_policy.password_history_size
    temporary_password_validity_days = var.password_policy.temporary_password_validity_days
  }

  username_attributes      = ["email"]
  auto_verified_attributes = ["email"]

  username_configuration {
    case_sensitive = false
  }

  # A changed email address stays unverified (and unused for sign-in) until its owner
  # confirms it, so an attacker with a session cannot redirect recovery email.
  user_attribute_update_settings {
    attributes_require_verification_before_update = ["email"]
  }

  account_recovery_setting {
    recovery_mechanism {
      name     = "verified_email"
      priority = 1
    }
  }

  admin_create_user_config {
    allow_admin_create_user_only = each.value.admin_only
  }

  device_configuration {
    challenge_required_on_new_device      = true
    device_only_remembered_on_user_prompt = true
  }

  email_configuration {
    email_sending_account = "DEVELOPER"
    source_arn            = var.ses_identity_arn
    from_email_address    = var.from_email_address
  }

  tags = merge(var.tags, { UserPool = each.key })
}

resource "aws_cognito_user_group" "this" {
  for_each = local.groups

  user_pool_id = aws_cognito_user_pool.this[each.value.pool].id
  name         = each.value.group
  description  = each.value.description
}

# One public client per pool for the single-page app: authorization code grant only (with
# PKCE, the only safe grant for a client that cannot keep a secret), no implicit grant, no
# password grant, short-lived tokens that can be revoked.
resource "aws_cognito_user_pool_client" "spa" {
  for_each = local.pools

  name         = "${var.name}-${each.key}-spa"
  user_pool_id = aws_cognito_user_pool.this[each.key].id

  generate_secret                      = false
  allowed_oauth_flows_user_pool_client = true
  allowed_oauth_flows                  = ["code"]
  allowed_oauth_scopes                 = ["openid", "email", "profile"]
  supported_identity_providers         = ["COGNITO"]
  callback_urls                        = each.value.urls.callback_urls
  logout_urls                          = each.value.urls.logout_urls
  explicit_auth_flows                  = ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
  prevent_user_existence_errors        = "ENABLED"
  enable_token_revocation              = true
  auth_session_validity                = 3

  access_token_validity  = var.token_validity.access_token_minutes
  id_token_validity      = var.token_validity.id_token_minutes
  refresh_token_validity = var.token_validity.refresh_token_hours

  token_validity_units {
    access_token  = "minutes"
    id_token      = "minutes"
    refresh_token = "hours"
  }
}

resource "aws_cognito_user_pool_domain" "this" {
  for_each = var.domain_prefix == null ? {} : local.pools

  domain       = "${var.domain_prefix}-${each.key}"
  user_pool_id = aws_cognito_user_pool.this[each.key].id
}
