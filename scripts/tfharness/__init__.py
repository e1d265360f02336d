"""tfharness: the project's Terraform test harness.

One package drives everything the project proves: the offline Terraform toolchain,
the embedded AWS emulator (moto's server), plans and their inventories, checkov
scans, apply/re-plan/destroy runs, and (in later modules) the Terragrunt-subset
evaluator. Tests, the Makefile and the demo all go through it.
"""
