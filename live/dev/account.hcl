# The AWS account that holds the dev environment. Replace account_id with your account's.
locals {
  account_name        = "phi-platform-dev"
  account_id          = "111111111111"
  home_region         = "us-east-1" # account-wide units (live/dev/_global) live here
  terraform_role_name = "phi-platform-terraform"
  owner               = "platform-engineering"

  regions   = ["us-east-1", "ap-southeast-1"] # every region this account runs (one directory each)
  dr_region = "ap-southeast-1"                # receives a copy of every backup recovery point
}
