# A sending domain with Easy DKIM (2048-bit) and a configuration set that requires TLS to
# the receiving server and suppresses addresses that bounced or complained.
provider "aws" {
  region = var.region
}

module "ses" {
  source = "../.."

  domain                   = var.domain
  configuration_set_name   = "${var.name}-outreach"
  enable_configuration_set = var.enable_configuration_set
  dkim_key_length          = var.dkim_key_length
}
