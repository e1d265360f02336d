terraform {
  required_version = ">= 1.11"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.100, < 6.0"
      # aws.dr: the second region that receives a copy of every recovery point.
      configuration_aliases = [aws.dr]
    }
  }
}
