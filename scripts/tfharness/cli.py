"""``python -m tfharness <command>``: the harness from the command line (Makefile, demo, humans)."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from tfharness import cli_live, docs, e2e, inventory
from tfharness.bench import bench_harness
from tfharness.emulator import Emulator
from tfharness.examples import Example, discover
from tfharness.lambda_build import LambdaBuildError, build_all
from tfharness.live import LiveError
from tfharness.paths import MODULES_DIR, relative
from tfharness.plan import summarise
from tfharness.runner import plan_root
from tfharness.scan import ScanError, bare_skips, format_table, scan_hcl, scan_plans
from tfharness.terraform import Terraform, TerraformError, tfvars_file, working_copy
from tfharness.terragrunt import TerragruntError
from tfharness.toolchain import Toolchain, ToolchainError, ensure_toolchain

DEMO_EXAMPLES = ("kms/basic", "s3-bucket/phi-data")


def _example_for(path: Path) -> Example:
    resolved = path.resolve()
    for example in discover():
        if example.path.resolve() == resolved:
            return example
    raise SystemExit(f"{path} is not a module example (modules/<module>/examples/<name>)")


def _parse_vars(pairs: Sequence[str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for pair in pairs:
        name, sep, raw = pair.partition("=")
        if not sep:
            raise SystemExit(f"--var expects name=value, got {pair!r}")
        try:
            values[name] = json.loads(raw)
        except json.JSONDecodeError:
            values[name] = raw
    return values


def _build_lambdas() -> None:
    """Build every Lambda zip before a plan: ``filebase64sha256`` reads them at plan time."""
    for result in build_all():
        if result.rewritten:
            print(f"lambda: {result.line()}", file=sys.stderr)


def cmd_build_lambdas(args: argparse.Namespace) -> int:
    for result in build_all(args.package or None):
        print(result.line())
    return 0


def cmd_setup(_args: argparse.Namespace) -> int:
    toolchain = ensure_toolchain()
    print(f"terraform       {toolchain.terraform} ({toolchain.terraform_version})")
    print(f"provider mirror {toolchain.mirror} (hashicorp/aws {toolchain.aws_provider_version})")
    print(f"cli config      {relative(toolchain.cli_config)}")
    return 0


def cmd_plan(args: argparse.Namespace) -> int:
    _build_lambdas()
    toolchain = ensure_toolchain()
    with Emulator() as emulator:
        plan = plan_root(Path(args.root), toolchain, emulator, _parse_vars(args.var) or None)
    summary = summarise(plan, plan.get("_harness", {}).get("workdir"))
    print(inventory.dump({"counts": summary.counts, "outputs": summary.outputs}))
    return 0


def cmd_inventory(args: argparse.Namespace) -> int:
    _build_lambdas()
    example = _example_for(Path(args.example))
    toolchain = ensure_toolchain()
    with Emulator() as emulator:
        plan = plan_root(example.path, toolchain, emulator)
    summary = summarise(plan, plan.get("_harness", {}).get("workdir"))
    existing = inventory.load(example.inventory_path) if example.inventory_path.is_file() else None
    text = inventory.dump(inventory.regenerate(summary, existing))
    if args.save:
        example.inventory_path.parent.mkdir(parents=True, exist_ok=True)
        example.inventory_path.write_text(text)
        print(f"wrote {relative(example.inventory_path)}")
    else:
        print(text)
    return 0


def cmd_scan(args: argparse.Namespace) -> int:
    problems = bare_skips([MODULES_DIR])
    if not args.hcl_only:
        _build_lambdas()
    if not args.plans_only:
        result = scan_hcl(MODULES_DIR)
        print(format_table(result, "modules (HCL)"))
        problems += result.violations()
    if not args.hcl_only:
        toolchain = ensure_toolchain()
        examples = discover()
        with Emulator() as emulator, tempfile.TemporaryDirectory(prefix="tfh-plans-") as tmp:
            plans_dir = Path(tmp)
            plan_files = {}
            for example in examples:
                plan = plan_root(example.path, toolchain, emulator)
                path = plans_dir / f"{example.module}__{example.name}.json"
                path.write_text(json.dumps(plan))
                plan_files[example.id] = path
            result = scan_plans(plan_files, {example.id: example.path for example in examples})
        print(format_table(result, "examples (plan)"))
        problems += result.violations()
    if problems:
        print("\nscan failed:\n  " + "\n  ".join(problems), file=sys.stderr)
        return 1
    return 0


def cmd_e2e(args: argparse.Namespace) -> int:
    _build_lambdas()
    example = _example_for(Path(args.example))
    toolchain = ensure_toolchain()
    with Emulator() as emulator:
        result = e2e.run(example.path, toolchain, example.e2e_spec(), emulator)
    print(json.dumps({"outputs": result.outputs, "timings": result.timings}, indent=2, default=str))
    for drift in result.tolerated:
        print(f"tolerated known emulator diff: {drift}")
    if result.problems():
        print("\n".join(result.problems()), file=sys.stderr)
        return 1
    return 0


def _apply_for_demo(
    example: Example, toolchain: Toolchain, emulator: Emulator, results: dict[str, Any]
) -> None:
    spec = example.e2e_spec()
    with working_copy(example.path) as workdir:
        tf = Terraform(workdir, toolchain, env=emulator.process_env())
        var_files = [tfvars_file(workdir, spec.tf_vars, "emulator")] if spec.inputs else []
        try:
            start = time.monotonic()
            tf.apply(var_files=var_files)
            outputs = tf.outputs()
            drift, tolerated = e2e.unexpected_changes(tf.plan_json(var_files=var_files))
            results[example.id] = {
                "outputs": outputs,
                "seconds": time.monotonic() - start,
                "drift": [str(d) for d in drift],
                "tolerated": [str(d) for d in tolerated],
                "inputs": [(i.name, i.value, i.reason) for i in spec.inputs],
            }
        except TerraformError as error:
            results[example.id] = {"error": error.output[-3000:]}


def cmd_demo(args: argparse.Namespace) -> int:
    """Apply the demo examples on one embedded AWS and print their outputs."""
    _build_lambdas()
    toolchain = ensure_toolchain()
    examples = [e for e in discover() if e.id in DEMO_EXAMPLES]
    results: dict[str, Any] = {}
    with Emulator() as emulator:
        print(f"embedded AWS at {emulator.endpoint} (account {emulator.account_id})")
        threads = [
            threading.Thread(target=_apply_for_demo, args=(e, toolchain, emulator, results))
            for e in examples
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        failed = _print_demo(results)
        if args.keep and not failed:
            print(f"\nemulator stays up at {emulator.endpoint}; Ctrl-C to stop")
            _wait_forever()
    return 1 if failed else 0


def _print_demo(results: dict[str, Any]) -> bool:
    failed = False
    for example_id in sorted(results):
        result = results[example_id]
        print(f"\n== {example_id}")
        if "error" in result:
            failed = True
            print(f"apply failed:\n{result['error']}")
            continue
        print(f"applied in {result['seconds']:.0f}s")
        for name, value, reason in result["inputs"]:
            print(f"  emulator input {name} = {json.dumps(value)}  ({reason})")
        width = max((len(k) for k in result["outputs"]), default=0)
        for name, value in sorted(result["outputs"].items()):
            print(
                f"  {name:<{width}}  {json.dumps(value) if not isinstance(value, str) else value}"
            )
        if result["drift"]:
            failed = True
            print("  second plan NOT empty:\n    " + "\n    ".join(result["drift"]))
        else:
            extra = f" (tolerated: {', '.join(result['tolerated'])})" if result["tolerated"] else ""
            print(f"  second plan: no changes{extra}")
    return failed


def _wait_forever() -> None:
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass


def cmd_docs(args: argparse.Namespace) -> int:
    if args.check:
        stale = docs.stale_documents()
        for path in stale:
            print(f"stale: {relative(path)} (run `make docs`)", file=sys.stderr)
        return 1 if stale else 0
    for path in docs.write_documents():
        print(f"wrote {relative(path)}")
    return 0


def cmd_bench_harness(args: argparse.Namespace) -> int:
    return bench_harness(Path(args.example), runs=args.runs)


def _build() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m tfharness", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    def add(
        name: str, func: Callable[[argparse.Namespace], int], help_: str
    ) -> argparse.ArgumentParser:
        command = sub.add_parser(name, help=help_)
        command.set_defaults(func=func)
        return command

    add("setup", cmd_setup, "find terraform and the provider mirror; write the CLI config")
    build = sub.add_parser(
        "build-lambdas",
        aliases=["lambda-build"],
        help="build lambda_src/<package> into build/lambda/<package>.zip (deterministic)",
    )
    build.set_defaults(func=cmd_build_lambdas)
    build.add_argument("package", nargs="*", help="function packages (default: all)")
    plan = add("plan", cmd_plan, "plan a Terraform root on the embedded AWS; print counts/outputs")
    plan.add_argument("root")
    plan.add_argument("--var", action="append", default=[], help="name=value (JSON or string)")
    inv = add("inventory", cmd_inventory, "print or --save the inventory of a module example")
    inv.add_argument("example")
    inv.add_argument("--save", action="store_true")
    scan = add("scan", cmd_scan, "checkov on module HCL and on every example plan")
    scan.add_argument("--hcl-only", action="store_true")
    scan.add_argument("--plans-only", action="store_true")
    e2e_cmd = add("e2e", cmd_e2e, "apply, check outputs, re-plan and destroy one example")
    e2e_cmd.add_argument("example")
    demo = add(
        "demo-examples", cmd_demo, "apply two module examples on the embedded AWS, print outputs"
    )
    demo.add_argument("--keep", action="store_true", help="keep the emulator running afterwards")
    docs_cmd = add("docs", cmd_docs, "regenerate module README tables and the emulator table")
    docs_cmd.add_argument("--check", action="store_true", help="only report stale documents")
    cli_live.add_commands(add)
    bench = add("bench-harness", cmd_bench_harness, "harness plan time / raw terraform plan time")
    bench.add_argument(
        "--example", default=str(MODULES_DIR / "s3-bucket" / "examples" / "phi-data")
    )
    bench.add_argument("--runs", type=int, default=5)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _build().parse_args(argv)
    try:
        return int(args.func(args))
    except (
        ToolchainError,
        ScanError,
        TerraformError,
        LambdaBuildError,
        TerragruntError,
        LiveError,
    ) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
