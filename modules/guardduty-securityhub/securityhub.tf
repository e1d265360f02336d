# --- Security Hub: standards subscribed explicitly, one finding per control -----------------

resource "aws_securityhub_account" "this" {
  count = var.enable_security_hub ? 1 : 0

  enable_default_standards  = false
  auto_enable_controls      = true
  control_finding_generator = var.consolidated_control_findings ? "SECURITY_CONTROL" : "STANDARD_CONTROL"
}

resource "aws_securityhub_standards_subscription" "this" {
  for_each = var.enable_security_hub ? toset(var.security_hub_standards) : toset([])

  # Standards ARNs are regional: arn:<partition>:securityhub:<region>::standards/<name>/v/<v>.
  standards_arn = "arn:${data.aws_partition.current.partition}:securityhub:${data.aws_region.current.name}::standards/${each.value}"

  depends_on = [aws_securityhub_account.this]
}

# --- Amazon Inspector v2 ------------------------------------------------------------------

resource "aws_inspector2_enabler" "this" {
  count = var.enable_inspector ? 1 : 0

  account_ids    = [data.aws_caller_identity.current.account_id]
  resource_types = var.inspector_resource_types
}

# --- IAM Access Analyzer --------------------------------------------------------------------

resource "aws_accessanalyzer_analyzer" "this" {
  count = var.enable_access_analyzer ? 1 : 0

  analyzer_name = "${var.name}-account"
  type          = "ACCOUNT"
  tags          = var.tags
}
