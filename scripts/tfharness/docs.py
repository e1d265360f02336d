"""Generated documentation: module README tables and the README's emulator-input table.

Module READMEs keep a hand-written introduction; the part between the markers is
generated from ``versions.tf``, ``variables.tf``, ``outputs.tf`` and the resource blocks
(the same information terraform-docs prints). ``python -m tfharness docs`` rewrites it;
the tests fail when a README is stale.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from tfharness.e2e import KNOWN_DIFFS_PATH
from tfharness.examples import discover, modules
from tfharness.paths import MODULES_DIR, REPO_ROOT
from tfharness.terragrunt import nodes as n
from tfharness.terragrunt.evaluator import EvalContext, evaluate
from tfharness.terragrunt.parser import parse_hcl

BEGIN, END = "<!-- BEGIN_TF_DOCS -->", "<!-- END_TF_DOCS -->"
BEGIN_EMULATOR, END_EMULATOR = "<!-- BEGIN_EMULATOR_INPUTS -->", "<!-- END_EMULATOR_INPUTS -->"
BEGIN_DIFFS, END_DIFFS = "<!-- BEGIN_KNOWN_DIFFS -->", "<!-- END_KNOWN_DIFFS -->"
BEGIN_LIVE, END_LIVE = "<!-- BEGIN_LIVE_EMULATOR_INPUTS -->", "<!-- END_LIVE_EMULATOR_INPUTS -->"
LIVE_EMULATOR_INPUTS = REPO_ROOT / "live" / "emulator.yaml"
EMULATOR_DOC = REPO_ROOT / "docs" / "emulator.md"


@dataclass(frozen=True)
class Variable:
    name: str
    description: str
    type: str
    default: str | None  # None: required
    validations: int


@dataclass(frozen=True)
class Output:
    name: str
    description: str


def _expression_text(source: str, attribute: n.Attribute) -> str:
    """The source text of an attribute's expression, up to the end of its bracket nesting."""
    lines = source.splitlines(keepends=True)
    offset = sum(len(line) for line in lines[: attribute.pos.line - 1]) + attribute.pos.col - 1
    start = source.index("=", offset) + 1
    depth, index, quote = 0, start, False
    while index < len(source):
        char = source[index]
        if quote:
            if char == "\\":
                index += 1
            elif char == '"':
                quote = False
        elif char == '"':
            quote = True
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char == "\n" and depth == 0:
            break
        index += 1
    lines = [" ".join(line.split()) for line in source[start:index].splitlines() if line.strip()]
    text = " ".join(lines)
    # Object type attributes sit on separate lines in the source; keep them apart on one line.
    return re.sub(r"(?<=[^\s{(,\[]) (?=[a-z_][a-z0-9_]* = )", ", ", text)


def _literal(node: n.Node) -> Any:
    return evaluate(node, EvalContext(variables={}, functions={}))


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _blocks(path: Path, kind: str) -> list[tuple[n.Block, str]]:
    if not path.is_file():
        return []
    source = path.read_text()
    return [(block, source) for block in parse_hcl(source, str(path)).blocks_of(kind)]


def module_variables(module: Path) -> list[Variable]:
    found = []
    for block, source in _blocks(module / "variables.tf", "variable"):
        attrs = block.body.attributes
        default = None
        if "default" in attrs:
            try:
                default = json.dumps(_plain(_literal(attrs["default"].expr)))
            except Exception:
                default = _expression_text(source, attrs["default"])
        found.append(
            Variable(
                name=block.labels[0],
                description=str(_literal(attrs["description"].expr))
                if "description" in attrs
                else "",
                type=_expression_text(source, attrs["type"]) if "type" in attrs else "",
                default=default,
                validations=len(block.body.blocks_of("validation")),
            )
        )
    return found


def module_outputs(module: Path) -> list[Output]:
    return [
        Output(
            block.labels[0],
            str(_literal(block.body.attributes["description"].expr))
            if "description" in block.body.attributes
            else "",
        )
        for block, _ in _blocks(module / "outputs.tf", "output")
    ]


