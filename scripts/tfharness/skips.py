"""Inline ``#checkov:skip`` comments, attributed to plan resources by the harness.

checkov's own plan enrichment (``--repo-root-for-plan-enrichment``) matches a plan resource
to HCL by ``type.name`` alone: the module path and the index are dropped and the last block
parsed with that name wins. Two modules that both declare ``aws_security_group.rotation``
therefore share one set of skips, whichever checkov happened to read last.

Here each plan address is followed to its own block instead: the plan's ``configuration``
records every module call's ``source``, so ``module.a.module.b.aws_x.y[0]`` resolves, from
the directory of the plan's root module, through ``a``'s and ``b``'s sources to the
``resource "aws_x" "y"`` block, and only the skip comments inside that block count (checkov's
own rule: a skip applies to the block whose lines contain it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SKIP_COMMENT = re.compile(r"checkov:skip=([A-Za-z0-9_]+)(?::(.*))?")
_MODULE_STEP = re.compile(r'module\.([A-Za-z0-9_-]+)(?:\[(?:"[^"]*"|[^\]]*)\])?\.')
_RESOURCE = re.compile(r"(data\.)?([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)(?:\[.*\])?$")
_HEREDOC = re.compile(r"<<-?([A-Za-z_][A-Za-z0-9_]*)\s*$")


@dataclass(frozen=True)
class Address:
    """A plan resource address split into its module path and its block."""

    modules: tuple[str, ...]
    kind: str  # resource | data
    type: str
    name: str


def parse_address(address: str) -> Address | None:
    """``module.a["k"].module.b.aws_x.y[0]`` → modules (a, b), resource aws_x y; else None."""
    modules: list[str] = []
    position = 0
    while step := _MODULE_STEP.match(address, position):
        modules.append(step.group(1))
        position = step.end()
    block = _RESOURCE.match(address, position)
    if not block or block.group(2) == "module":
        return None
    kind = "data" if block.group(1) else "resource"
    return Address(tuple(modules), kind, block.group(2), block.group(3))


def module_dir(configuration: dict[str, Any], root: Path, modules: tuple[str, ...]) -> Path | None:
    """The source directory of the module at ``modules`` below the root module at ``root``.

    None when a call is missing or its source is not a local path (nothing to read).
    """
    node = configuration.get("root_module", {})
    directory = root
    for name in modules:
        call = (node.get("module_calls") or {}).get(name)
        if not call:
            return None
        source = str(call.get("source", ""))
        if not source.startswith(("./", "../")):
            return None
        directory = (directory / source).resolve()
        node = call.get("module") or {}
    return directory


def _code_of(line: str) -> tuple[str, str | None]:
    """The line without strings and comments, and the heredoc marker it opens, if any."""
    code: list[str] = []
    in_string = escaped = False
    for index, char in enumerate(line):
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
            continue
        if char == '"':
            in_string = True
        elif char == "#" or line.startswith("//", index):
            break
        else:
            code.append(char)
    text = "".join(code)
    heredoc = _HEREDOC.search(text)
    return text, heredoc.group(1) if heredoc else None


def block_end(lines: list[str], start: int) -> int:
    """Index of the line that closes the block opened on ``lines[start]``."""
    depth = 0
    heredoc: str | None = None
    for index in range(start, len(lines)):
        if heredoc is not None:
            if lines[index].strip() == heredoc:
                heredoc = None
            continue
        code, heredoc = _code_of(lines[index])
        depth += code.count("{") - code.count("}")
        if depth <= 0:
            return index
    return len(lines) - 1


def block_skips(directory: Path, kind: str, type_: str, name: str) -> dict[str, str]:
    """Check id → reason of every skip comment inside the named block of ``directory``."""
    header = re.compile(rf'^\s*{kind}\s+"{re.escape(type_)}"\s+"{re.escape(name)}"\s*\{{')
    for path in sorted(directory.glob("*.tf")):
        lines = path.read_text().splitlines()
        for start, line in enumerate(lines):
            if header.match(line):
                body = lines[start : block_end(lines, start) + 1]
                return {
                    match.group(1): (match.group(2) or "").strip()
                    for text in body
                    if (match := SKIP_COMMENT.search(text))
                }
    return {}


class SkipIndex:
    """Skips of one plan's resources, read from the sources of that plan's modules."""

    def __init__(self, plan: dict[str, Any], root: Path) -> None:
        self._configuration = plan.get("configuration") or {}
        self._root = root.resolve()
        self._cache: dict[tuple[Path, str, str, str], dict[str, str]] = {}

    def skips_of(self, address: str) -> dict[str, str]:
        parsed = parse_address(address)
        if parsed is None:
            return {}
        directory = module_dir(self._configuration, self._root, parsed.modules)
        if directory is None:
            return {}
        key = (directory, parsed.kind, parsed.type, parsed.name)
        if key not in self._cache:
            self._cache[key] = block_skips(*key)
        return self._cache[key]
