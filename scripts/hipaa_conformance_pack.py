"""Writes modules/config/conformance-packs/hipaa-security.yaml, the conformance pack the
config module deploys: AWS Config's "Operational Best Practices for HIPAA Security" rule set
(130 AWS managed rules and one process check), with the rule parameters as template
Parameters that the module can override (``conformance_pack_parameters``).

The catalogue below is the source of truth; ``tests/modules/config/test_config.py`` checks
that the committed template is what this script writes and that its rule names are the
pack's published list. Run after editing:

    PYTHONPATH=scripts .venv/bin/python scripts/hipaa_conformance_pack.py
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

TEMPLATE = (
    Path(__file__).resolve().parent.parent
    / "modules"
    / "config"
    / "conformance-packs"
    / "hipaa-security.yaml"
)

# Template parameters: name -> (default, what it sets). Values are strings, as Config
# passes rule parameters.
PARAMETERS: dict[str, tuple[str, str]] = {
    "MaxAccessKeyAgeDays": ("90", "access-keys-rotated: maximum access key age"),
    "AlarmActionRequired": ("true", "cloudwatch-alarm-action-check: alarms need an ALARM action"),
    "InsufficientDataActionRequired": (
        "true",
        "cloudwatch-alarm-action-check: alarms need an INSUFFICIENT_DATA action",
    ),
    "OkActionRequired": ("false", "cloudwatch-alarm-action-check: alarms need an OK action"),
    "ElbPredefinedPolicyName": (
        "ELBSecurityPolicy-TLS-1-2-2017-01",
        "elb-predefined-security-policy-ssl-check: required Classic Load Balancer policy",
    ),
    "BlockedKmsActions": (
        "kms:*, kms:Decrypt, kms:ReEncrypt*",
        "iam-*-policy-blocked-kms-actions: KMS actions IAM policies must not allow on all keys",
    ),
    "MaxPasswordAgeDays": ("90", "iam-password-policy"),
    "MinimumPasswordLength": ("14", "iam-password-policy"),
    "PasswordReusePrevention": ("24", "iam-password-policy"),
    "RequireLowercaseCharacters": ("true", "iam-password-policy"),
    "RequireNumbers": ("true", "iam-password-policy"),
    "RequireSymbols": ("true", "iam-password-policy"),
    "RequireUppercaseCharacters": ("true", "iam-password-policy"),
    "MaxCredentialUsageAgeDays": ("90", "iam-user-unused-credentials-check"),
    "AuthorizedVpcIds": (
        "",
        "internet-gateway-authorized-vpc-only: comma-separated VPC ids allowed an internet "
        "gateway (empty: none)",
    ),
    "RedshiftClusterDbEncrypted": ("true", "redshift-cluster-configuration-check"),
    "RedshiftLoggingEnabled": ("true", "redshift-cluster-configuration-check"),
    "RedshiftAllowVersionUpgrade": ("true", "redshift-cluster-maintenancesettings-check"),
    "BlockedPort1": ("20", "restricted-common-ports"),
    "BlockedPort2": ("21", "restricted-common-ports"),
    "BlockedPort3": ("3389", "restricted-common-ports"),
    "BlockedPort4": ("3306", "restricted-common-ports"),
    "BlockedPort5": ("4333", "restricted-common-ports"),
    "BlockPublicAcls": ("true", "s3-account-level-public-access-blocks-periodic"),
    "BlockPublicPolicy": ("true", "s3-account-level-public-access-blocks-periodic"),
    "IgnorePublicAcls": ("true", "s3-account-level-public-access-blocks-periodic"),
    "RestrictPublicBuckets": ("true", "s3-account-level-public-access-blocks-periodic"),
}

# Parameters passed to a rule only when set (an empty value would be rejected by the rule).
OPTIONAL_PARAMETERS = {"AuthorizedVpcIds"}

S3 = ["AWS::S3::Bucket"]
RDS_INSTANCE = ["AWS::RDS::DBInstance"]
RDS_CLUSTER = ["AWS::RDS::DBCluster"]
RDS_SNAPSHOTS = ["AWS::RDS::DBSnapshot", "AWS::RDS::DBClusterSnapshot"]
EC2_INSTANCE = ["AWS::EC2::Instance"]
SECURITY_GROUP = ["AWS::EC2::SecurityGroup"]
CLB = ["AWS::ElasticLoadBalancing::LoadBalancer"]
ALB = ["AWS::ElasticLoadBalancingV2::LoadBalancer"]
OPENSEARCH = ["AWS::OpenSearch::Domain"]
REDSHIFT = ["AWS::Redshift::Cluster"]
IAM_PRINCIPALS = ["AWS::IAM::User", "AWS::IAM::Role", "AWS::IAM::Group"]


def rule(
    identifier: str | None = None,
    scope: list[str] | None = None,
    params: dict[str, str] | None = None,
    description: str | None = None,
) -> dict[str, Any]:
    return {"identifier": identifier, "scope": scope, "params": params, "description": description}


# Rule name -> how it is configured. ``identifier`` defaults to the name in upper snake case.
RULES: dict[str, dict[str, Any]] = {
    "access-keys-rotated": rule(params={"maxAccessKeyAge": "MaxAccessKeyAgeDays"}),
    "acm-certificate-expiration-check": rule(scope=["AWS::ACM::Certificate"]),
    "alb-http-to-https-redirection-check": rule(),
    "alb-waf-enabled": rule(scope=ALB),
    "api-gw-associated-with-waf": rule(scope=["AWS::ApiGateway::Stage"]),
    "api-gw-execution-logging-enabled": rule(
        scope=["AWS::ApiGateway::Stage", "AWS::ApiGatewayV2::Stage"]
    ),
    "api-gw-ssl-enabled": rule(scope=["AWS::ApiGateway::Stage"]),
    "aurora-resources-protected-by-backup-plan": rule(scope=RDS_CLUSTER),
    "autoscaling-group-elb-healthcheck-required": rule(
        scope=["AWS::AutoScaling::AutoScalingGroup"]
    ),
    "autoscaling-launch-config-public-ip-disabled": rule(
        scope=["AWS::AutoScaling::LaunchConfiguration"]
    ),
    "backup-plan-min-frequency-and-min-retention-check": rule(scope=["AWS::Backup::BackupPlan"]),
    "backup-recovery-point-encrypted": rule(scope=["AWS::Backup::RecoveryPoint"]),
    "backup-recovery-point-manual-deletion-disabled": rule(scope=["AWS::Backup::BackupVault"]),
    "cloud-trail-cloud-watch-logs-enabled": rule(),
    "cloudtrail-enabled": rule(identifier="CLOUD_TRAIL_ENABLED"),
    "cloud-trail-encryption-enabled": rule(),
    "cloud-trail-log-file-validation-enabled": rule(),
    "cloudtrail-s3-dataevents-enabled": rule(),
    "cloudwatch-alarm-action-check": rule(
        scope=["AWS::CloudWatch::Alarm"],
        params={
            "alarmActionRequired": "AlarmActionRequired",
            "insufficientDataActionRequired": "InsufficientDataActionRequired",
            "okActionRequired": "OkActionRequired",
        },
    ),
    "codebuild-project-envvar-awscred-check": rule(scope=["AWS::CodeBuild::Project"]),
    "codebuild-project-source-repo-url-check": rule(scope=["AWS::CodeBuild::Project"]),
    "db-instance-backup-enabled": rule(scope=RDS_INSTANCE),
    "dms-replication-not-public": rule(),
    "dynamodb-autoscaling-enabled": rule(scope=["AWS::DynamoDB::Table"]),
    "dynamodb-in-backup-plan": rule(),
    "dynamodb-pitr-enabled": rule(scope=["AWS::DynamoDB::Table"]),
    "dynamodb-throughput-limit-check": rule(),
    "ebs-in-backup-plan": rule(),
    "ebs-snapshot-public-restorable-check": rule(),
    "ec2-ebs-encryption-by-default": rule(),
    "ec2-imdsv2-check": rule(scope=EC2_INSTANCE),
    "ec2-instance-managed-by-systems-manager": rule(
        identifier="EC2_INSTANCE_MANAGED_BY_SSM",
        scope=["AWS::EC2::Instance", "AWS::SSM::ManagedInstanceInventory"],
    ),
    "ec2-instance-no-public-ip": rule(scope=EC2_INSTANCE),
    "ec2-instance-profile-attached": rule(scope=EC2_INSTANCE),
    "ec2-managedinstance-association-compliance-status-check": rule(
        scope=["AWS::SSM::AssociationCompliance"]
    ),
    "ec2-managedinstance-patch-compliance-status-check": rule(scope=["AWS::SSM::PatchCompliance"]),
    "ec2-resources-protected-by-backup-plan": rule(scope=EC2_INSTANCE),
    "ec2-stopped-instance": rule(),
    "ecs-containers-readonly-access": rule(scope=["AWS::ECS::TaskDefinition"]),
    "ecs-task-definition-user-for-host-mode-check": rule(scope=["AWS::ECS::TaskDefinition"]),
    "efs-encrypted-check": rule(),
    "efs-in-backup-plan": rule(),
    "elastic-beanstalk-managed-updates-enabled": rule(scope=["AWS::ElasticBeanstalk::Environment"]),
    "elasticache-redis-cluster-automatic-backup-check": rule(),
    "elasticsearch-encrypted-at-rest": rule(),
    "elasticsearch-in-vpc-only": rule(),
    "elasticsearch-logs-to-cloudwatch": rule(scope=["AWS::Elasticsearch::Domain"]),
    "elasticsearch-node-to-node-encryption-check": rule(scope=["AWS::Elasticsearch::Domain"]),
    "elb-acm-certificate-required": rule(scope=CLB),
    "elb-cross-zone-load-balancing-enabled": rule(scope=CLB),
    "elb-deletion-protection-enabled": rule(scope=ALB),
    "elb-logging-enabled": rule(scope=CLB + ALB),
    "elb-predefined-security-policy-ssl-check": rule(
        scope=CLB, params={"predefinedPolicyName": "ElbPredefinedPolicyName"}
    ),
    "elb-tls-https-listeners-only": rule(scope=CLB),
    "elbv2-acm-certificate-required": rule(),
    "emr-kerberos-enabled": rule(),
    "emr-master-no-public-ip": rule(),
    "encrypted-volumes": rule(scope=["AWS::EC2::Volume"]),
    "guardduty-enabled-centralized": rule(),
    "iam-customer-policy-blocked-kms-actions": rule(
        scope=["AWS::IAM::Policy"], params={"blockedActionsPatterns": "BlockedKmsActions"}
    ),
    "iam-inline-policy-blocked-kms-actions": rule(
        scope=IAM_PRINCIPALS, params={"blockedActionsPatterns": "BlockedKmsActions"}
    ),
    "iam-no-inline-policy-check": rule(scope=IAM_PRINCIPALS),
    "iam-password-policy": rule(
        params={
            "MaxPasswordAge": "MaxPasswordAgeDays",
            "MinimumPasswordLength": "MinimumPasswordLength",
            "PasswordReusePrevention": "PasswordReusePrevention",
            "RequireLowercaseCharacters": "RequireLowercaseCharacters",
            "RequireNumbers": "RequireNumbers",
            "RequireSymbols": "RequireSymbols",
            "RequireUppercaseCharacters": "RequireUppercaseCharacters",
        }
    ),
    "iam-policy-no-statements-with-admin-access": rule(scope=["AWS::IAM::Policy"]),
    "iam-policy-no-statements-with-full-access": rule(scope=["AWS::IAM::Policy"]),
    "iam-root-access-key-check": rule(),
    "iam-user-mfa-enabled": rule(),
    "iam-user-no-policies-check": rule(scope=["AWS::IAM::User"]),
    "iam-user-unused-credentials-check": rule(
        params={"maxCredentialUsageAge": "MaxCredentialUsageAgeDays"}
    ),
    "restricted-ssh": rule(identifier="INCOMING_SSH_DISABLED", scope=SECURITY_GROUP),
    "ec2-instances-in-vpc": rule(identifier="INSTANCES_IN_VPC", scope=EC2_INSTANCE),
    "internet-gateway-authorized-vpc-only": rule(
        scope=["AWS::EC2::InternetGateway"], params={"AuthorizedVpcIds": "AuthorizedVpcIds"}
    ),
    "kinesis-stream-encrypted": rule(scope=["AWS::Kinesis::Stream"]),
    "kms-cmk-not-scheduled-for-deletion": rule(scope=["AWS::KMS::Key"]),
    "lambda-function-public-access-prohibited": rule(scope=["AWS::Lambda::Function"]),
    "mfa-enabled-for-iam-console-access": rule(),
    "multi-region-cloudtrail-enabled": rule(identifier="MULTI_REGION_CLOUD_TRAIL_ENABLED"),
    "no-unrestricted-route-to-igw": rule(scope=["AWS::EC2::RouteTable"]),
    "opensearch-encrypted-at-rest": rule(scope=OPENSEARCH),
    "opensearch-https-required": rule(scope=OPENSEARCH),
    "opensearch-in-vpc-only": rule(scope=OPENSEARCH),
    "opensearch-logs-to-cloudwatch": rule(scope=OPENSEARCH),
    "opensearch-node-to-node-encryption-check": rule(scope=OPENSEARCH),
    "rds-automatic-minor-version-upgrade-enabled": rule(scope=RDS_INSTANCE),
    "rds-cluster-deletion-protection-enabled": rule(scope=RDS_CLUSTER),
    "rds-enhanced-monitoring-enabled": rule(scope=RDS_INSTANCE),
    "rds-in-backup-plan": rule(),
    "rds-instance-public-access-check": rule(scope=RDS_INSTANCE),
    "rds-logging-enabled": rule(scope=RDS_INSTANCE),
    "rds-multi-az-support": rule(scope=RDS_INSTANCE),
    "rds-cluster-multi-az-enabled": rule(scope=RDS_CLUSTER),
    "rds-snapshot-encrypted": rule(scope=RDS_SNAPSHOTS),
    "rds-snapshots-public-prohibited": rule(scope=RDS_SNAPSHOTS),
    "rds-storage-encrypted": rule(scope=RDS_INSTANCE),
    "redshift-backup-enabled": rule(scope=REDSHIFT),
    "redshift-cluster-configuration-check": rule(
        scope=REDSHIFT,
        params={
            "clusterDbEncrypted": "RedshiftClusterDbEncrypted",
            "loggingEnabled": "RedshiftLoggingEnabled",
        },
    ),
    "redshift-cluster-maintenancesettings-check": rule(
        scope=REDSHIFT, params={"allowVersionUpgrade": "RedshiftAllowVersionUpgrade"}
    ),
    "redshift-cluster-public-access-check": rule(scope=REDSHIFT),
    "redshift-require-tls-ssl": rule(scope=REDSHIFT),
    "restricted-common-ports": rule(
        identifier="RESTRICTED_INCOMING_TRAFFIC",
        scope=SECURITY_GROUP,
        params={f"blockedPort{i}": f"BlockedPort{i}" for i in range(1, 6)},
    ),
    "root-account-hardware-mfa-enabled": rule(),
    "root-account-mfa-enabled": rule(),
    "s3-account-level-public-access-blocks-periodic": rule(
        params={
            "BlockPublicAcls": "BlockPublicAcls",
            "BlockPublicPolicy": "BlockPublicPolicy",
            "IgnorePublicAcls": "IgnorePublicAcls",
            "RestrictPublicBuckets": "RestrictPublicBuckets",
        }
    ),
    "s3-bucket-acl-prohibited": rule(scope=S3),
    "s3-bucket-default-lock-enabled": rule(scope=S3),
    "s3-bucket-level-public-access-prohibited": rule(scope=S3),
    "s3-bucket-logging-enabled": rule(scope=S3),
    "s3-bucket-public-read-prohibited": rule(scope=S3),
    "s3-bucket-public-write-prohibited": rule(scope=S3),
    "s3-bucket-replication-enabled": rule(scope=S3),
    "s3-bucket-server-side-encryption-enabled": rule(scope=S3),
    "s3-bucket-ssl-requests-only": rule(scope=S3),
    "s3-bucket-versioning-enabled": rule(scope=S3),
    "s3-default-encryption-kms": rule(scope=S3),
    "s3-event-notifications-enabled": rule(scope=S3),
    "s3-version-lifecycle-policy-check": rule(scope=S3),
    "sagemaker-endpoint-configuration-kms-key-configured": rule(),
    "sagemaker-notebook-instance-kms-key-configured": rule(),
    "sagemaker-notebook-no-direct-internet-access": rule(),
    "secretsmanager-rotation-enabled-check": rule(scope=["AWS::SecretsManager::Secret"]),
    "secretsmanager-using-cmk": rule(scope=["AWS::SecretsManager::Secret"]),
    "securityhub-enabled": rule(),
    "sns-encrypted-kms": rule(scope=["AWS::SNS::Topic"]),
    "ssm-document-not-public": rule(),
    "subnet-auto-assign-public-ip-disabled": rule(scope=["AWS::EC2::Subnet"]),
    "vpc-default-security-group-closed": rule(scope=SECURITY_GROUP),
    "vpc-flow-logs-enabled": rule(),
    "vpc-sg-open-only-to-authorized-ports": rule(scope=SECURITY_GROUP),
    "vpc-vpn-2-tunnels-up": rule(scope=["AWS::EC2::VPNConnection"]),
    "wafv2-logging-enabled": rule(),
    "annual-risk-assessment-performed": rule(
        identifier="AWS_CONFIG_PROCESS_CHECK",
        description=(
            "Perform a risk assessment at least once a year: the likelihood and impact of "
            "risks and vulnerabilities to the confidentiality, integrity and availability of "
            "ePHI (HIPAA 164.308(a)(1)(ii)(A)). A manual process check."
        ),
    ),
}


def logical_id(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("-"))


def build() -> dict[str, Any]:
    used = {p for spec in RULES.values() for p in (spec["params"] or {}).values()}
    unknown = used - set(PARAMETERS)
    if unknown:
        raise ValueError(f"rules use undefined parameters: {sorted(unknown)}")
    resources: dict[str, Any] = {}
    for name, spec in RULES.items():
        properties: dict[str, Any] = {"ConfigRuleName": name}
        if spec["description"]:
            properties["Description"] = spec["description"]
        if spec["params"]:
            properties["InputParameters"] = {
                key: (
                    {"Fn::If": [f"Has{param}", {"Ref": param}, {"Ref": "AWS::NoValue"}]}
                    if param in OPTIONAL_PARAMETERS
                    else {"Ref": param}
                )
                for key, param in spec["params"].items()
            }
        if spec["scope"]:
            # A copy per rule: shared lists would be dumped as YAML anchors and aliases.
            properties["Scope"] = {"ComplianceResourceTypes": list(spec["scope"])}
        properties["Source"] = {
            "Owner": "AWS",
            "SourceIdentifier": spec["identifier"] or name.upper().replace("-", "_"),
        }
        resources[logical_id(name)] = {"Type": "AWS::Config::ConfigRule", "Properties": properties}
    return {
        "Parameters": {
            name: {"Type": "String", "Default": default, "Description": what}
            for name, (default, what) in PARAMETERS.items()
            if name in used
        },
        "Conditions": {
            f"Has{name}": {"Fn::Not": [{"Fn::Equals": ["", {"Ref": name}]}]}
            for name in sorted(OPTIONAL_PARAMETERS & used)
        },
        "Resources": resources,
    }


HEADER = """\
# Conformance pack: Operational Best Practices for HIPAA Security (AWS Config).
# Generated by scripts/hipaa_conformance_pack.py; edit the catalogue there, not this file.
# 130 AWS managed rules and one process check. Rule parameters are template Parameters:
# override them with the config module's `conformance_pack_parameters`.
"""


def render() -> str:
    return HEADER + yaml.safe_dump(build(), sort_keys=False, width=100)


def main() -> int:
    TEMPLATE.parent.mkdir(parents=True, exist_ok=True)
    TEMPLATE.write_text(render())
    print(f"wrote {TEMPLATE} ({len(RULES)} rules, {TEMPLATE.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
