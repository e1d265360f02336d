# The identity baseline of one account in its home region: hardened password policy, the
# three operator groups with MFA enforced, the Dev/Test role fenced off production and PHI,
# the account-wide S3 public access block and EBS encryption by default with a customer key.
provider "aws" {
  region = var.region

  default_tags {
    tags = {
      Project = "phi-platform"
    }
  }
}

module "iam_baseline" {
  source = "../.."

  name                       = var.name
  enable_ebs_default_kms_key = var.enable_ebs_default_kms_key

  enable_s3_account_public_access_block = var.enable_s3_account_public_access_block
}
