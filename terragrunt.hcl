# Root Terragrunt configuration of the PHI platform. Every unit under live/ includes it by name:
#
#   include "root" {
#     path = find_in_parent_folders("terragrunt.hcl")
#   }
#
# It gives each unit
#   * remote state in S3, in the unit's own account and region: SSE-KMS under a customer key,
#     a versioned bucket, Terraform's native S3 lock file, the key derived from the unit's path;
#   * a generated AWS provider pinned to the account (allowed_account_ids) that assumes the
#     account's Terraform role, with the platform's default tags on every resource, and a
#     second one (alias us_east_1) with the same settings in us-east-1;
#   * the settings of live/<env>/account.hcl, env.hcl and <region>/region.hcl as inputs.
#
# Terragrunt 1.x prefers the root to be called root.hcl (a root terragrunt.hcl makes it warn);
# README.md ("The live tree") says how to switch.

locals {
  account = read_terragrunt_config(find_in_parent_folders("account.hcl")).locals
  env     = read_terragrunt_config(find_in_parent_folders("env.hcl")).locals
  region  = read_terragrunt_config(find_in_parent_folders("region.hcl")).locals

  project     = "phi-platform"
  account_id  = local.account.account_id
  environment = local.env.environment
  aws_region  = local.region.aws_region

  terraform_role_arn = "arn:aws:iam::${local.account_id}:role/${local.account.terraform_role_name}"

  # State lives next to what it describes: one bucket per account and region, so a region
  # (e.g. the DR region) can be planned and applied while the other one is unavailable.
  state_bucket      = "${local.project}-tfstate-${local.account_id}-${local.aws_region}"
  state_kms_key_arn = "arn:aws:kms:${local.aws_region}:${local.account_id}:alias/${local.project}-tfstate"

  default_tags = {
    Project            = local.project
    Environment        = local.environment
    DataClassification = "PHI"
    Owner              = local.account.owner
    ManagedBy          = "terragrunt"
  }

  # The one switch for the embedded AWS (moto's server, used by `make demo` and the tests):
  # PHI_EMULATOR=1 sets, for this unit only, the inputs listed in live/emulator.yaml, each of
  # which turns off one feature the emulator lacks and says why. Unset (always, on AWS),
  # every unit keeps its modules' secure defaults.
  on_emulator = get_env("PHI_EMULATOR", "") == "1"
  emulator    = yamldecode(file("live/emulator.yaml"))
  emulator_inputs = {
    for name, setting in lookup(local.emulator.units, basename(get_terragrunt_dir()), {}) :
    name => setting.value if local.on_emulator
  }
}

remote_state {
  backend = "s3"
  config = {
    bucket       = local.state_bucket
    key          = "${trimprefix(path_relative_to_include(), "live/")}/terraform.tfstate"
    region       = local.aws_region
    encrypt      = true
    kms_key_id   = local.state_kms_key_arn
    use_lockfile = true
    assume_role = {
      role_arn     = local.terraform_role_arn
      session_name = "terragrunt-state"
    }

    # Used by `terragrunt backend bootstrap` (or --backend-bootstrap) to create the bucket:
    # versioned, SSE-KMS under the state key (create the key first, see README), public access
    # blocked, TLS-only, with its access logs in a separate bucket.
    bucket_sse_algorithm      = "aws:kms"
    bucket_sse_kms_key_id     = local.state_kms_key_arn
    accesslogging_bucket_name = "${local.state_bucket}-logs"
    s3_bucket_tags            = local.default_tags
  }
  generate = {
    path      = "backend.tf"
    if_exists = "overwrite_terragrunt"
  }
}

generate "provider" {
  path      = "provider.tf"
  if_exists = "overwrite_terragrunt"
  contents  = <<-EOF
    provider "aws" {
      region              = "${local.aws_region}"
      allowed_account_ids = ["${local.account_id}"]

      assume_role {
        role_arn     = "${local.terraform_role_arn}"
        session_name = "terragrunt-${local.environment}"
      }

      default_tags {
        tags = {
          Project            = "${local.default_tags.Project}"
          Environment        = "${local.default_tags.Environment}"
          DataClassification = "${local.default_tags.DataClassification}"
          Owner              = "${local.default_tags.Owner}"
          ManagedBy          = "${local.default_tags.ManagedBy}"
        }
      }
    }

    # us-east-1 for what AWS accepts only there (DNSSEC signing keys, CloudFront certificates
    # and web ACLs, Route 53 query logs): same account pin, role and tags. Modules that need it
    # declare configuration_aliases = [aws.us_east_1]; the others leave it unused.
    provider "aws" {
      alias               = "us_east_1"
      region              = "us-east-1"
      allowed_account_ids = ["${local.account_id}"]

      assume_role {
        role_arn     = "${local.terraform_role_arn}"
        session_name = "terragrunt-${local.environment}"
      }

      default_tags {
        tags = {
          Project            = "${local.default_tags.Project}"
          Environment        = "${local.default_tags.Environment}"
          DataClassification = "${local.default_tags.DataClassification}"
          Owner              = "${local.default_tags.Owner}"
          ManagedBy          = "${local.default_tags.ManagedBy}"
        }
      }
    }
  EOF
}

# Account, environment and region settings reach every unit (a module uses those it declares).
inputs = merge(local.account, local.env, local.region, local.emulator_inputs)
