"""Module conventions every module follows (what the best Terraform modules do)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tfharness import docs
from tfharness.examples import discover, modules

MODULES = modules()
REQUIRED_FILES = ("main.tf", "variables.tf", "outputs.tf", "versions.tf", "README.md")
OUTPUT_NAME = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)+$")


@pytest.mark.parametrize("module", MODULES, ids=[m.name for m in MODULES])
def test_standard_files_exist(module: Path) -> None:
    missing = [f for f in REQUIRED_FILES if not (module / f).is_file()]
    assert not missing, f"modules/{module.name} lacks {missing}"


@pytest.mark.parametrize("module", MODULES, ids=[m.name for m in MODULES])
def test_versions_accept_the_offline_toolchain(module: Path) -> None:
    text = (module / "versions.tf").read_text()
    assert 'required_version = ">= 1.11"' in text
    assert 'source  = "hashicorp/aws"' in text
    assert 'version = ">= 5.100, < 6.0"' in text


@pytest.mark.parametrize("module", MODULES, ids=[m.name for m in MODULES])
def test_no_provider_configuration_inside_modules(module: Path) -> None:
    for path in module.glob("*.tf"):
        assert not re.search(r'^provider\s+"', path.read_text(), re.MULTILINE), path


@pytest.mark.parametrize("module", MODULES, ids=[m.name for m in MODULES])
def test_variables_are_typed_and_described(module: Path) -> None:
    problems = [v.name for v in docs.module_variables(module) if not v.type or not v.description]
    assert not problems, f"modules/{module.name}: variables without type or description: {problems}"


@pytest.mark.parametrize("module", MODULES, ids=[m.name for m in MODULES])
def test_required_inputs_and_numbers_are_validated(module: Path) -> None:
    unchecked = [
        v.name
        for v in docs.module_variables(module)
        if v.validations == 0 and (v.default is None or v.type == "number")
    ]
    assert not unchecked, f"modules/{module.name}: add validation to {unchecked}"


@pytest.mark.parametrize("module", MODULES, ids=[m.name for m in MODULES])
def test_outputs_are_flat_and_named_thing_attr(module: Path) -> None:
    outputs = docs.module_outputs(module)
    assert outputs, f"modules/{module.name} has no outputs"
    bad = [o.name for o in outputs if not OUTPUT_NAME.match(o.name) or not o.description]
    assert not bad, f"modules/{module.name}: name outputs <thing>_<attr> and describe them: {bad}"


@pytest.mark.parametrize("module", MODULES, ids=[m.name for m in MODULES])
def test_every_module_has_an_example_with_an_inventory(module: Path) -> None:
    examples = [e for e in discover() if e.module == module.name]
    assert examples, f"modules/{module.name} has no examples/<scenario>"
    missing = [e.id for e in examples if not e.inventory_path.is_file()]
    assert not missing, f"examples without inventory: {missing}"


def test_generated_documents_are_current() -> None:
    stale = docs.stale_documents()
    assert not stale, f"stale generated docs (run `make docs`): {[str(p) for p in stale]}"
