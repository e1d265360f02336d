"""modules/s3-bucket: PHI bucket policy, log producers' real delivery requirements, bad input."""

from __future__ import annotations

import json

import pytest
from tfharness.badinput import BadInput
from tfharness.paths import MODULES_DIR
from tfharness.plan import PlanSummary, summarise

KEY = "arn:aws:kms:us-east-1:111122223333:key/11111111-2222-3333-4444-555555555555"
LOGS = "unit-test-logs"
PHI = {"name": "unit-test-phi", "kms_key_arn": KEY, "access_logging": {"target_bucket": LOGS}}
AWSLOGSDELIVERY = "c4c1ede66af53448b93c283ce9448c4ba468c9432aa01d700d3878632f77d2d0"
# Elastic Load Balancing's log-delivery account in us-east-1 (published by AWS).
ELB_US_EAST_1 = "arn:aws:iam::127311923021:root"

pytestmark = pytest.mark.plan


def _call(plan_call, **inputs) -> PlanSummary:
    return summarise(plan_call("s3-bucket", inputs))


def _statements(summary: PlanSummary, profile: str) -> dict[str, dict]:
    policy = summary.resource(f"module.under_test.aws_s3_bucket_policy.{profile}[0]")["policy"]
    return {s["Sid"]: s for s in json.loads(policy)["Statement"]}


def _log_bucket(plan_call, **delivery) -> PlanSummary:
    return _call(plan_call, name=LOGS, profile="log", log_delivery=delivery)


# --- PHI profile ------------------------------------------------------------------------


def test_phi_policy_denies_plaintext_transport_old_tls_and_other_encryption(plan_call) -> None:
    statements = _statements(_call(plan_call, **PHI), "phi")
    assert statements["DenyInsecureTransport"]["Effect"] == "Deny"
    assert statements["DenyInsecureTransport"]["Condition"] == {
        "Bool": {"aws:SecureTransport": "false"}
    }
    assert statements["DenyOutdatedTls"]["Condition"] == {
        "NumericLessThan": {"s3:TlsVersion": "1.2"}
    }
    assert statements["DenyUploadsWithOtherEncryption"]["Condition"] == {
        "StringNotEqualsIfExists": {"s3:x-amz-server-side-encryption": "aws:kms"}
    }
    assert statements["DenyUploadsWithOtherKmsKeys"]["Condition"] == {
        "StringNotEqualsIfExists": {"s3:x-amz-server-side-encryption-aws-kms-key-id": KEY}
    }
    assert statements["DenyUploadsWithoutKmsEncryptionHeader"]["Condition"] == {
        "Null": {"s3:x-amz-server-side-encryption": "true"}
    }


def test_phi_bucket_never_allows_log_producers(plan_call) -> None:
    statements = _statements(_call(plan_call, **PHI), "phi")
    assert all(s["Effect"] == "Deny" for s in statements.values())


def test_kms_header_enforcement_is_an_explicit_opt_out(plan_call) -> None:
    statements = _statements(_call(plan_call, **PHI, enforce_kms_upload_header=False), "phi")
    assert "DenyUploadsWithoutKmsEncryptionHeader" not in statements
    assert "DenyUploadsWithOtherKmsKeys" in statements


def test_sse_s3_prefixes_are_exempt_from_the_kms_rules_only(plan_call) -> None:
    # CloudTrail encrypts digest files with SSE-S3 whatever the trail's key; only their
    # prefix may take SSE-S3, and TLS rules still cover it.
    prefix = "AWSLogs/111122223333/CloudTrail-Digest/"
    digests = f"arn:aws:s3:::{PHI['name']}/{prefix}*"
    statements = _statements(_call(plan_call, **PHI, sse_s3_key_prefixes=[prefix]), "phi")
    for sid in (
        "DenyUploadsWithOtherEncryption",
        "DenyUploadsWithOtherKmsKeys",
        "DenyUploadsWithoutKmsEncryptionHeader",
    ):
        assert statements[sid]["NotResource"] == digests, sid
        assert "Resource" not in statements[sid], sid
    sse_s3 = statements["DenyUploadsToSseS3PrefixesWithOtherEncryption"]
    assert (sse_s3["Effect"], sse_s3["Resource"]) == ("Deny", digests)
    assert sse_s3["Condition"] == {
        "StringNotEqualsIfExists": {"s3:x-amz-server-side-encryption": "AES256"}
    }
    assert set(statements["DenyInsecureTransport"]["Resource"]) == {
        f"arn:aws:s3:::{PHI['name']}",
        f"arn:aws:s3:::{PHI['name']}/*",
    }


def test_phi_bucket_uses_the_customer_key_with_a_bucket_key(plan_call) -> None:
    summary = _call(plan_call, **PHI)
    rule = summary.resource(
        "module.under_test.aws_s3_bucket_server_side_encryption_configuration.phi[0]"
    )["rule"][0]
    assert rule["apply_server_side_encryption_by_default"][0] == {
        "sse_algorithm": "aws:kms",
        "kms_master_key_id": KEY,
    }
    assert rule["bucket_key_enabled"] is True


