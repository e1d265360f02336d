"""Command line: ``render <unit_dir> [--command plan]`` and ``graph <dir> [--destroy]``."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence

from .errors import TerragruntError
from .stack import build_graph
from .unit import render_json, render_unit


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tfharness", description="Terragrunt-subset evaluator")
    sub = parser.add_subparsers(dest="cmd", required=True)
    render = sub.add_parser("render", help="print a unit's config like `terragrunt render --json`")
    render.add_argument("unit_dir")
    render.add_argument(
        "--command", default="plan", help="tofu command for mock-output rules (default: plan)"
    )
    render.add_argument("--aws-account-id", default=None, help="value for get_aws_account_id()")
    graph = sub.add_parser("graph", help="print the units under a directory in run levels")
    graph.add_argument("dir")
    graph.add_argument("--destroy", action="store_true", help="print the destroy (reverse) order")
    graph.add_argument("--json", action="store_true", help="print the levels as JSON")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    try:
        if args.cmd == "render":
            config = render_unit(
                args.unit_dir, command=args.command, aws_account_id=args.aws_account_id
            )
            sys.stdout.write(render_json(config))
            return 0
        graph = build_graph(args.dir)
        levels = graph.destroy_levels() if args.destroy else graph.levels
        shown = [[os.path.relpath(u, graph.root) for u in level] for level in levels]
        if args.json:
            sys.stdout.write(json.dumps(shown) + "\n")
        else:
            for i, level in enumerate(shown):
                sys.stdout.write(f"Level {i}:\n" + "".join(f"  {u}\n" for u in level))
        return 0
    except TerragruntError as err:
        sys.stderr.write(f"error: {err}\n")
        return 1


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
