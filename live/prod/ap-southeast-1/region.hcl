# prod, disaster-recovery region.
locals {
  aws_region = "ap-southeast-1"
  azs        = ["ap-southeast-1a", "ap-southeast-1b", "ap-southeast-1c"]
  vpc_cidr   = "10.1.0.0/16"
}
