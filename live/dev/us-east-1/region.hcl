# dev, primary region. The dev VPC ranges overlap no prod range (10.0.0.0/16, 10.1.0.0/16).
locals {
  aws_region = "us-east-1"
  azs        = ["us-east-1a", "us-east-1b"]
  vpc_cidr   = "10.20.0.0/16"

  # The address plan: four equal tier blocks (public, app, data, spare), each AZ letter a-h
  # owning one eighth of its tier block (what modules/vpc derives by default). The vpc unit
  # creates these subnets; the nacl unit builds its rules from the same ranges.
  subnet_cidrs = {
    public = { "us-east-1a" = "10.20.0.0/21", "us-east-1b" = "10.20.8.0/21" }
    app    = { "us-east-1a" = "10.20.64.0/21", "us-east-1b" = "10.20.72.0/21" }
    data   = { "us-east-1a" = "10.20.128.0/21", "us-east-1b" = "10.20.136.0/21" }
  }
}
