"""checkov over every module's HCL (one run per session) and a source lint for bare skips."""

from __future__ import annotations

import pytest
from tfharness.examples import modules
from tfharness.paths import MODULES_DIR
from tfharness.runner import session_scan_hcl
from tfharness.scan import bare_skips

MODULES = [m.name for m in modules()]


@pytest.mark.scan
@pytest.mark.parametrize("module", MODULES)
def test_module_hcl_scans_clean(module: str) -> None:
    result = session_scan_hcl().for_module(module)
    problems = result.violations()
    assert not problems, f"checkov on modules/{module}:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("module", MODULES)
def test_every_skip_has_a_reason(module: str) -> None:
    problems = bare_skips([MODULES_DIR / module])
    assert not problems, "\n".join(problems)
