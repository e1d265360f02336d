# Production: highly available, protected against deletion, longest recovery windows.
locals {
  environment = "prod"

  # The environment's public DNS name (a Route 53 public zone the domain unit creates in the home
  # region). Replace it with a domain your organisation owns and delegates to that zone. Units
  # derive every host name from it: portal, API, links in outreach messages, the SES sender.
  public_domain = "phi-platform.example.com"

  kms_deletion_window_in_days = 30

  # A NAT gateway in every AZ: losing one AZ never cuts the others' egress.
  nat_gateway_mode = "one_per_az"

  # Database and cache sizes. Both are Multi-AZ in every environment (the modules' default;
  # checkov CKV_AWS_157 holds for every unit plan), so dev also proves failover.
  db_instance_class = "db.m7g.large"
  cache_node_type   = "cache.m7g.large"
}
