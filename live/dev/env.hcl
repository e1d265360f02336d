# Settings that make dev cheaper and easier to tear down than prod. Never weaker on security:
# encryption, TLS, logging and private networking are the same in every environment.
locals {
  environment = "dev"

  # The environment's public DNS name (each region's public-domain unit creates the zone
  # <region>.<public_domain>). Replace it with a domain your organisation owns and delegate each
  # region's zone to its name servers (output zone_name_servers). Units
  # derive every host name from it: portal, API, links in outreach messages, the SES sender.
  public_domain = "dev.phi-platform.example.com"

  # Countries patients are served from: the CloudFront site's geo restriction and the
  # CloudFront web ACL's geo allow-list (public-domain, cloudfront-s3 units).
  patient_countries = ["US"]

  kms_deletion_window_in_days = 7

  # One NAT gateway for the whole VPC (an explicit cost mode); app egress stops if its AZ fails.
  nat_gateway_mode = "single"

  # Database and cache sizes. Both are Multi-AZ in every environment (the modules' default;
  # checkov CKV_AWS_157 holds for every unit plan), so dev also proves failover.
  db_instance_class = "db.t4g.medium"
  cache_node_type   = "cache.t4g.small"
}