def test_replication_uses_a_scoped_role_and_the_destination_key(plan_call) -> None:
    destination_key = KEY.replace("us-east-1", "ap-southeast-1")
    summary = _call(
        plan_call,
        **PHI,
        replication={
            "destination_bucket_arn": "arn:aws:s3:::unit-test-phi-dr",
            "destination_kms_key_arn": destination_key,
        },
    )
    config = summary.resource("module.under_test.aws_s3_bucket_replication_configuration.this[0]")
    destination = config["rule"][0]["destination"][0]
    assert destination["encryption_configuration"][0]["replica_kms_key_id"] == destination_key
    policy = json.loads(
        summary.resource("module.under_test.aws_iam_role_policy.replication[0]")["policy"]
    )
    by_sid = {s["Sid"]: s for s in policy["Statement"]}
    assert by_sid["WriteReplicas"]["Resource"] == "arn:aws:s3:::unit-test-phi-dr/*"
    assert (
        by_sid["DecryptSource"]["Condition"]["StringEquals"]["kms:ViaService"]
        == "s3.us-east-1.amazonaws.com"
    )


# --- log profile: each producer's real delivery requirements ------------------------------


def test_log_bucket_is_sse_s3_because_alb_and_s3_access_logs_require_it(plan_call) -> None:
    summary = _log_bucket(plan_call, s3_server_access_logs=True, alb_access_logs=True)
    rule = summary.resource(
        "module.under_test.aws_s3_bucket_server_side_encryption_configuration.log[0]"
    )["rule"][0]
    assert rule["apply_server_side_encryption_by_default"][0]["sse_algorithm"] == "AES256"


def test_s3_server_access_logs_are_admitted_from_this_account_and_named_buckets(plan_call) -> None:
    source = "arn:aws:s3:::unit-test-phi"
    summary = _log_bucket(plan_call, s3_server_access_logs=True, source_bucket_arns=[source])
    statement = _statements(summary, "log")["S3ServerAccessLogDelivery"]
    assert statement["Principal"] == {"Service": "logging.s3.amazonaws.com"}
    assert statement["Action"] == "s3:PutObject"
    assert statement["Resource"] == f"arn:aws:s3:::{LOGS}/*"
    assert statement["Condition"]["ArnLike"] == {"aws:SourceArn": source}
    assert statement["Condition"]["StringEquals"]["aws:SourceAccount"].isdigit()


def test_alb_logs_are_admitted_for_the_regional_elb_account_under_the_prefix(plan_call) -> None:
    summary = _log_bucket(plan_call, alb_access_logs=True, alb_prefix="edge/alb")
    statements = _statements(summary, "log")
    regional = statements["AlbAccessLogDeliveryRegionalAccount"]
    assert regional["Principal"] == {"AWS": ELB_US_EAST_1}
    assert regional["Resource"].startswith(f"arn:aws:s3:::{LOGS}/edge/alb/AWSLogs/")
    service = statements["AlbAccessLogDeliveryService"]
    assert service["Principal"] == {"Service": "logdelivery.elasticloadbalancing.amazonaws.com"}
    assert service["Resource"] == regional["Resource"]


def test_cloudfront_logs_get_acls_and_the_awslogsdelivery_grant(plan_call) -> None:
    summary = _log_bucket(plan_call, cloudfront_standard_logs=True)
    ownership = summary.resource(
        "module.under_test.aws_s3_bucket_ownership_controls.log_acl_enabled[0]"
    )
    assert ownership["rule"][0]["object_ownership"] == "BucketOwnerPreferred"
    acl = summary.resource("module.under_test.aws_s3_bucket_acl.log_cloudfront[0]")
    grants = acl["access_control_policy"][0]["grant"]
    assert {"id": AWSLOGSDELIVERY, "permission": "FULL_CONTROL"} in [
        {"id": g["grantee"][0]["id"], "permission": g["permission"]} for g in grants
    ]


def test_without_cloudfront_acls_stay_disabled_on_log_buckets(plan_call) -> None:
    summary = _log_bucket(plan_call, s3_server_access_logs=True)
    ownership = summary.resource("module.under_test.aws_s3_bucket_ownership_controls.log[0]")
    assert ownership["rule"][0]["object_ownership"] == "BucketOwnerEnforced"
    assert not summary.of_type("aws_s3_bucket_acl")


# --- bad input ------------------------------------------------------------------------------


