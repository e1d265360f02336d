"""Live-tree commands of ``python -m tfharness``: render, graph, plan/scan/apply/destroy stacks."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from tfharness import demo, live
from tfharness.emulator import Emulator
from tfharness.lambda_build import build_all
from tfharness.live import Unit
from tfharness.paths import LIVE_DIR, REPO_ROOT, relative
from tfharness.scan import format_table, scan_plans
from tfharness.stack import StackRunner, default_workers
from tfharness.stack_order import UnitResult, failures
from tfharness.terraform import clean_env
from tfharness.terragrunt import (
    evaluate_unit,
    real_render_json,
    render_json,
    terragrunt_binary,
)
from tfharness.toolchain import ensure_toolchain

Add = Callable[[str, Callable[[argparse.Namespace], int], str], argparse.ArgumentParser]
DEMO_STACK_FILE = demo.DEMO_DIR / "stack.json"


def _unit_dir(text: str) -> Path:
    path = Path(text)
    for candidate in (path, LIVE_DIR / path, REPO_ROOT / path):
        if (candidate / "terragrunt.hcl").is_file():
            return candidate.resolve()
    raise SystemExit(
        f"{text} is not a unit (a directory with terragrunt.hcl, e.g. dev/us-east-1/kms)"
    )


def cmd_render(args: argparse.Namespace) -> int:
    """Like ``terragrunt render --json``; the real binary when it is on PATH (``--engine``)."""
    unit = _unit_dir(args.unit)
    engine = args.engine
    if engine == "auto":
        engine = "terragrunt" if terragrunt_binary() else "evaluator"
    if engine == "terragrunt":
        text = json.dumps(real_render_json(str(unit)), sort_keys=True, separators=(",", ":"))
    else:
        text = render_json(evaluate_unit(str(unit), command="render").render).rstrip("\n")
    if args.pretty:
        text = json.dumps(json.loads(text), indent=2, sort_keys=True)
    print(text)
    print(f"# rendered by {engine}", file=sys.stderr)
    return 0


def _selected(args: argparse.Namespace) -> list[tuple[str, str]]:
    envs = args.env or live.environments()
    chosen = []
    for env in envs:
        for region in args.region or live.regions(env):
            if region not in live.regions(env):
                raise SystemExit(f"no region {region!r} in {env} (have {live.regions(env)})")
            chosen.append((env, region))
    return chosen


def _units_of(stacks: list[tuple[str, str]]) -> list[Unit]:
    found: dict[Path, Unit] = {}
    for env, region in stacks:
        for unit in live.stack(env, region):
            found[unit.path] = unit
    return sorted(found.values())


def cmd_graph(args: argparse.Namespace) -> int:
    graph = live.graph()
    selected = {str(u.path) for u in _units_of(_selected(args))}
    levels = graph.destroy_levels() if args.destroy else graph.levels
    for index, level in enumerate(levels):
        shown = [u for u in level if u in selected]
        if shown:
            print(f"Level {index}:")
            for unit in shown:
                deps = [Unit(Path(d)).rel for d in graph.edges.get(unit, []) if d in selected]
                after = f"  (after {', '.join(deps)})" if deps and not args.destroy else ""
                print(f"  {Unit(Path(unit)).rel}{after}")
    return 0


def _summary(results: dict[Unit, UnitResult], seconds: float, what: str) -> str:
    ok = sum(1 for r in results.values() if r.ok)
    bad = failures(results)
    skipped = sum(1 for r in results.values() if r.status == "skipped")
    text = f"{what}: {ok} ok, {len(bad)} failed, {skipped} skipped in {seconds:.0f}s"
    return text


def build_lambdas() -> None:
    """Lambda zips are read at plan time (``filebase64sha256``): build them first."""
    for result in build_all():
        if result.rewritten:
            print(f"lambda: {result.line()}", file=sys.stderr)


def _plan_units(args: argparse.Namespace, save: Path | None) -> dict[Unit, UnitResult]:
    toolchain = ensure_toolchain()
    build_lambdas()
    stacks = _selected(args)
    units = _units_of(stacks)
    env = live.emulator_env(bool(args.emulator_inputs))
    print(
        f"planning {len(units)} units of {', '.join(f'{e}/{r}' for e, r in stacks)} "
        f"({args.workers} workers, PHI_EMULATOR {'=1' if args.emulator_inputs else 'unset'})"
    )
    start = time.monotonic()
    with Emulator() as emulator:
        runner = StackRunner(toolchain, emulator, env, workers=args.workers)
        runner.plan_json = save is not None  # only saved plans need their JSON
        results = runner.run(units, "plan")
    seconds = time.monotonic() - start
    if save is not None:
        save.mkdir(parents=True, exist_ok=True)
        for unit, result in results.items():
            if result.plan is not None:
                (save / f"{unit.rel.replace('/', '__')}.json").write_text(json.dumps(result.plan))
    print(_summary(results, seconds, "plan"))
    return results


def _report_failures(results: dict[Unit, UnitResult]) -> int:
    bad = failures(results)
    if bad:
        print("\n" + demo.failure_report(results), file=sys.stderr)
        return 1
    return 0


def cmd_plan_stack(args: argparse.Namespace) -> int:
    save = Path(args.save) if args.save else None
    return _report_failures(_plan_units(args, save))


def cmd_scan_stack(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory(prefix="tfh-stack-plans-") as tmp:
        results = _plan_units(args, Path(tmp))
        plans = {
            unit.rel: Path(tmp) / f"{unit.rel.replace('/', '__')}.json"
            for unit, result in results.items()
            if result.plan is not None
        }
        print(f"checkov over {len(plans)} unit plans ...")
        roots = {unit.rel: live.unit_source_dir(unit) for unit in results}
        scan = scan_plans(plans, roots)
    print(format_table(scan, "units (plan)"))
    problems = scan.violations()
    status = _report_failures(results)
    if problems:
        print("\nscan failed:\n  " + "\n  ".join(problems), file=sys.stderr)
        return 1
    return status


def cmd_apply_stack(args: argparse.Namespace) -> int:
    """Apply one stack on a fresh, detached emulator, show its outputs, re-plan it."""
    toolchain = ensure_toolchain()
    build_lambdas()
    units = live.stack(args.env, args.region)
    previous = demo.stop_recorded()
    if previous is not None:
        print(f"stopped the previous demo emulator (pid {previous.pid})")
    detached = demo.start_detached()
    DEMO_STACK_FILE.write_text(json.dumps({"env": args.env, "region": args.region}))
    print(
        f"embedded AWS at {detached.endpoint} (log {relative(Path(detached.log))})\n"
        f"applying {len(units)} units of {args.env}/{args.region} in dependency order "
        f"({args.workers} workers), PHI_EMULATOR=1 (inputs: live/emulator.yaml)"
    )
    runner = StackRunner(toolchain, detached, live.emulator_env(True), workers=args.workers)
    start = time.monotonic()
    applied = runner.run(units, "apply")
    apply_seconds = time.monotonic() - start
    print(_summary(applied, apply_seconds, "apply"))
    if failures(applied) or any(r.status == "skipped" for r in applied.values()):
        print("\n" + demo.failure_report(applied), file=sys.stderr)
        print("\nthe emulator stays up; `make demo-destroy` tears down what was applied")
        return 1
    print("\n" + demo.outputs_table(applied) + "\n")
    start = time.monotonic()
    replanned = runner.run(units, "replan")
    print(_summary(replanned, time.monotonic() - start, "second plan"))
    if failures(replanned):
        print("\n" + demo.failure_report(replanned), file=sys.stderr)
        return 1
    resources = sum(len(runner.store.resources(_state_of(u))) for u in units)
    print(
        f"\n{args.env}/{args.region}: {len(units)} units, {resources} resource blocks applied in "
        f"{apply_seconds:.0f}s; the second plan is empty.\n"
        f"The stack stays up at {detached.endpoint}; `make demo-destroy` tears it down."
    )
    return 0


def _state_of(unit: Unit) -> dict[str, object] | None:
    return evaluate_unit(str(unit.path), command="render", env=live.emulator_env(True)).remote_state


def cmd_destroy_stack(args: argparse.Namespace) -> int:
    detached = demo.recorded()
    if detached is None:
        print("no demo emulator is recorded: nothing to destroy")
        return 0
    if not detached.alive():
        print(
            f"the demo emulator (pid {detached.pid}, port {detached.port}) is not running or "
            "not answering; `make demo-stop` forgets it",
            file=sys.stderr,
        )
        return 1
    stack_file = json.loads(DEMO_STACK_FILE.read_text()) if DEMO_STACK_FILE.is_file() else {}
    env = args.env or stack_file.get("env", "dev")
    region = args.region or stack_file.get("region", "us-east-1")
    units = live.stack(env, region)
    toolchain = ensure_toolchain()
    build_lambdas()
    runner = StackRunner(toolchain, detached, live.emulator_env(True), workers=args.workers)
    print(f"destroying {env}/{region} on {detached.endpoint} in reverse dependency order")
    start = time.monotonic()
    results = runner.run(units, "destroy", reverse=True)
    print(_summary(results, time.monotonic() - start, "destroy"))
    if _report_failures(results):
        print("the emulator stays up; fix and run `make demo-destroy` again", file=sys.stderr)
        return 1
    demo.stop_recorded()
    DEMO_STACK_FILE.unlink(missing_ok=True)
    print("nothing left in state; demo emulator stopped")
    return 0


def hcl_files() -> list[Path]:
    """The Terragrunt HCL of the project: the root config and everything under live/."""
    return [REPO_ROOT / "terragrunt.hcl", *sorted(LIVE_DIR.rglob("*.hcl"))]


def cmd_fmt_hcl(args: argparse.Namespace) -> int:
    """``terraform fmt`` for Terragrunt files (only .tf on the command line; stdin takes any)."""
    toolchain = ensure_toolchain()
    stale = []
    for path in hcl_files():
        if any(part.startswith(".") for part in path.relative_to(REPO_ROOT).parts):
            continue
        original = path.read_text(encoding="utf-8")
        formatted = subprocess.run(
            [str(toolchain.terraform), "fmt", "-no-color", "-"],
            input=original,
            capture_output=True,
            text=True,
            check=False,
            env={**clean_env(), **toolchain.env()},
        )
        if formatted.returncode != 0:
            print(f"{relative(path)}: {formatted.stderr.strip()}", file=sys.stderr)
            return 1
        if formatted.stdout != original:
            stale.append(path)
            if not args.check:
                path.write_text(formatted.stdout, encoding="utf-8")
    for path in stale:
        print(f"{'needs formatting' if args.check else 'formatted'}: {relative(path)}")
    return 1 if stale and args.check else 0


def cmd_demo_stop(_args: argparse.Namespace) -> int:
    stopped = demo.stop_recorded()
    if stopped is not None:
        print(f"stopped the demo emulator (pid {stopped.pid}); its stack is gone with it")
    return 0


def add_commands(add: Add) -> None:
    fmt = add("fmt-hcl", cmd_fmt_hcl, "terraform fmt for terragrunt.hcl and live/**/*.hcl")
    fmt.add_argument("--check", action="store_true", help="only list files that need it")
    add("demo-stop", cmd_demo_stop, "stop the demo emulator without destroying (make clean)")
    render = add("render", cmd_render, "render a unit like `terragrunt render --json`")
    render.add_argument("unit", help="unit directory, e.g. live/dev/us-east-1/kms")
    render.add_argument("--engine", choices=("auto", "evaluator", "terragrunt"), default="auto")
    render.add_argument("--pretty", action="store_true", help="indent the JSON")

    def selectors(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--env", action="append", help="environment (repeatable; default all)")
        parser.add_argument("--region", action="append", help="region (repeatable; default all)")

    def workers(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--workers", type=int, default=default_workers())

    graph = add("graph", cmd_graph, "the live tree's units in dependency levels")
    selectors(graph)
    graph.add_argument("--destroy", action="store_true", help="destroy order")
    for name, func, text in (
        ("plan-stack", cmd_plan_stack, "plan every unit of the selected stacks on the emulator"),
        ("scan-stack", cmd_scan_stack, "plan the selected stacks, then checkov on every unit plan"),
    ):
        parser = add(name, func, text)
        selectors(parser)
        workers(parser)
        parser.add_argument(
            "--emulator-inputs", action="store_true", help="plan with PHI_EMULATOR=1"
        )
        if name == "plan-stack":
            parser.add_argument("--save", help="directory to write each unit's plan JSON to")
    apply = add("apply-stack", cmd_apply_stack, "apply one stack on a detached emulator (demo)")
    apply.add_argument("--env", default="dev")
    apply.add_argument("--region", default="us-east-1")
    workers(apply)
    destroy = add("destroy-stack", cmd_destroy_stack, "destroy the demo stack, stop its emulator")
    destroy.add_argument("--env")
    destroy.add_argument("--region")
    workers(destroy)
