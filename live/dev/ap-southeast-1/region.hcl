# dev, second region (exercises the DR layout). Its VPC range overlaps no other range.
locals {
  aws_region = "ap-southeast-1"
  azs        = ["ap-southeast-1a", "ap-southeast-1b"]
  vpc_cidr   = "10.21.0.0/16"
}
