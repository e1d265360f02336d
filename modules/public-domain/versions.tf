terraform {
  required_version = ">= 1.11"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.100, < 6.0"
      # aws.us_east_1: DNSSEC signing key, query log group, CloudFront certificate and web ACL
      # (all of which AWS accepts only in us-east-1).
      configuration_aliases = [aws.us_east_1]
    }
  }
}
