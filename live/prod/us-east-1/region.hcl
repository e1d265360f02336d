# prod, primary region.
locals {
  aws_region = "us-east-1"
  azs        = ["us-east-1a", "us-east-1b", "us-east-1c"]
  vpc_cidr   = "10.0.0.0/16"

  # The address plan: four equal tier blocks (public, app, data, spare), each AZ letter a-h
  # owning one eighth of its tier block (what modules/vpc derives by default). The vpc unit
  # creates these subnets; the nacl unit builds its rules from the same ranges.
  subnet_cidrs = {
    public = { "us-east-1a" = "10.0.0.0/21", "us-east-1b" = "10.0.8.0/21", "us-east-1c" = "10.0.16.0/21" }
    app    = { "us-east-1a" = "10.0.64.0/21", "us-east-1b" = "10.0.72.0/21", "us-east-1c" = "10.0.80.0/21" }
    data   = { "us-east-1a" = "10.0.128.0/21", "us-east-1b" = "10.0.136.0/21", "us-east-1c" = "10.0.144.0/21" }
  }
}
