# Root Terragrunt configuration. Units under live/ include it by name:
#   include "root" { path = find_in_parent_folders("terragrunt.hcl") }
# The live-composition work fills in remote state, the generated provider and merged inputs.
locals {
  project = "phi-platform"
}
