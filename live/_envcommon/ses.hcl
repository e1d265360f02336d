# The environment's SES sender in this region (modules/ses): the public domain as an Easy DKIM
# identity (publish its dkim_tokens in the domain's zone; sending starts once SES verifies
# them) and a configuration set that refuses delivery without TLS and suppresses bounces and
# complaints. The identity sends through the set by default; outreach and the user pools send
# from addresses on this domain.
locals {
  env    = read_terragrunt_config(find_in_parent_folders("env.hcl")).locals
  region = read_terragrunt_config(find_in_parent_folders("region.hcl")).locals
}

terraform {
  source = "${get_repo_root()}/modules//ses"
}

inputs = {
  domain = local.env.public_domain
  # outreach.hcl names the same set (the ses unit's configuration_set_name output is null on
  # the emulator, which cannot hold the set: live/emulator.yaml).
  configuration_set_name = "phi-platform-${local.env.environment}-tls-required"
  tags                   = { Component = "ses" }
}
