"""End to end on the fixture live tree that mirrors the project's layout."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from tfharness.terragrunt import (
    ConfigError,
    build_graph,
    evaluate_unit,
    materialise,
    render_json,
    render_unit,
)
from tfharness.terragrunt.cli import main
from tfharness.terragrunt.parser import parse_hcl

from .conftest import FIXTURES

LIVE = FIXTURES / "live-basic"
REGION = LIVE / "live/dev/us-east-1"


def test_graph_of_fixture_tree() -> None:
    graph = build_graph(str(LIVE / "live"), env={})
    assert [[Path(u).name for u in level] for level in graph.levels] == [["vpc"], ["app"], ["db"]]


def test_app_unit_render() -> None:
    out = render_unit(str(REGION / "app"), env={})
    assert out["inputs"] == {
        "environment": "dev",
        "name": "app",
        "vpc_id": "vpc-00000000",
        "subnet_ids": ["subnet-a", "subnet-b"],
        "instance_count": 2,
        "tags": {"Component": "app", "Unit": "app"},
    }
    assert out["terraform"]["source"] == f"{LIVE}/modules//app"
    assert out["remote_state"]["config"]["key"] == "live/dev/us-east-1/app/terraform.tfstate"
    assert out["remote_state"]["config"]["bucket"] == "phi-tfstate-111111111111-us-east-1"
    contents = out["generate"]["provider"]["contents"]
    assert contents.startswith('provider "aws" {\n  region              = "us-east-1"\n')
    assert contents.endswith("  }\n}\n")
    assert out["locals"] is None
    parse_hcl(contents, "provider.tf")


def test_vpc_unit_render_and_apply_needs_no_dependency() -> None:
    out = render_unit(str(REGION / "vpc"), command="apply", env={})
    assert out["inputs"]["subnets"] == ["10.10.0.0/24", "10.10.1.0/24"]
    assert out["dependency"] == {}


def test_db_apply_without_outputs_fails_but_provider_makes_it_work() -> None:
    with pytest.raises(ConfigError, match="detected no outputs"):
        render_unit(str(REGION / "db"), command="apply", env={})
    unit = evaluate_unit(
        str(REGION / "db"), command="apply", env={}, outputs_provider=lambda d: {"vpc_id": "vpc-1"}
    )
    assert unit.inputs["vpc_id"] == "vpc-1"
    assert sorted(Path(d).name for d in unit.dependencies) == ["app", "vpc"]


def test_materialise_fixture_app(tmp_path: Path) -> None:
    unit = evaluate_unit(str(REGION / "app"), env={})
    result = materialise(unit, tmp_path / "app")
    assert sorted(p.name for p in result.working_dir.iterdir()) == [
        "backend.tf",
        "main.tf",
        "provider.tf",
    ]
    # the root include is shallow: the unit's merged `tags` replaces the root's `tags` key
    assert json.loads(result.env["TF_VAR_tags"]) == {"Component": "app", "Unit": "app"}
    assert result.env["TF_VAR_instance_count"] == "2"


def test_cli_render_and_graph(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", str(REGION / "vpc"), "--command", "plan"]) == 0
    printed = capsys.readouterr().out
    assert printed == render_json(render_unit(str(REGION / "vpc")))
    assert main(["graph", str(LIVE / "live"), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == [
        ["dev/us-east-1/vpc"],
        ["dev/us-east-1/app"],
        ["dev/us-east-1/db"],
    ]
    assert main(["graph", str(LIVE / "live"), "--destroy"]) == 0
    assert capsys.readouterr().out.splitlines()[:2] == ["Level 0:", "  dev/us-east-1/db"]


def test_cli_reports_errors_with_location(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "terragrunt.hcl").write_text("inputs = {\n  a = nope()\n}\n", encoding="utf-8")
    assert main(["render", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert f"{tmp_path}/terragrunt.hcl:2:" in err and "nope" in err


def test_python_dash_m_entry_point() -> None:
    scripts = Path(__file__).resolve().parents[2] / "scripts"
    proc = subprocess.run(
        [sys.executable, "-m", "tfharness.terragrunt", "render", str(REGION / "vpc")],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(scripts), "PATH": os.environ.get("PATH", "")},
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["inputs"]["cidr_block"] == "10.10.0.0/16"


def test_outputs_provider_is_asked_once_per_dependency() -> None:
    calls: list[str] = []

    def provider(dep_dir: str) -> dict[str, object]:
        calls.append(dep_dir)
        return {"vpc_id": "vpc-real", "subnet_ids": ["s-1"]}

    unit = evaluate_unit(str(REGION / "app"), command="apply", outputs_provider=provider, env={})
    assert unit.inputs["subnet_ids"] == ["s-1"]
    assert calls == [str(REGION / "vpc")]


MERGE = FIXTURES / "include-merge/units"


def test_include_merge_fixture_deep_unit() -> None:
    out = json.loads(render_json(render_unit(str(MERGE / "deep"), command="render", env={})))
    assert out["inputs"] == {
        "big": 12345678901234567000,
        "component": "svc",
        "heredoc": "line one\n  line two svc-deep\n",
        "html": "<b> & </b>",
        "name": "svc-deep",
        "owner": "platform",
        "path": "units/deep",
        "peer": "peer-mock",
        "ratio": 0.1,
        "tags": {"Component": "svc", "Unit": "deep"},
        "zones": ["b", "c"],
    }
    assert out["locals"] == {"name": "svc-deep"}
    assert (
        out["generate"]["versions"]["contents"] == 'terraform {\n  required_version = ">= 1.6"\n}\n'
    )


def test_include_merge_fixture_shallow_and_no_merge_units() -> None:
    shallow = render_unit(str(MERGE / "shallow"), command="render", env={})
    assert shallow["inputs"]["tags"] == {"Unit": "shallow"}
    assert shallow["inputs"]["root_tier"] == "root"
    assert shallow["inputs"]["cond"] == {"a": 1}
    nomerge = render_unit(str(MERGE / "nomerge"), command="render", env={})
    assert nomerge["inputs"] == {"only": "child", "nums": [0, 2, 4], "kv": {"a": 2, "b": 3}}
    assert nomerge["generate"] == {}
