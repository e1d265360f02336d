# Settings that make dev cheaper and easier to tear down than prod. Never weaker on security:
# encryption, TLS, logging and private networking are the same in every environment.
locals {
  environment = "dev"

  kms_deletion_window_in_days = 7

  # One NAT gateway for the whole VPC (an explicit cost mode); app egress stops if its AZ fails.
  nat_gateway_mode = "single"

  # No standby database (an explicit dev cost mode); the cache keeps its replica, since automatic failover needs one.
  high_availability = false
  db_instance_class = "db.t4g.medium"
  cache_node_type   = "cache.t4g.small"
}
