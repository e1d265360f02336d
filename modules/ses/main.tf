resource "aws_sesv2_configuration_set" "this" {
  count                  = var.enable_configuration_set ? 1 : 0
  configuration_set_name = var.configuration_set_name

  delivery_options {
    tls_policy = var.require_tls ? "REQUIRE" : "OPTIONAL"
  }

  reputation_options {
    reputation_metrics_enabled = var.reputation_metrics_enabled
  }

  sending_options {
    sending_enabled = true
  }

  dynamic "suppression_options" {
    for_each = length(var.suppressed_reasons) > 0 ? [1] : []
    content {
      suppressed_reasons = var.suppressed_reasons
    }
  }

  tags = var.tags
}

# The domain identity, signed with Easy DKIM, sending through the configuration set by
# default (so a sender that forgets ConfigurationSetName still gets TLS-only delivery).
resource "aws_sesv2_email_identity" "this" {
  email_identity         = var.domain
  configuration_set_name = var.enable_configuration_set ? aws_sesv2_configuration_set.this[0].configuration_set_name : null

  dynamic "dkim_signing_attributes" {
    for_each = var.dkim_key_length == null ? [] : [var.dkim_key_length]
    content {
      next_signing_key_length = dkim_signing_attributes.value
    }
  }

  tags = var.tags
}
