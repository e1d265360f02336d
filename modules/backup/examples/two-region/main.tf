# Backups of a production account: a vault in the home region and a DR vault in a second
# region, each under its own customer key and a compliance-mode vault lock; daily (35 days)
# and monthly (7 years, cold after 90 days) rules copied to the DR vault; resources selected
# by tag and by ARN; vault failures and changes to SNS.
provider "aws" {
  region = var.region

  default_tags {
    tags = {
      Project = "phi-platform"
    }
  }
}

provider "aws" {
  alias  = "dr"
  region = var.dr_region

  default_tags {
    tags = {
      Project = "phi-platform"
    }
  }
}

data "aws_caller_identity" "current" {}

module "backup" {
  source = "../.."
  providers = {
    aws    = aws
    aws.dr = aws.dr
  }

  name        = "${var.name}-phi"
  environment = "prod"
  resource_arns = [
    "arn:aws:s3:::${var.name}-documents-${data.aws_caller_identity.current.account_id}",
  ]
  enable_backup_selections   = var.enable_backup_selections
  enable_vault_notifications = var.enable_vault_notifications
}
