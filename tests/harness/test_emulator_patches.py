"""The embedded AWS's additions to moto: Application Auto Scaling tagging, pinned to moto."""

from __future__ import annotations

import boto3
import moto
import pytest
from tfharness import emulator_patches
from tfharness.emulator import Emulator

TARGET = {
    "ServiceNamespace": "dynamodb",
    "ResourceId": "table/patients",
    "ScalableDimension": "dynamodb:table:ReadCapacityUnits",
}


def test_scalable_target_tags_round_trip() -> None:
    with Emulator() as aws:
        env = aws.env()
        client = boto3.client(
            "application-autoscaling",
            endpoint_url=env["AWS_ENDPOINT_URL"],
            region_name=env["AWS_REGION"],
            aws_access_key_id=env["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"],
        )
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
        env = aws.env()
        ec2 = boto3.client(
            "ec2",
            endpoint_url=env["AWS_ENDPOINT_URL"],
            region_name=env["AWS_REGION"],
            aws_access_key_id=env["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"],
        )
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
        env = aws.env()
        ec2 = boto3.client(
            "ec2",
            endpoint_url=env["AWS_ENDPOINT_URL"],
            region_name=env["AWS_REGION"],
            aws_access_key_id=env["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"],
        )
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
