"""Regenerate the plan fixtures from ``fixtures/plan_src/<case>`` (needs the toolchain).

    PYTHONPATH=scripts TF_CLI_CONFIG_FILE=$PWD/.cache/terraform/cli.tfrc \
        .venv/bin/python tests/policies/regenerate_plans.py
"""

from __future__ import annotations

import json
from pathlib import Path

from tfharness.emulator import Emulator
from tfharness.runner import plan_root
from tfharness.toolchain import ensure_toolchain

FIXTURES = Path(__file__).parent / "fixtures"
CASES = ("baseline_ok", "weakened")


def main() -> None:
    toolchain = ensure_toolchain()
    with Emulator() as emulator:
        for case in CASES:
            plan = plan_root(FIXTURES / "plan_src" / case, toolchain, emulator)
            plan.pop("_harness", None)
            path = FIXTURES / "plan" / f"{case}.json"
            path.write_text(json.dumps(plan, indent=1, sort_keys=True) + "\n")
            print(f"wrote {path.relative_to(FIXTURES.parent)}")


if __name__ == "__main__":
    main()
