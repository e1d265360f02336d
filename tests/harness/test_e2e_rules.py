"""The apply path's rules: only allow-listed emulator diffs are tolerated; outputs checked."""

from __future__ import annotations

from tfharness.e2e import known_diffs, output_problems, unexpected_changes
from tfharness.examples import E2ESpec


def change(address: str, rtype: str, actions: list[str], before: dict, after: dict) -> dict:
    return {
        "address": address,
        "type": rtype,
        "change": {"actions": actions, "before": before, "after": after, "after_unknown": {}},
    }


def test_an_allow_listed_in_place_update_is_tolerated() -> None:
    plan = {
        "resource_changes": [
            change(
                "aws_sqs_queue.q",
                "aws_sqs_queue",
                ["update"],
                {"redrive_policy": "a"},
                {"redrive_policy": "b"},
            )
        ]
    }
    unexpected, tolerated = unexpected_changes(plan)
    assert unexpected == [] and len(tolerated) == 1


def test_another_attribute_of_the_same_type_is_not() -> None:
    plan = {
        "resource_changes": [
            change(
                "aws_sqs_queue.q",
                "aws_sqs_queue",
                ["update"],
                {"redrive_policy": "a", "name": "x"},
                {"redrive_policy": "b", "name": "y"},
            )
        ]
    }
    unexpected, _ = unexpected_changes(plan)
    assert [d.attributes for d in unexpected] == [("name", "redrive_policy")]


def test_a_replacement_is_never_tolerated() -> None:
    plan = {
        "resource_changes": [
            change(
                "aws_sqs_queue.q",
                "aws_sqs_queue",
                ["delete", "create"],
                {"redrive_policy": "a"},
                {"redrive_policy": "b"},
            )
        ]
    }
    assert unexpected_changes(plan)[0]


def test_no_op_and_reads_are_clean() -> None:
    plan = {
        "resource_changes": [
            change("a.b", "a", ["no-op"], {}, {}),
            change("data.a.b", "a", ["read"], {}, {}),
        ]
    }
    assert unexpected_changes(plan) == ([], [])


def test_every_allow_list_entry_has_a_reason() -> None:
    assert ("aws_db_parameter_group", "parameter") in known_diffs()


def test_empty_outputs_fail_unless_declared_nullable() -> None:
    assert output_problems({"a": None}, E2ESpec())
    assert output_problems({"a": None}, E2ESpec(nullable_outputs=frozenset({"a"}))) == []


def test_output_patterns_are_enforced() -> None:
    spec = E2ESpec(output_patterns={"arn": "^arn:aws:kms:"})
    assert output_problems({"arn": "arn:aws:kms:x"}, spec) == []
    assert output_problems({"arn": "arn:aws:s3:::x"}, spec)
    assert output_problems({}, spec)