def module_resources(module: Path) -> list[str]:
    addresses = []
    for path in sorted(module.glob("*.tf")):
        for block, _ in _blocks(path, "resource"):
            addresses.append(f"{block.labels[0]}.{block.labels[1]}")
    return sorted(set(addresses))


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_module_docs(module: Path) -> str:
    versions = (module / "versions.tf").read_text()
    required = re.search(r'required_version\s*=\s*"([^"]+)"', versions)
    aws = re.search(r'version\s*=\s*"([^"]+)"', versions.split("required_providers", 1)[-1])
    lines = [
        BEGIN,
        "## Requirements",
        "",
        "| Name | Version |",
        "|------|---------|",
        f"| terraform | {required.group(1) if required else '-'} |",
        f"| aws | {aws.group(1) if aws else '-'} |",
        "",
        "## Inputs",
        "",
        "| Name | Description | Type | Default | Required | Rules |",
        "|------|-------------|------|---------|:--------:|:-----:|",
    ]
    for var in sorted(module_variables(module), key=lambda v: (v.default is not None, v.name)):
        default = "n/a" if var.default is None else f"`{_cell(var.default)}`"
        lines.append(
            f"| `{var.name}` | {_cell(var.description)} | `{_cell(var.type)}` | {default} | "
            f"{'yes' if var.default is None else 'no'} | {var.validations} |"
        )
    lines += ["", "## Outputs", "", "| Name | Description |", "|------|-------------|"]
    lines += [f"| `{o.name}` | {_cell(o.description)} |" for o in module_outputs(module)]
    lines += ["", "## Resources", ""]
    lines += [f"- `{address}`" for address in module_resources(module)]
    lines.append(END)
    return "\n".join(lines)


def _replace_between(text: str, begin: str, end: str, block: str) -> str:
    if begin in text and end in text:
        head, rest = text.split(begin, 1)
        return head + block + rest.split(end, 1)[1]
    return text.rstrip("\n") + "\n\n" + block + "\n"


def module_readme(module: Path) -> str:
    path = module / "README.md"
    current = path.read_text() if path.is_file() else f"# {module.name}\n"
    return _replace_between(current, BEGIN, END, render_module_docs(module))


def emulator_inputs_table() -> str:
    lines = [
        BEGIN_EMULATOR,
        "| Example | Input set for the emulator | Value | Why |",
        "|---------|----------------------------|-------|-----|",
    ]
    for example in discover():
        for item in example.e2e_spec().inputs:
            value = json.dumps(item.value)
            lines.append(f"| `{example.id}` | `{item.name}` | `{value}` | {_cell(item.reason)} |")
    lines.append(END_EMULATOR)
    return "\n".join(lines)


def live_emulator_inputs_table() -> str:
    """What PHI_EMULATOR=1 sets, unit by unit (from live/emulator.yaml)."""
    data = (
        yaml.safe_load(LIVE_EMULATOR_INPUTS.read_text()) if LIVE_EMULATOR_INPUTS.is_file() else {}
    )
    lines = [
        BEGIN_LIVE,
        "| Unit | Input set when `PHI_EMULATOR=1` | Value | Why |",
        "|------|---------------------------------|-------|-----|",
    ]
    for unit, settings in sorted(((data or {}).get("units") or {}).items()):
        for name, setting in settings.items():
            value = json.dumps(setting["value"])
            lines.append(f"| `{unit}` | `{name}` | `{value}` | {_cell(str(setting['reason']))} |")
    lines.append(END_LIVE)
    return "\n".join(lines)


def known_diffs_table() -> str:
    entries = yaml.safe_load(KNOWN_DIFFS_PATH.read_text()) or []
    lines = [BEGIN_DIFFS, "| Resource type | Attribute | Why |", "|---|---|---|"]
    lines += [f"| `{e['type']}` | `{e['attribute']}` | {_cell(e['reason'])} |" for e in entries]
    lines.append(END_DIFFS)
    return "\n".join(lines)


def emulator_doc() -> str:
    return _replace_between(EMULATOR_DOC.read_text(), BEGIN_DIFFS, END_DIFFS, known_diffs_table())


def root_readme() -> str:
    path = REPO_ROOT / "README.md"
    text = _replace_between(path.read_text(), BEGIN_EMULATOR, END_EMULATOR, emulator_inputs_table())
    if BEGIN_LIVE in text:
        text = _replace_between(text, BEGIN_LIVE, END_LIVE, live_emulator_inputs_table())
    return text


def stale_documents() -> list[Path]:
    """Documents whose generated part differs from what the code says now."""
    stale = [
        m / "README.md"
        for m in modules(MODULES_DIR)
        if not (m / "README.md").is_file() or (m / "README.md").read_text() != module_readme(m)
    ]
    if (REPO_ROOT / "README.md").read_text() != root_readme():
        stale.append(REPO_ROOT / "README.md")
    if EMULATOR_DOC.read_text() != emulator_doc():
        stale.append(EMULATOR_DOC)
    return stale


def write_documents() -> list[Path]:
    written = []
    for module in modules(MODULES_DIR):
        path = module / "README.md"
        text = module_readme(module)
        if not path.is_file() or path.read_text() != text:
            path.write_text(text)
            written.append(path)
    for path, text in ((REPO_ROOT / "README.md", root_readme()), (EMULATOR_DOC, emulator_doc())):
        if path.read_text() != text:
            path.write_text(text)
            written.append(path)
    return written
