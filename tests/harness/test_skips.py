"""Skip comments reach exactly the plan resource whose block holds them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tfharness.scan import ScanError, scan_plans
from tfharness.skips import Address, SkipIndex, block_end, block_skips, parse_address

REASON = "Stand-in: attached by the consumer"


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("aws_vpc.this", Address((), "resource", "aws_vpc", "this")),
        ("aws_subnet.data[2]", Address((), "resource", "aws_subnet", "data")),
        ("data.aws_iam_policy_document.key", Address((), "data", "aws_iam_policy_document", "key")),
        (
            'module.net["a.b"].module.sg.aws_security_group.rotation[0]',
            Address(("net", "sg"), "resource", "aws_security_group", "rotation"),
        ),
        ("module.kms.aws_kms_key.this", Address(("kms",), "resource", "aws_kms_key", "this")),
    ],
)
def test_addresses_split_into_module_path_and_block(address: str, expected: Address) -> None:
    assert parse_address(address) == expected


def test_an_address_without_a_block_is_not_parsed() -> None:
    assert parse_address("module.kms") is None
    assert parse_address("module.kms.") is None


def test_a_provider_address_finds_no_block(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text('provider "aws" {\n  region = "us-east-1"\n}\n')
    assert SkipIndex({}, tmp_path).skips_of("aws.default") == {}


def test_block_end_ignores_braces_in_strings_comments_and_heredocs() -> None:
    lines = [
        'resource "aws_iam_policy" "p" {',
        '  name   = "a-{b}-c"  # a } in a comment',
        "  policy = <<EOT",
        '{"Statement": [{',
        "EOT",
        '  tags = { x = "${var.a}" }',
        "}",
        'resource "aws_iam_policy" "q" {}',
    ]
    assert block_end(lines, 0) == 6
    assert block_end(lines, 7) == 7


def _module(directory: Path, skip: bool) -> None:
    directory.mkdir(parents=True)
    comment = f"  #checkov:skip=CKV_AWS_24:{REASON}\n" if skip else ""
    (directory / "main.tf").write_text(
        f'resource "aws_security_group" "other" {{\n  name = "x"\n}}\n\n'
        f'resource "aws_security_group" "rotation" {{\n{comment}  name = "rotation"\n}}\n'
    )


def _sg(module: str) -> dict[str, Any]:
    rule = {
        "from_port": 22,
        "to_port": 22,
        "protocol": "tcp",
        "cidr_blocks": ["0.0.0.0/0"],
        "description": "ssh",
        "ipv6_cidr_blocks": [],
        "prefix_list_ids": [],
        "security_groups": [],
        "self": False,
    }
    return {
        "address": f"module.{module}.aws_security_group.rotation",
        "mode": "managed",
        "type": "aws_security_group",
        "name": "rotation",
        "provider_name": "registry.terraform.io/hashicorp/aws",
        "values": {"name": "rotation", "description": "sg", "ingress": [rule], "egress": []},
    }


def _two_module_plan(root: Path) -> tuple[Path, dict[str, Any]]:
    """A root calling ./skipped and ./unskipped, each declaring aws_security_group.rotation."""
    _module(root / "skipped", skip=True)
    _module(root / "unskipped", skip=False)
    names = ("skipped", "unskipped")
    plan = {
        "format_version": "1.2",
        "terraform_version": "1.11.0",
        "planned_values": {
            "root_module": {
                "child_modules": [{"address": f"module.{m}", "resources": [_sg(m)]} for m in names]
            }
        },
        "resource_changes": [
            {
                **{k: v for k, v in _sg(m).items() if k != "values"},
                "module_address": f"module.{m}",
                "change": {"actions": ["create"], "before": None, "after": _sg(m)["values"]},
            }
            for m in names
        ],
        "configuration": {
            "root_module": {"module_calls": {m: {"source": f"./{m}", "module": {}} for m in names}}
        },
    }
    path = root / "plan.json"
    path.write_text(json.dumps(plan))
    return path, plan


def test_same_named_blocks_in_two_modules_keep_their_own_skips(tmp_path: Path) -> None:
    _, plan = _two_module_plan(tmp_path)
    index = SkipIndex(plan, tmp_path)
    assert index.skips_of("module.skipped.aws_security_group.rotation") == {"CKV_AWS_24": REASON}
    assert index.skips_of("module.unskipped.aws_security_group.rotation") == {}
    assert index.skips_of("module.skipped.aws_security_group.other") == {}
    assert index.skips_of("module.missing.aws_security_group.rotation") == {}


def test_a_remote_module_source_yields_no_skips(tmp_path: Path) -> None:
    plan = {"configuration": {"root_module": {"module_calls": {"x": {"source": "hashicorp/x"}}}}}
    assert SkipIndex(plan, tmp_path).skips_of("module.x.aws_vpc.this") == {}


def test_block_skips_reads_only_the_named_block(tmp_path: Path) -> None:
    _module(tmp_path / "m", skip=True)
    assert block_skips(tmp_path / "m", "resource", "aws_security_group", "other") == {}
    assert block_skips(tmp_path / "m", "resource", "aws_security_group", "rotation") == {
        "CKV_AWS_24": REASON
    }


def test_checkov_plan_scan_skips_only_the_block_with_the_comment(tmp_path: Path) -> None:
    """Real checkov: the same check fails in the unskipped module, is skipped in the other."""
    path, _ = _two_module_plan(tmp_path)
    result = scan_plans({"two": path}, {"two": tmp_path})
    status = {
        f.resource: (f.status, f.reason) for f in result.findings if f.check_id == "CKV_AWS_24"
    }
    assert status == {
        "module.skipped.aws_security_group.rotation": ("skipped", REASON),
        "module.unskipped.aws_security_group.rotation": ("failed", ""),
    }


def test_a_plan_without_its_root_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ScanError, match=r"no root module directory given for \['two'\]"):
        scan_plans({"two": tmp_path / "plan.json"}, {})
