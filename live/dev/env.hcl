# Settings that make dev cheaper and easier to tear down than prod. Never weaker on security:
# encryption, TLS, logging and private networking are the same in every environment.
locals {
  environment = "dev"

  kms_deletion_window_in_days = 7
}
