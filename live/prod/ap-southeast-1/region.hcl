# prod, disaster-recovery region.
locals {
  aws_region = "ap-southeast-1"
  azs        = ["ap-southeast-1a", "ap-southeast-1b", "ap-southeast-1c"]
  vpc_cidr   = "10.1.0.0/16"

  # The address plan: four equal tier blocks (public, app, data, spare), each AZ letter a-h
  # owning one eighth of its tier block (what modules/vpc derives by default). The vpc unit
  # creates these subnets; the nacl unit builds its rules from the same ranges.
  subnet_cidrs = {
    public = { "ap-southeast-1a" = "10.1.0.0/21", "ap-southeast-1b" = "10.1.8.0/21", "ap-southeast-1c" = "10.1.16.0/21" }
    app    = { "ap-southeast-1a" = "10.1.64.0/21", "ap-southeast-1b" = "10.1.72.0/21", "ap-southeast-1c" = "10.1.80.0/21" }
    data   = { "ap-southeast-1a" = "10.1.128.0/21", "ap-southeast-1b" = "10.1.136.0/21", "ap-southeast-1c" = "10.1.144.0/21" }
  }
}
