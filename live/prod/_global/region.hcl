# Account-wide units (IAM, CloudTrail, Config, Backup) run once per account, in its home region.
locals {
  aws_region = "us-east-1"
}
