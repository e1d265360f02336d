"""The inventory matcher: subset semantics, exact counts, explicit absence, placeholders."""

from __future__ import annotations

from pathlib import Path

import pytest
from tfharness import inventory
from tfharness.plan import MISSING, PlanSummary, summarise


def summary(values=None, counts=None, outputs=None, account="111122223333") -> PlanSummary:
    raw = {
        "variables": {"region": {"value": "eu-west-1"}},
        "prior_state": {
            "values": {
                "root_module": {
                    "resources": [
                        {"type": "aws_caller_identity", "values": {"account_id": account}}
                    ]
                }
            }
        },
    }
    return PlanSummary(values or {}, counts or {}, outputs or {}, raw)


def test_only_listed_keys_are_compared() -> None:
    plan = summary({"aws_s3_bucket.b": {"bucket": "x", "force_destroy": False}})
    assert inventory.check(plan, {"values": {"aws_s3_bucket.b": {"bucket": "x"}}}) == []


def test_a_differing_value_is_reported_with_its_path() -> None:
    plan = summary({"aws_kms_key.k": {"enable_key_rotation": False}})
    problems = inventory.check(plan, {"values": {"aws_kms_key.k": {"enable_key_rotation": True}}})
    assert [p.path for p in problems] == ["values.aws_kms_key.k.enable_key_rotation"]


def test_bool_never_equals_int() -> None:
    plan = summary({"r.x": {"flag": 1}})
    assert inventory.check(plan, {"values": {"r.x": {"flag": True}}})


def test_missing_marker_asserts_absence_of_a_key() -> None:
    plan = summary({"r.x": {"arn": "known"}})
    assert inventory.check(plan, {"values": {"r.x": {"arn": MISSING}}})
    assert inventory.check(summary({"r.x": {}}), {"values": {"r.x": {"arn": MISSING}}}) == []


def test_lists_must_match_in_length() -> None:
    plan = summary({"r.x": {"rule": [{"a": 1}, {"a": 2}]}})
    assert inventory.check(plan, {"values": {"r.x": {"rule": [{"a": 1}]}}})
    assert inventory.check(plan, {"values": {"r.x": {"rule": [{"a": 1}, {}]}}}) == []


def test_json_strings_compare_structurally() -> None:
    plan = summary({"r.p": {"policy": '{"Statement":[{"Sid":"A","Effect":"Deny"}]}'}})
    good = {"values": {"r.p": {"policy": {"Statement": [{"Sid": "A"}]}}}}
    bad = {"values": {"r.p": {"policy": {"Statement": [{"Sid": "A", "Effect": "Allow"}]}}}}
    assert inventory.check(plan, good) == []
    assert inventory.check(plan, bad)


def test_counts_are_exact_and_zero_means_absent() -> None:
    plan = summary(counts={"aws_s3_bucket": 2})
    assert inventory.check(plan, {"counts": {"aws_s3_bucket": 1}})
    assert inventory.check(plan, {"counts": {"aws_s3_bucket_acl": 0}}) == []
    assert inventory.check(plan, {"counts": {"aws_s3_bucket": 0}})


def test_absent_addresses_must_not_be_planned() -> None:
    plan = summary({"aws_s3_bucket_acl.a": {}})
    assert inventory.check(plan, {"absent": ["aws_s3_bucket_acl.a"]})
    assert inventory.check(plan, {"absent": ["aws_s3_bucket_acl.b"]}) == []


def test_unplanned_address_is_a_mismatch() -> None:
    assert inventory.check(summary(), {"values": {"aws_kms_key.k": {}}})


def test_outputs_are_exact() -> None:
    plan = summary(outputs={"arn": MISSING, "name": "x"})
    assert inventory.check(plan, {"outputs": {"arn": MISSING, "name": "x"}}) == []
    assert inventory.check(plan, {"outputs": {"name": "y"}})
    assert inventory.check(plan, {"outputs": {"other": "y"}})


def test_placeholders_stand_for_the_plan_account_and_region() -> None:
    plan = summary({"r.x": {"arn": "arn:aws:logs:eu-west-1:111122223333:log-group:x"}})
    expected = {"values": {"r.x": {"arn": "arn:aws:logs:${region}:${account_id}:log-group:x"}}}
    assert inventory.check(plan, expected) == []
    other = summary({"r.x": {"arn": "arn:aws:logs:eu-west-1:999999999999:log-group:x"}})
    assert inventory.check(other, expected)


def test_regenerate_keeps_the_selection_and_writes_placeholders() -> None:
    plan = summary({"r.x": {"a": "111122223333", "b": 2}, "r.y": {"c": 3}}, {"r": 2}, {"o": 1})
    regenerated = inventory.regenerate(plan, {"values": {"r.x": {"a": "old"}}})
    assert regenerated["values"] == {"r.x": {"a": "${account_id}"}}
    assert regenerated["counts"] == {"r": 2}


@pytest.mark.parametrize("text", ["[]", "values: {}\nextra: 1\n", ""])
def test_malformed_inventories_are_refused(tmp_path: Path, text: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(inventory.InventoryError):
        inventory.load(path)


def test_summary_walks_child_modules_and_filters_volatile_attributes() -> None:
    plan = {
        "planned_values": {
            "root_module": {
                "resources": [
                    {
                        "address": "aws_x.a",
                        "mode": "managed",
                        "type": "aws_x",
                        "values": {"filename": "/abs/zip", "keep": "/tmp/w/f"},
                    }
                ],
                "child_modules": [
                    {
                        "address": "module.m",
                        "resources": [
                            {
                                "address": "module.m.aws_y.b",
                                "mode": "managed",
                                "type": "aws_y",
                                "values": {},
                            },
                            {
                                "address": "module.m.data.aws_z.c",
                                "mode": "data",
                                "type": "aws_z",
                                "values": {},
                            },
                        ],
                    }
                ],
            }
        }
    }
    result = summarise(plan, workdir="/tmp/w")
    assert result.counts == {"aws_x": 1, "aws_y": 1, "resources": 2, "modules": 1}
    assert result.values["aws_x.a"] == {"keep": "<workdir>/f"}
