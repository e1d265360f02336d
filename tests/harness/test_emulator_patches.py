"""The embedded AWS's additions to moto (tagging, rule descriptions, SQS counts, the RDS default
CA), pinned to moto."""

from __future__ import annotations

from typing import Any

import boto3
import moto
import pytest
from tfharness import emulator_patches
from tfharness.emulator import Emulator

sqs_models: Any = emulator_patches.sqs_models
DEFAULT_ACCOUNT_ID = "123456789012"  # moto's default account

TARGET = {
    "ServiceNamespace": "dynamodb",
    "ResourceId": "table/patients",
    "ScalableDimension": "dynamodb:table:ReadCapacityUnits",
}


def test_scalable_target_tags_round_trip() -> None:
    with Emulator() as aws:
        client = aws.client("application-autoscaling")
        arn = client.register_scalable_target(
            **TARGET, MinCapacity=2, MaxCapacity=4, Tags={"Project": "phi-platform"}
        )["ScalableTargetARN"]
        assert client.list_tags_for_resource(ResourceARN=arn)["Tags"] == {"Project": "phi-platform"}
        client.tag_resource(ResourceARN=arn, Tags={"Owner": "platform"})
        client.untag_resource(ResourceARN=arn, TagKeys=["Project"])
        assert client.list_tags_for_resource(ResourceARN=arn)["Tags"] == {"Owner": "platform"}
        client.deregister_scalable_target(**TARGET)
        assert client.list_tags_for_resource(ResourceARN=arn)["Tags"] == {}


def test_patches_refuse_an_unpinned_moto(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(moto, "__version__", "9.9.9")
    with pytest.raises(RuntimeError, match=r"targets moto 5\.2\.5, found 9\.9\.9"):
        emulator_patches.apply()


def test_referenced_security_group_rules_keep_their_description() -> None:
    with Emulator() as aws:
        ec2 = aws.client("ec2")
        vpc = ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
        alb = ec2.create_security_group(GroupName="alb", Description="alb", VpcId=vpc)["GroupId"]
        app = ec2.create_security_group(GroupName="app", Description="app", VpcId=vpc)["GroupId"]
        rule = ec2.authorize_security_group_ingress(
            GroupId=app,
            IpPermissions=[
                {
                    "IpProtocol": "tcp",
                    "FromPort": 8443,
                    "ToPort": 8443,
                    "UserIdGroupPairs": [{"GroupId": alb, "Description": "HTTPS from the ALB"}],
                }
            ],
        )["SecurityGroupRules"][0]["SecurityGroupRuleId"]
        described = ec2.describe_security_group_rules(SecurityGroupRuleIds=[rule])
        assert described["SecurityGroupRules"][0]["Description"] == "HTTPS from the ALB"


def test_prefix_list_rules_keep_their_description() -> None:
    with Emulator() as aws:
        ec2 = aws.client("ec2")
        vpc = ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
        alb = ec2.create_security_group(GroupName="alb", Description="alb", VpcId=vpc)["GroupId"]
        prefix_list = ec2.create_managed_prefix_list(
            PrefixListName="edge",
            MaxEntries=1,
            AddressFamily="IPv4",
            Entries=[{"Cidr": "10.20.0.0/16"}],
        )["PrefixList"]["PrefixListId"]
        rule = ec2.authorize_security_group_ingress(
            GroupId=alb,
            IpPermissions=[
                {
                    "IpProtocol": "tcp",
                    "FromPort": 443,
                    "ToPort": 443,
                    "PrefixListIds": [
                        {"PrefixListId": prefix_list, "Description": "HTTPS from edge"}
                    ],
                }
            ],
        )["SecurityGroupRules"][0]["SecurityGroupRuleId"]
        described = ec2.describe_security_group_rules(SecurityGroupRuleIds=[rule])
        assert described["SecurityGroupRules"][0]["Description"] == "HTTPS from edge"


def test_sqs_queue_counts_keep_moto_semantics() -> None:
    """5 sent: 1 delayed, 2 received (in flight), 2 visible; the patched counts say so."""
    with Emulator() as aws:
        sqs = aws.client("sqs")
        url = sqs.create_queue(QueueName="counts")["QueueUrl"]
        sqs.send_message(QueueUrl=url, MessageBody="later", DelaySeconds=60)
        for body in ("a", "b", "c", "d"):
            sqs.send_message(QueueUrl=url, MessageBody=body)
        received = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=2, VisibilityTimeout=60)
        assert len(received["Messages"]) == 2
        attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
        assert attributes["ApproximateNumberOfMessages"] == "2"
        assert attributes["ApproximateNumberOfMessagesNotVisible"] == "2"
        assert attributes["ApproximateNumberOfMessagesDelayed"] == "1"


def test_sqs_send_cost_does_not_grow_with_queue_depth(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading a queue's attributes (moto does it on every send) reads the clock a fixed
    number of times, not twice per queued message: 300 queued messages, at most 8 reads."""
    queue_class: Any = sqs_models.Queue
    for name in (
        "messages",
        "approximate_number_of_messages",
        "approximate_number_of_messages_delayed",
        "approximate_number_of_messages_not_visible",
    ):
        monkeypatch.setattr(queue_class, name, queue_class.__dict__[name])  # restored after
    emulator_patches._patch_sqs_queue_counts()
    reads = {"n": 0}
    clock = sqs_models.unix_time_millis

    def counting_clock(*args: Any) -> float:
        reads["n"] += 1
        return float(clock(*args))

    with moto.mock_aws():
        sqs = boto3.client(
            "sqs", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x"
        )
        url = sqs.create_queue(QueueName="deep")["QueueUrl"]
        for start in range(0, 300, 10):
            entries = [{"Id": str(i), "MessageBody": f"m{start + i}"} for i in range(10)]
            sqs.send_message_batch(QueueUrl=url, Entries=entries)
        queue = sqs_models.sqs_backends[DEFAULT_ACCOUNT_ID]["us-east-1"].queues["deep"]
        monkeypatch.setattr(sqs_models, "unix_time_millis", counting_clock)
        assert queue.attributes["ApproximateNumberOfMessages"] == 300
        assert reads["n"] <= 8, f"{reads['n']} clock reads for one attribute read"


def _rds_instance(client: Any, name: str, **extra: Any) -> dict[str, Any]:
    instance: dict[str, Any] = client.create_db_instance(
        DBInstanceIdentifier=name,
        DBInstanceClass="db.t4g.medium",
        Engine="postgres",
        MasterUsername="admin_user",
        MasterUserPassword="not-a-real-password-1",
        AllocatedStorage=20,
        **extra,
    )["DBInstance"]
    return instance


def test_new_db_instances_get_the_aws_default_ca_and_keep_an_explicit_one() -> None:
    """Without the patch CreateDBInstance answers rds-ca-default, and the provider then
    modifies every new instance to its configured CA and waits for it a second time."""
    with Emulator() as aws:
        client = aws.client("rds")
        created = _rds_instance(client, "default-ca")
        assert created["CACertificateIdentifier"] == emulator_patches.RDS_DEFAULT_CA
        explicit = _rds_instance(client, "explicit-ca", CACertificateIdentifier="rds-ca-ecc384-g1")
        assert explicit["CACertificateIdentifier"] == "rds-ca-ecc384-g1"
        described = client.describe_db_instances(DBInstanceIdentifier="default-ca")
        assert described["DBInstances"][0]["CACertificateIdentifier"] == "rds-ca-rsa2048-g1"
