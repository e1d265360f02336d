# dev, primary region. The dev VPC ranges overlap no prod range (10.0.0.0/16, 10.1.0.0/16).
locals {
  aws_region = "us-east-1"
  azs        = ["us-east-1a", "us-east-1b"]
  vpc_cidr   = "10.20.0.0/16"
}
