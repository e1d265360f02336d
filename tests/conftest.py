"""Shared fixtures: the offline toolchain, the embedded AWS, session-cached plans.

Each pytest-xdist worker gets its own emulator for plans; every apply test starts a fresh
one. Plans are computed once per session, whichever worker asks first (see
``tfharness.session``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from filelock import FileLock
from tfharness import session
from tfharness.badinput import BadInput, errors_for, problems
from tfharness.emulator import Emulator
from tfharness.lambda_build import LambdaBuildError, build_all
from tfharness.plan import PlanSummary
from tfharness.runner import load_scan, plan_module_call, session_plan
from tfharness.scan import format_table
from tfharness.terraform import TerraformError
from tfharness.toolchain import Toolchain, ToolchainError, ensure_toolchain

REGENERATE_MARKER = "To regenerate inventory run:"


pytest_plugins = ["tfharness.xdist_groups", "tfharness.schedule"]


def pytest_configure(config: pytest.Config) -> None:
    workerinput = getattr(config, "workerinput", None)
    if workerinput is not None:
        os.environ[session.SESSION_ENV] = workerinput["tfh_session"]
    else:
        session.prune_sessions()
        os.environ.pop(session.SESSION_ENV, None)
        session.session_id()


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """xdist controller: every worker shares the controller's session id (and its caches)."""
    node.workerinput["tfh_session"] = session.session_id()


@pytest.fixture(scope="session")
def lambda_packages() -> None:
    """Every ``lambda_src`` function zip under ``build/lambda/``, built once per test session.

    Examples pass the zips to Terraform, whose ``filebase64sha256()`` reads them at *plan*
    time, so they must exist before any plan. The first xdist worker to take the lock builds
    (deterministic; dependencies come from ``.cache/lambda-deps``), the others find the marker.
    Requested by ``toolchain``, so every test that plans or applies has the zips and tests
    that never run Terraform do not wait for (or fail on) a build.
    """
    directory = session.session_dir()
    marker = directory / "lambda-packages.built"
    with FileLock(str(directory / "lambda-packages.lock")):
        if marker.exists():
            return
        try:
            results = build_all()
        except LambdaBuildError as error:
            pytest.fail(f"cannot build the Lambda packages: {error}", pytrace=False)
        marker.write_text("\n".join(r.line() for r in results) + "\n")


@pytest.fixture(scope="session")
def toolchain(lambda_packages: None) -> Toolchain:
    try:
        return ensure_toolchain()
    except ToolchainError as error:
        pytest.fail(f"offline Terraform toolchain unavailable: {error}", pytrace=False)


@pytest.fixture(scope="session")
def plan_emulator() -> Iterator[Emulator]:
    """One emulator per worker, used read-only by plans (data sources, account id)."""
    with Emulator() as emulator:
        yield emulator


@pytest.fixture
def fresh_emulator() -> Iterator[Emulator]:
    """A new, empty emulator for one test (applies never share state)."""
    with Emulator() as emulator:
        yield emulator


@pytest.fixture(scope="session")
def plan_of(toolchain: Toolchain, plan_emulator: Emulator) -> Callable[..., PlanSummary]:
    """``plan_of(root, tf_vars=None)``: the session-cached plan summary of a Terraform root."""

    def plan(root: Path, tf_vars: dict[str, Any] | None = None) -> PlanSummary:
        return session_plan(root, toolchain, plan_emulator, tf_vars)

    return plan


@pytest.fixture(scope="session")
def plan_call(toolchain: Toolchain, plan_emulator: Emulator) -> Callable[..., dict[str, Any]]:
    """``plan_call(module, inputs)``: plan a direct call of ``modules/<module>`` (raises)."""

    def plan(module: str, inputs: dict[str, Any]) -> dict[str, Any]:
        return plan_module_call(module, inputs, toolchain, plan_emulator)

    return plan


@pytest.fixture(scope="session")
def plan_error(plan_call: Callable[..., dict[str, Any]]) -> Callable[..., str]:
    """``plan_error(module, inputs)``: the text of the error a plan must fail with."""

    def error(module: str, inputs: dict[str, Any]) -> str:
        try:
            plan_call(module, inputs)
        except TerraformError as failure:
            return " ".join(failure.output.split())
        pytest.fail(f"plan of modules/{module} with {inputs} succeeded but must fail")

    return error


@pytest.fixture(scope="session")
def bad_input(toolchain: Toolchain, plan_emulator: Emulator) -> Callable[..., None]:
    """``bad_input(module, cases, case)``: assert ``case`` fails the plan naming input and rule.

    All ``cases`` of a module are planned together, once per session (see
    ``tfharness.badinput``); pass the same list from every parametrized test.
    """

    def check(module: str, cases: list[BadInput], case: BadInput) -> None:
        message = errors_for(module, cases, toolchain, plan_emulator)[case.id]
        found = problems(case, message)
        assert not found, "\n".join(found)

    return check


def _print_scan_tables(terminalreporter: Any) -> None:
    scans = session.session_dir() / "scans"
    titles = {
        "hcl": ("checkov on module HCL", "module"),
        "plans": ("checkov on example plans", "example"),
        "live-unit-plans": ("checkov on live unit plans", "unit"),
    }
    for name, (title, column) in titles.items():
        path = scans / f"{name}.json"
        if path.is_file():
            terminalreporter.section(title)
            table = format_table(load_scan(path), column)
            for line in table.splitlines():
                terminalreporter.write_line(line)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    _print_scan_tables(terminalreporter)
    commands = []
    for report in terminalreporter.stats.get("failed", []):
        text = str(getattr(report, "longrepr", ""))
        commands += [line.strip() for line in text.splitlines() if REGENERATE_MARKER in line]
    if commands:
        terminalreporter.section("Commands to regenerate inventories for failed tests")
        for command in sorted(set(commands)):
            terminalreporter.write_line(command.split(REGENERATE_MARKER, 1)[1].strip())
