# Production: highly available, protected against deletion, longest recovery windows.
locals {
  environment = "prod"

  kms_deletion_window_in_days = 30

  # A NAT gateway in every AZ: losing one AZ never cuts the others' egress.
  nat_gateway_mode = "one_per_az"

  # Multi-AZ database with a synchronous standby; cache with a replica in another AZ.
  high_availability = true
  db_instance_class = "db.m7g.large"
  cache_node_type   = "cache.m7g.large"
}
