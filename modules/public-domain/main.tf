data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

locals {
  account_id   = data.aws_caller_identity.current.account_id
  partition    = data.aws_partition.current.partition
  account_root = "arn:${local.partition}:iam::${local.account_id}:root"
  zone_name    = "${var.region_label}.${var.public_domain}"

  regional_names   = [for n in var.regional_certificate_names : "${n}.${local.zone_name}"]
  cloudfront_names = [for n in var.cloudfront_certificate_names : "${n}.${local.zone_name}"]

  # Route 53 writes query logs only to groups in us-east-1; the /aws/route53/ prefix lets one
  # resource policy admit every zone's group of this account.
  query_log_group_name = "/aws/route53/${local.zone_name}"
  query_log_group_arn  = "arn:${local.partition}:logs:us-east-1:${local.account_id}:log-group:/aws/route53/*"
  hosted_zones_arn     = "arn:${local.partition}:route53:::hostedzone/*"
}

# --- Zone ---------------------------------------------------------------------------------------

resource "aws_route53_zone" "this" {
  name          = local.zone_name
  comment       = "Public zone of ${local.zone_name} (modules/public-domain)"
  force_destroy = var.force_destroy
  tags          = var.tags
}

# --- DNSSEC -------------------------------------------------------------------------------------

# The key-signing key lives in KMS: an asymmetric P-256 signing key in us-east-1 (the only
# region Route 53 DNSSEC accepts). Route 53 may use it only for this account's hosted zones;
# the account root administers it without being able to sign with it.
data "aws_iam_policy_document" "dnssec" {
  #checkov:skip=CKV_AWS_109:Key policy: Resource "*" is the key itself; the root gets administration only (no Sign, no kms:*), Route 53 DNSSEC only DescribeKey/GetPublicKey/Sign for this account's zones.
  #checkov:skip=CKV_AWS_111:Key policy: Resource "*" is the key itself; every statement names its principal and Route 53's use is limited to this account's hosted zones by SourceAccount/SourceArn.
  #checkov:skip=CKV_AWS_356:Key policy: a key policy cannot name other resources; "*" means this key.
  statement {
    sid       = "KeyAdministration"
    effect    = "Allow"
    resources = ["*"]
    actions = [
      "kms:CancelKeyDeletion",
      "kms:CreateAlias",
      "kms:DeleteAlias",
      "kms:DescribeKey",
      "kms:DisableKey",
      "kms:EnableKey",
      "kms:GetKeyPolicy",
      "kms:GetPublicKey",
      "kms:ListAliases",
      "kms:ListGrants",
      "kms:ListKeyPolicies",
      "kms:ListResourceTags",
      "kms:PutKeyPolicy",
      "kms:RevokeGrant",
      "kms:ScheduleKeyDeletion",
      "kms:TagResource",
      "kms:UntagResource",
      "kms:UpdateAlias",
      "kms:UpdateKeyDescription",
    ]

    principals {
      type        = "AWS"
      identifiers = [local.account_root]
    }
  }

  statement {
    sid       = "Route53DnssecSigning"
    effect    = "Allow"
    actions   = ["kms:DescribeKey", "kms:GetPublicKey", "kms:Sign"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["dnssec-route53.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = [local.hosted_zones_arn]
    }
  }

  statement {
    sid       = "Route53DnssecGrants"
    effect    = "Allow"
    actions   = ["kms:CreateGrant"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["dnssec-route53.amazonaws.com"]
    }

    condition {
      test     = "Bool"
      variable = "kms:GrantIsForAWSResource"
      values   = ["true"]
    }
  }
}

resource "aws_kms_key" "dnssec" {
  #checkov:skip=CKV_AWS_7:Asymmetric SIGN_VERIFY keys cannot rotate automatically (KMS refuses EnableKeyRotation); the DNSSEC key-signing key is rolled over by adding a new key-signing key.
  provider = aws.us_east_1

  description              = "DNSSEC key-signing key of ${local.zone_name}"
  customer_master_key_spec = "ECC_NIST_P256"
  key_usage                = "SIGN_VERIFY"
  deletion_window_in_days  = 30
  policy                   = data.aws_iam_policy_document.dnssec.json
  tags                     = var.tags
}

resource "aws_kms_alias" "dnssec" {
  provider = aws.us_east_1

  name          = "alias/${var.name}-dnssec"
  target_key_id = aws_kms_key.dnssec.key_id
}

resource "aws_route53_key_signing_key" "this" {
  count = var.enable_dnssec ? 1 : 0

  hosted_zone_id             = aws_route53_zone.this.id
  key_management_service_arn = aws_kms_key.dnssec.arn
  name                       = "${replace(var.name, "-", "_")}_ksk"
  status                     = "ACTIVE"
}

resource "aws_route53_hosted_zone_dnssec" "this" {
  count = var.enable_dnssec ? 1 : 0

  hosted_zone_id = aws_route53_key_signing_key.this[0].hosted_zone_id
  signing_status = "SIGNING"
}

# --- Query logging ------------------------------------------------------------------------------

resource "aws_cloudwatch_log_group" "query" {
  count    = var.enable_query_logging ? 1 : 0
  provider = aws.us_east_1

  name              = local.query_log_group_name
  retention_in_days = var.query_log_retention_days
  kms_key_id        = var.log_kms_key_arn
  tags              = var.tags
}

data "aws_iam_policy_document" "query_logs" {
  statement {
    sid       = "Route53QueryLogs"
    effect    = "Allow"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${local.query_log_group_arn}:*"]

    principals {
      type        = "Service"
      identifiers = ["route53.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = [local.hosted_zones_arn]
    }
  }
}

resource "aws_cloudwatch_log_resource_policy" "query" {
  count    = var.enable_query_logging ? 1 : 0
  provider = aws.us_east_1

  policy_name     = "${var.name}-route53-query-logs"
  policy_document = data.aws_iam_policy_document.query_logs.json
}

resource "aws_route53_query_log" "this" {
  count = var.enable_query_logging ? 1 : 0

  cloudwatch_log_group_arn = aws_cloudwatch_log_group.query[0].arn
  zone_id                  = aws_route53_zone.this.zone_id

  depends_on = [aws_cloudwatch_log_resource_policy.query]
}

# --- Certificates (DNS-validated in the zone) ---------------------------------------------------

resource "aws_acm_certificate" "regional" {
  domain_name               = local.regional_names[0]
  subject_alternative_names = slice(local.regional_names, 1, length(local.regional_names))
  validation_method         = "DNS"
  key_algorithm             = var.certificate_key_algorithm
  tags                      = var.tags

  options {
    certificate_transparency_logging_preference = "ENABLED"
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_acm_certificate" "cloudfront" {
  provider = aws.us_east_1

  domain_name               = local.cloudfront_names[0]
  subject_alternative_names = slice(local.cloudfront_names, 1, length(local.cloudfront_names))
  validation_method         = "DNS"
  key_algorithm             = var.certificate_key_algorithm
  tags                      = var.tags

  options {
    certificate_transparency_logging_preference = "ENABLED"
  }

  lifecycle {
    create_before_destroy = true
  }
}

locals {
  # One CNAME per name; the keys are the (static) names, so the plan knows them.
  validation_options = merge(
    { for o in aws_acm_certificate.regional.domain_validation_options : o.domain_name => o },
    { for o in aws_acm_certificate.cloudfront.domain_validation_options : o.domain_name => o },
  )
}

resource "aws_route53_record" "validation" {
  for_each = toset(concat(local.regional_names, local.cloudfront_names))

  zone_id         = aws_route53_zone.this.zone_id
  name            = local.validation_options[each.key].resource_record_name
  type            = local.validation_options[each.key].resource_record_type
  records         = [local.validation_options[each.key].resource_record_value]
  ttl             = 300
  allow_overwrite = true
}

resource "aws_acm_certificate_validation" "regional" {
  certificate_arn         = aws_acm_certificate.regional.arn
  validation_record_fqdns = [for n in local.regional_names : aws_route53_record.validation[n].fqdn]
}

resource "aws_acm_certificate_validation" "cloudfront" {
  provider = aws.us_east_1

  certificate_arn         = aws_acm_certificate.cloudfront.arn
  validation_record_fqdns = [for n in local.cloudfront_names : aws_route53_record.validation[n].fqdn]
}

# --- CloudFront web ACL (us-east-1) ---------------------------------------------------------------

module "cloudfront_waf" {
  source = "../waf"
  providers = {
    aws = aws.us_east_1
  }

  name                  = "${var.name}-cloudfront"
  description           = "CloudFront distributions under ${local.zone_name}"
  scope                 = "CLOUDFRONT"
  kms_key_arn           = var.log_kms_key_arn
  rate_limit            = var.cloudfront_rate_limit
  allowed_country_codes = var.cloudfront_allowed_country_codes
  managed_rule_groups   = [for g in var.cloudfront_managed_rule_groups : { name = g }]
  tags                  = var.tags
}
