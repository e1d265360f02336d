# Sign-in for a patient portal and a staff portal: two user pools with TOTP MFA required,
# threat protection enforced, deletion protection, email through a verified SES identity,
# and one public SPA client per pool (authorization code + PKCE, 15-minute tokens).
provider "aws" {
  region = var.region

  default_tags {
    tags = {
      Project = "phi-platform"
    }
  }
}

resource "aws_sesv2_email_identity" "sender" {
  email_identity = var.sender_domain
}

data "aws_caller_identity" "current" {}

module "cognito" {
  source = "../.."

  name               = var.name
  environment        = "prod"
  ses_identity_arn   = "arn:aws:ses:${var.region}:${data.aws_caller_identity.current.account_id}:identity/${aws_sesv2_email_identity.sender.email_identity}"
  from_email_address = "Example Health <no-reply@${var.sender_domain}>"
  domain_prefix      = var.name
  patient_app_urls = {
    callback_urls = ["https://portal.${var.sender_domain}/auth/callback"]
    logout_urls   = ["https://portal.${var.sender_domain}/"]
  }
  staff_app_urls = {
    callback_urls = ["https://staff.${var.sender_domain}/auth/callback"]
    logout_urls   = ["https://staff.${var.sender_domain}/"]
  }
}
