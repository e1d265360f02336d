# Production: highly available, protected against deletion, longest recovery windows.
locals {
  environment = "prod"

  kms_deletion_window_in_days = 30
}