LOG = {"name": LOGS, "profile": "log"}
BAD_INPUTS = [
    BadInput(
        "phi-without-key",
        {"kms_key_arn": None},
        "kms_key_arn",
        'kms_key_arn is required when profile = "phi"',
        PHI,
    ),
    BadInput(
        "phi-without-logging",
        {"access_logging": None},
        "access_logging",
        'access_logging is required when profile = "phi"',
        PHI,
    ),
    BadInput(
        "key-alias",
        {"kms_key_arn": "alias/my-key"},
        "kms_key_arn",
        "kms_key_arn must be a KMS key ARN",
        PHI,
    ),
    BadInput(
        "log-with-key",
        {"kms_key_arn": KEY},
        "kms_key_arn",
        'kms_key_arn must be null when profile = "log"',
        LOG,
    ),
    BadInput(
        "unknown-profile", {"profile": "public"}, "profile", 'profile must be "phi" or "log"', PHI
    ),
    BadInput("uppercase-name", {"name": "Bad_Name"}, "name", "name must be 3-63 characters", PHI),
    BadInput("dotted-name", {"name": "with.dots.bucket"}, "name", "contain no dots", PHI),
    BadInput(
        "phi-as-log-target",
        {"log_delivery": {"alb_access_logs": True}},
        "log_delivery",
        'log_delivery is only for profile = "log"',
        PHI,
    ),
    BadInput(
        "bad-lock-mode",
        {"object_lock": {"mode": "WEAK", "days": 1}},
        "object_lock",
        "object_lock.mode must be GOVERNANCE or COMPLIANCE",
        PHI,
    ),
    BadInput(
        "expire-before-transition",
        {"expiration_days": 30, "transition_to_glacier_days": 90},
        "expiration_days",
        "expiration_days must be greater than transition_to_glacier_days",
        PHI,
    ),
    BadInput(
        "abort-zero",
        {"abort_incomplete_multipart_upload_days": 0},
        "abort_incomplete_multipart_upload_days",
        "between 1 and 30",
        PHI,
    ),
    BadInput(
        "sse-s3-prefix-leading-slash",
        {"sse_s3_key_prefixes": ["/AWSLogs/"]},
        "sse_s3_key_prefixes",
        "sse_s3_key_prefixes entries must be key prefixes ending with `/`",
        PHI,
    ),
    BadInput(
        "sse-s3-prefix-on-log-bucket",
        {"sse_s3_key_prefixes": ["AWSLogs/"]},
        "sse_s3_key_prefixes",
        'sse_s3_key_prefixes is only for profile = "phi"',
        LOG,
    ),
    BadInput(
        "policy-not-json",
        {"additional_policy_documents": ["{}"]},
        "additional_policy_documents",
        "must be IAM policy documents in JSON",
        PHI,
    ),
    BadInput(
        "replication-on-log-bucket",
        {
            "replication": {
                "destination_bucket_arn": "arn:aws:s3:::dr",
                "destination_kms_key_arn": KEY,
            }
        },
        "replication",
        'replication is only supported for profile = "phi"',
        LOG,
    ),
    BadInput(
        "queue-notification-without-events",
        {
            "queue_notifications": [
                {
                    "id": "intake",
                    "queue_arn": "arn:aws:sqs:us-east-1:111122223333:intake",
                    "events": [],
                }
            ]
        },
        "queue_notifications",
        "at least one S3 event type",
        PHI,
    ),
    BadInput(
        "queue-notification-on-log-bucket",
        {
            "queue_notifications": [
                {"id": "intake", "queue_arn": "arn:aws:sqs:us-east-1:111122223333:intake"}
            ]
        },
        "queue_notifications",
        'queue_notifications is only for profile = "phi"',
        LOG,
    ),
]


@pytest.mark.parametrize("case", BAD_INPUTS, ids=[c.id for c in BAD_INPUTS])
def test_bad_input_is_rejected_with_the_rule(bad_input, case: BadInput) -> None:
    bad_input("s3-bucket", BAD_INPUTS, case)


# --- the two profiles' shared resource blocks must not drift apart ------------------------

SHARED_TYPES = (
    "aws_s3_bucket_public_access_block",
    "aws_s3_bucket_versioning",
    "aws_s3_bucket_lifecycle_configuration",
    "aws_s3_bucket_object_lock_configuration",
    "aws_s3_bucket_notification",
    "aws_s3_bucket_policy",
)


def _block(text: str, rtype: str, name: str) -> str:
    start = text.index(f'resource "{rtype}" "{name}" {{')
    end = text.index("\n}\n", start)
    return text[start:end]


@pytest.mark.parametrize("rtype", SHARED_TYPES)
def test_profiles_share_identical_blocks(rtype: str) -> None:
    """phi.tf and log.tf repeat these blocks on purpose (direct references for checkov's
    plan graph, per-profile skips); they must stay identical but for the profile name."""
    phi = _block((MODULES_DIR / "s3-bucket" / "phi.tf").read_text(), rtype, "phi")
    log = _block((MODULES_DIR / "s3-bucket" / "log.tf").read_text(), rtype, "log")
    assert phi.replace("phi", "PROFILE") == log.replace("log", "PROFILE")
