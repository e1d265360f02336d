"""Findings forwarder: GuardDuty and Security Hub findings in, short PHI-free alerts out.

Entry point ``findings_forwarder.handler.handler``. The pure core (``model``, ``sanitize``,
``guardduty``, ``securityhub``, ``core``) never touches AWS; ``adapters`` holds the
DynamoDB de-duplication store and the SNS publisher.
"""
