"""Fixtures shared by module tests: real subnets in the plan emulator.

Modules of the data tier read the subnets they are given (``data "aws_subnet"``) and reject
public ones, so their plans need subnets that exist. Each worker's plan emulator gets one
VPC with private data-tier subnets and one subnet for each kind of "public".
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path
from typing import Any

import pytest
from tfharness.emulator import Emulator


def make_subnets(emulator: Emulator) -> dict[str, Any]:
    ec2 = emulator.client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.250.0.0/16")["Vpc"]["VpcId"]

    def subnet(cidr: str, az: str, tier: str | None = None) -> str:
        tags = (
            [{"ResourceType": "subnet", "Tags": [{"Key": "Tier", "Value": tier}]}] if tier else []
        )
        return str(
            ec2.create_subnet(
                VpcId=vpc, CidrBlock=cidr, AvailabilityZone=az, TagSpecifications=tags
            )["Subnet"]["SubnetId"]
        )

    data = [subnet("10.250.1.0/24", "us-east-1a", "data"), subnet("10.250.2.0/24", "us-east-1b")]
    public_ip = subnet("10.250.3.0/24", "us-east-1a")
    ec2.modify_subnet_attribute(SubnetId=public_ip, MapPublicIpOnLaunch={"Value": True})
    tagged_public = subnet("10.250.4.0/24", "us-east-1a", "public")
    internet_routed = subnet("10.250.5.0/24", "us-east-1a")
    igw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
    table = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=table, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)
    ec2.associate_route_table(RouteTableId=table, SubnetId=internet_routed)
    return {
        "vpc": vpc,
        "data": data,
        "public_ip": public_ip,
        "tagged_public": tagged_public,
        "internet_routed": internet_routed,
    }


@pytest.fixture(scope="session")
def data_tier_subnets(plan_emulator: Emulator) -> dict[str, Any]:
    """Subnet ids in this worker's plan emulator: ``data`` (two private subnets in two AZs),
    ``public_ip`` (maps public IPs), ``tagged_public`` (Tier = public), ``internet_routed``
    (its route table sends 0.0.0.0/0 to an internet gateway)."""
    return make_subnets(plan_emulator)


# --- The rotation function's zip ---------------------------------------------------------
# Examples that deploy lambda_src/rotation_postgres read build/lambda/rotation_postgres.zip.
# Until the deterministic Lambda builder lands, the session makes a stand-in zip of the
# package source (fixed timestamps, sorted entries; no runtime wheels, which neither plans
# nor the emulator execute) when none exists, and points the examples' `package_path` at it
# by absolute path, so copies of the examples (working copies, mutants) find it too.

ROTATION_ZIP = Path(__file__).resolve().parents[2] / "build" / "lambda" / "rotation_postgres.zip"


def _stand_in_zip(target: Path) -> None:
    source = Path(__file__).resolve().parents[2] / "lambda_src" / "rotation_postgres"
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(source.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                info = zipfile.ZipInfo(str(path.relative_to(source.parent)), (1980, 1, 1, 0, 0, 0))
                info.external_attr = 0o644 << 16
                archive.writestr(info, path.read_bytes(), zipfile.ZIP_DEFLATED)
    partial.replace(target)


@pytest.fixture(scope="session", autouse=True)
def rotation_package() -> Path:
    if not ROTATION_ZIP.is_file():
        _stand_in_zip(ROTATION_ZIP)
    os.environ["TF_VAR_package_path"] = str(ROTATION_ZIP)  # noqa: SIM112 - Terraform variable names are case-sensitive
    return ROTATION_ZIP
