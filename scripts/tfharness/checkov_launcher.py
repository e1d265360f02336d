"""Run checkov with its JSON-path parse tables built once per process, not once per parse.

Run by the scan environment's Python (``.venv-scan/bin/python checkov_launcher.py <args>``),
so it imports nothing from tfharness. checkov's graph builder parses JSON paths with
bc_jsonpath_ng, which calls ``ply.yacc.yacc()`` on every parse and so regenerates the same
LALR tables each time ("it doesn't actually take that long": ~0.4 s each, 59 times for
modules/alb alone, a third of the HCL scan's CPU). The tables depend only on the grammar, so
they are memoised here by grammar; each parser still binds its own instance's callables,
and ply builds a fresh ``LRParser`` per call as before. Results are unchanged.
"""

from __future__ import annotations

import sys
import warnings
from typing import Any

_TABLES: dict[tuple[Any, ...], Any] = {}


def _grammar_key(grammar: Any, method: str) -> tuple[Any, ...]:
    productions = tuple(str(p) for p in grammar.Productions)
    precedence = tuple(sorted((k, tuple(v)) for k, v in grammar.Precedence.items()))
    return (method, productions, precedence)


def memoise_parse_tables() -> None:
    """Make ``ply.yacc.yacc()`` reuse the LR tables of a grammar it has already built."""
    import ply.yacc  # noqa: PLC0415 - only in the scan environment

    original = ply.yacc.LRGeneratedTable

    def cached(grammar: Any, method: str = "LALR", log: Any = None) -> Any:
        key = _grammar_key(grammar, method)
        table = _TABLES.get(key)
        if table is None:
            table = _TABLES[key] = original(grammar, method, log)
        return table

    ply.yacc.LRGeneratedTable = cached


def main() -> int:
    memoise_parse_tables()
    from checkov.main import Checkov  # noqa: PLC0415 - only in the scan environment

    sys.argv[0] = "checkov"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", category=SyntaxWarning)
        return int(Checkov().run() or 0)


if __name__ == "__main__":
    sys.exit(main())
