# One rotated PostgreSQL login per workload. The secrets-rotation unit creates a secret for
# each (and the RDS Proxy logs each in); the workflow units read theirs by name, mocks too.
locals {
  logins = ["app", "outreach", "redeem", "intake"]
}
