# prod, primary region.
locals {
  aws_region = "us-east-1"
  azs        = ["us-east-1a", "us-east-1b", "us-east-1c"]
  vpc_cidr   = "10.0.0.0/16"
}
