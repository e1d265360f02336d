"""Units against their modules: Terraform would not catch these by itself.

Terraform ignores a ``TF_VAR_*`` that names no variable, so a misspelt input silently keeps
the module default; a renamed dependency output fails only once something plans it, and a
mock that does not match a real output hides the mistake from every plan. Each check is
per unit (a named failure), and each is shown to catch a deliberately broken copy.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tfharness import live
from tfharness.live import Unit

from .conftest import UNIT_IDS, UNITS, edit


@pytest.mark.parametrize("unit", UNITS, ids=UNIT_IDS)
def test_inputs_are_module_variables(unit: Unit) -> None:
    check = live.interface_problems(unit)
    assert not check.inputs, "\n".join(check.inputs)


@pytest.mark.parametrize("unit", UNITS, ids=UNIT_IDS)
def test_dependency_outputs_exist(unit: Unit) -> None:
    check = live.interface_problems(unit)
    assert not check.dependencies, "\n".join(check.dependencies)


@pytest.mark.parametrize("unit", UNITS, ids=UNIT_IDS)
def test_mock_outputs_match_outputs_and_carry_the_marker(unit: Unit) -> None:
    check = live.interface_problems(unit)
    assert not check.mocks, "\n".join(check.mocks)


# -- the checks catch a broken tree ------------------------------------------------------------
def phi_data_unit(tree: Path) -> Unit:
    return Unit(tree / "live/dev/us-east-1/s3-phi-data", tree / "live")


def test_a_misspelt_input_is_caught(tree_copy: Path) -> None:
    edit(tree_copy / "live/_envcommon/s3-phi-data.hcl", "  kms_key_arn =", "  kms_key_arm =")
    check = live.interface_problems(phi_data_unit(tree_copy))
    assert any(
        "input `kms_key_arm` is not a variable of modules/s3-bucket" in p for p in check.inputs
    ), check


def test_a_missing_required_input_is_caught(tree_copy: Path) -> None:
    edit(tree_copy / "live/_envcommon/kms.hcl", "  alias ", "  # alias ")
    check = live.interface_problems(
        Unit(tree_copy / "live/prod/ap-southeast-1/kms", tree_copy / "live")
    )
    assert any("modules/kms requires variable `alias`" in p for p in check.inputs), check


def test_a_renamed_dependency_output_is_caught(tree_copy: Path) -> None:
    edit(tree_copy / "modules/kms/outputs.tf", 'output "key_arn"', 'output "kms_key_arn"')
    check = live.interface_problems(phi_data_unit(tree_copy))
    assert any(
        "dependency.kms.outputs.key_arn is not an output of modules/kms" in p
        for p in check.dependencies
    ), check


def test_an_emulator_input_that_is_not_a_variable_is_caught(tree_copy: Path) -> None:
    edit(
        tree_copy / "live/emulator.yaml",
        "    eventbridge_notifications:",
        "    eventbridge:",
    )
    check = live.interface_problems(
        Unit(tree_copy / "live/dev/us-east-1/s3-access-logs", tree_copy / "live")
    )
    assert any("live/emulator.yaml sets `eventbridge`" in p for p in check.inputs), check


def test_an_unmarked_mock_is_caught(tree_copy: Path) -> None:
    edit(
        tree_copy / "live/_envcommon/s3-phi-data.hcl",
        '"phi-platform-${local.mock}-access-logs"',
        '"some-bucket"',
    )
    check = live.interface_problems(phi_data_unit(tree_copy))
    assert any("'some-bucket'" in p and "mock marker" in p for p in check.mocks), check
