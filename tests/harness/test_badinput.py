"""Batched bad-input plans: errors are attributed to the right case and judged strictly."""

from __future__ import annotations

import json

from tfharness.badinput import BadInput, batch_source, problems, split_errors

OUTPUT = """
Error: Invalid value for variable

  on main.tf.json line 4, in module.case_0:
   4:     "deletion_window_in_days": 6,
    ├────────────────
    │ var.deletion_window_in_days is 6

deletion_window_in_days must be between 7 and 30.

Error: Invalid value for variable

  on main.tf.json line 9, in module.case_2:
   9:     "alias": "alias/x",
    ├────────────────
    │ var.alias is "alias/x"

alias must not carry the alias/ prefix.
"""


def test_errors_are_split_per_module_call() -> None:
    errors = split_errors(OUTPUT)
    assert set(errors) == {"case_0", "case_2"}
    assert "var.deletion_window_in_days" in errors["case_0"]
    assert "var.alias" in errors["case_2"] and "deletion" not in errors["case_2"]


def test_a_case_passes_only_with_its_variable_and_rule() -> None:
    case = BadInput(
        "w", {"deletion_window_in_days": 6}, "deletion_window_in_days", "must be between 7 and 30"
    )
    message = split_errors(OUTPUT)["case_0"]
    assert problems(case, message) == []
    assert problems(case, "") and "accepted" in problems(case, "")[0]
    other_rule = BadInput("w", {}, "deletion_window_in_days", "must be odd")
    assert problems(other_rule, message)
    other_var = BadInput("w", {}, "alias", "must be between 7 and 30")
    assert problems(other_var, message)


def test_batch_root_calls_the_module_once_per_case_with_base_inputs() -> None:
    cases = [BadInput("a", {"x": 1}, "x", "r", {"name": "n"}), BadInput("b", {"y": 2}, "y", "r")]
    root = json.loads(batch_source(cases))
    assert root["module"] == {
        "case_0": {"source": "../", "name": "n", "x": 1},
        "case_1": {"source": "../", "y": 2},
    }
