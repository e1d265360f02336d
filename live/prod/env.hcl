# Production: highly available, protected against deletion, longest recovery windows.
locals {
  environment = "prod"

  # The environment's public DNS name (each region's public-domain unit creates the zone
  # <region>.<public_domain>). Replace it with a domain your organisation owns and delegate each
  # region's zone to its name servers (output zone_name_servers). Units
  # derive every host name from it: portal, API, links in outreach messages, the SES sender.
  public_domain = "phi-platform.example.com"

  # Countries patients are served from: the CloudFront site's geo restriction and the
  # CloudFront web ACL's geo allow-list (public-domain, cloudfront-s3 units).
  patient_countries = ["US"]

  kms_deletion_window_in_days = 30

  # A NAT gateway in every AZ: losing one AZ never cuts the others' egress.
  nat_gateway_mode = "one_per_az"

  # Database and cache sizes. Both are Multi-AZ in every environment (the modules' default;
  # checkov CKV_AWS_157 holds for every unit plan), so dev also proves failover.
  db_instance_class = "db.m7g.large"
  cache_node_type   = "cache.m7g.large"
}
