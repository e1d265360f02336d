"""Error types of the Terragrunt-subset evaluator.

Every error that comes from a configuration file names the file, the line and
the construct or rule that failed, so that a reader of CI output can go straight
to the offending line.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Pos:
    """A position in a source file (1-based line and column)."""

    filename: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.filename}:{self.line}:{self.col}"


class TerragruntError(Exception):
    """Base class of every error raised by this package."""


class HclError(TerragruntError):
    """A syntax or evaluation error at a known (or not yet known) position."""

    def __init__(self, message: str, pos: Pos | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.pos = pos

    def at(self, pos: Pos) -> HclError:
        """Attach a position unless the error already carries one."""
        if self.pos is None:
            self.pos = pos
        return self

    def __str__(self) -> str:
        if self.pos is None:
            return self.message
        return f"{self.pos}: {self.message}"


class ConfigError(HclError):
    """A Terragrunt-level rule was violated (include, dependency, generate, ...)."""


class UnsupportedError(HclError):
    """The configuration uses a construct outside the implemented subset."""
