"""The live tree without Terraform: layout, renders, the root config, the emulator switch.

Every unit renders (and renders exactly as the real `terragrunt render --json` when the binary
is on PATH); every module has its units in every environment and region; the emulator
switch changes only the inputs it lists.
"""

from __future__ import annotations

import ipaddress
import json
import os
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from tfharness import live
from tfharness.live import Unit
from tfharness.paths import LIVE_DIR, MODULES_DIR, REPO_ROOT
from tfharness.terragrunt import (
    EvaluatedUnit,
    evaluate_unit,
    real_render_json,
    render_json,
    render_unit,
    terragrunt_binary,
)
from tfharness.terragrunt.parser import parse_hcl

from .conftest import UNIT_IDS, UNITS

ENVIRONMENTS = ["dev", "prod"]
REGIONS = ["ap-southeast-1", "us-east-1"]
# Modules that run once per account, in live/<env>/_global.
ACCOUNT_WIDE = {"iam-baseline", "cloudtrail", "config", "backup"}
# Modules used only inside other modules, never as a unit of their own (module: why).
COMPOSED_INSIDE: dict[str, str] = {
    "sqs-queue": "modules/outreach builds its queues (and their dead-letter queues) with it",
    "rds-proxy": (
        "modules/secrets-rotation builds the proxy (rds_proxy): the proxy logs in with the"
        " rotation's auth secrets and every rotated secret names the proxy's endpoint, so as"
        " two units each would need the other's outputs first"
    ),
}
# Modules on main whose units are not in the tree yet (module: why). Not a pass: each entry is
# work left, listed in README.md; an entry for a module that is gone or already wired fails.
NOT_YET_WIRED: dict[str, str] = {}
# Prod VPC ranges as the architecture gives them.
PROD_VPCS = {"us-east-1": "10.0.0.0/16", "ap-southeast-1": "10.1.0.0/16"}
MAX_UNIT_LINES = 30
DEFAULT_TAG_KEYS = {"Project", "Environment", "DataClassification", "Owner", "ManagedBy"}


@cache
def evaluated(unit: Unit, emulator: bool = False) -> EvaluatedUnit:
    return evaluate_unit(str(unit.path), command="render", env=live.emulator_env(emulator, {}))


@cache
def module_of(unit: Unit) -> str:
    return live.module_dir(evaluated(unit)).name


def test_layout() -> None:
    assert live.environments() == ENVIRONMENTS
    for env in ENVIRONMENTS:
        assert live.regions(env) == REGIONS, env
        assert (LIVE_DIR / env / live.GLOBAL_DIR / "region.hcl").is_file()


def test_every_module_has_its_units_everywhere() -> None:
    modules = {p.name for p in MODULES_DIR.iterdir() if (p / "main.tf").is_file()}
    wired = {module_of(u) for u in UNITS}
    problems = [
        f"NOT_YET_WIRED lists modules/{m}, which is {'wired' if m in wired else 'gone'}"
        for m in sorted(NOT_YET_WIRED)
        if m in wired or m not in modules
    ]
    modules -= set(NOT_YET_WIRED)
    regional = modules - ACCOUNT_WIDE - set(COMPOSED_INSIDE)
    for env in ENVIRONMENTS:
        account_units = [u for u in UNITS if u.env == env and u.account_wide]
        missing = (modules & ACCOUNT_WIDE) - {module_of(u) for u in account_units}
        problems += [f"live/{env}/_global has no unit of modules/{m}" for m in sorted(missing)]
        for region in REGIONS:
            units = [u for u in UNITS if u.env == env and u.region_dir == region]
            missing = regional - {module_of(u) for u in units}
            problems += [f"live/{env}/{region} has no unit of modules/{m}" for m in sorted(missing)]
    assert not problems, "\n".join(problems)


def test_same_units_in_every_environment_and_region() -> None:
    def names(env: str, region_dir: str) -> set[str]:
        return {u.name for u in UNITS if u.env == env and u.region_dir == region_dir}

    regional = {(e, r): names(e, r) for e in ENVIRONMENTS for r in REGIONS}
    assert len({frozenset(v) for v in regional.values()}) == 1, regional
    account = {e: names(e, live.GLOBAL_DIR) for e in ENVIRONMENTS}
    assert len({frozenset(v) for v in account.values()}) == 1, account


@pytest.mark.parametrize("unit", UNITS, ids=UNIT_IDS)
def test_unit_renders(unit: Unit) -> None:
    rendered = render_unit(str(unit.path), command="render", env={})
    json.loads(render_json(rendered))
    config = rendered["remote_state"]["config"]
    assert rendered["remote_state"]["backend"] == "s3"
    assert config["key"] == f"{unit.rel}/terraform.tfstate"
    assert config["encrypt"] is True and config["use_lockfile"] is True
    assert ":alias/phi-platform-tfstate" in config["kms_key_id"]
    account = live.read_locals(LIVE_DIR / unit.env / "account.hcl")
    region = rendered["inputs"]["aws_region"]
    assert config["bucket"] == f"phi-platform-tfstate-{account['account_id']}-{region}"
    assert config["region"] == region
    provider = rendered["generate"]["provider"]["contents"]
    parse_hcl(provider, "provider.tf")
    # Two providers (the unit's region and aws.us_east_1), each pinned, assuming the role, tagged.
    default_provider, us_east_1 = provider.split("\nprovider ")
    assert f'region              = "{region}"' in default_provider
    assert 'alias               = "us_east_1"' in us_east_1
    assert 'region              = "us-east-1"' in us_east_1
    role = f"arn:aws:iam::{account['account_id']}:role/{account['terraform_role_name']}"
    for block in (default_provider, us_east_1):
        assert f'allowed_account_ids = ["{account["account_id"]}"]' in block
        assert f'role_arn     = "{role}"' in block
        for key in DEFAULT_TAG_KEYS:
            assert f"{key} " in block or f"{key}=" in block, key
    assert config["assume_role"]["role_arn"] == role
    assert rendered["terraform"]["source"].endswith(f"/modules//{module_of(unit)}")


@pytest.mark.skipif(
    terragrunt_binary() is None, reason="terragrunt binary not on PATH (cannot be installed here)"
)
@pytest.mark.parametrize("unit", UNITS, ids=UNIT_IDS)
def test_render_matches_real_terragrunt(unit: Unit) -> None:
    env = {k: os.environ[k] for k in ("PATH", "HOME") if k in os.environ}
    real = real_render_json(str(unit.path), env=env)
    ours = json.loads(render_json(render_unit(str(unit.path), command="render", env={})))
    assert ours == real


@pytest.mark.parametrize("unit", UNITS, ids=UNIT_IDS)
def test_unit_file_is_short(unit: Unit) -> None:
    """Shared settings live in live/_envcommon; a unit says only what is its own."""
    lines = (unit.path / "terragrunt.hcl").read_text().splitlines()
    code = [line for line in lines if line.strip() and not line.strip().startswith("#")]
    assert len(code) <= MAX_UNIT_LINES, f"{unit}: {len(code)} lines"
    includes = live.included_files(unit)
    assert includes[1] == REPO_ROOT / "terragrunt.hcl", "the root is included by name, first"
    assert all(p.parent == LIVE_DIR / "_envcommon" for p in includes[2:]), includes


def test_account_wide_units_run_in_the_home_region() -> None:
    for env in ENVIRONMENTS:
        home = live.read_locals(LIVE_DIR / env / "account.hcl")["home_region"]
        assert live.home_region(env) == home
        assert {u.rel for u in live.stack(env, home)} >= {
            u.rel for u in UNITS if u.env == env and u.account_wide
        }
        for region in REGIONS:
            if region != home:
                assert not any(u.account_wide for u in live.stack(env, region))


def test_vpc_ranges_as_the_architecture_gives_and_disjoint() -> None:
    ranges: dict[str, Any] = {}
    for env in ENVIRONMENTS:
        for region in REGIONS:
            cidr = live.read_locals(LIVE_DIR / env / region / "region.hcl")["vpc_cidr"]
            ranges[f"{env}/{region}"] = ipaddress.ip_network(cidr)
    for region, cidr in PROD_VPCS.items():
        assert str(ranges[f"prod/{region}"]) == cidr
    names = sorted(ranges)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            assert not ranges[a].overlaps(ranges[b]), f"{a} {ranges[a]} overlaps {b} {ranges[b]}"


def test_state_locations_are_unique() -> None:
    seen: dict[tuple[str, str], str] = {}
    for unit in UNITS:
        config = evaluated(unit).remote_state["config"]  # type: ignore[index]
        where = (config["bucket"], config["key"])
        assert where not in seen, f"{unit} and {seen[where]} share state {where}"
        seen[where] = unit.rel


@pytest.mark.parametrize("unit", UNITS, ids=UNIT_IDS)
def test_emulator_switch_changes_only_its_inputs(unit: Unit) -> None:
    """PHI_EMULATOR=1 sets exactly live/emulator.yaml's inputs; provider and state stay put."""
    on, off = evaluated(unit, True), evaluated(unit, False)
    assert on.generate == off.generate
    assert on.remote_state == off.remote_state
    assert on.terraform_source == off.terraform_source
    settings = (yaml.safe_load(live.EMULATOR_INPUTS_FILE.read_text())["units"] or {}).get(
        unit.name, {}
    )
    expected = {name: setting["value"] for name, setting in settings.items()}
    changed = {  # an input set to null (the module's null case) counts as a change too
        k: on.inputs.get(k)
        for k in set(on.inputs) | set(off.inputs)
        if on.inputs.get(k) != off.inputs.get(k) or (k in on.inputs) != (k in off.inputs)
    }
    assert changed == expected, "an emulator input is overridden by the unit or its _envcommon"
    assert not set(expected) & set(off.inputs), "without the switch the module default applies"


def test_emulator_inputs_name_units_and_give_reasons() -> None:
    data = yaml.safe_load(live.EMULATOR_INPUTS_FILE.read_text())
    names = {u.name for u in UNITS}
    for unit_name, settings in (data["units"] or {}).items():
        assert unit_name in names, f"live/emulator.yaml names no unit {unit_name!r}"
        for name, setting in settings.items():
            assert set(setting) == {"value", "reason"}, (unit_name, name)
            assert len(str(setting["reason"]).strip()) > 20, (unit_name, name)


def test_root_config_file_is_the_one_units_include() -> None:
    assert (REPO_ROOT / "terragrunt.hcl").is_file()
    assert not (REPO_ROOT / "root.hcl").exists()
    for path in sorted(Path(LIVE_DIR).rglob("terragrunt.hcl")):
        text = path.read_text()
        assert 'find_in_parent_folders("terragrunt.hcl")' in text, path


# Groups of the security-groups unit that no unit attaches yet: output → why. The module skips
# CKV2_AWS_5 on each group ("attached by the module that consumes it"), so in the live tree
# this test, not checkov, proves the consumer exists. Empty: every group has its consumer.
UNATTACHED_GROUPS: dict[str, str] = {}
# Groups the chain takes from its upstream instead of creating them: output → the input that
# names the existing group (its creator attaches it). The unit must set that input.
ADOPTED_GROUPS = {"endpoints_security_group_id": "endpoints_security_group_id"}


def test_every_chain_security_group_is_attached_by_a_unit() -> None:
    path = MODULES_DIR / "security-groups" / "outputs.tf"
    outputs = parse_hcl(path.read_text(), str(path))
    groups = {b.labels[0] for b in outputs.blocks if b.type == "output"}
    groups = {g for g in groups if g.endswith("_security_group_id")}
    sources = [p.read_text() for p in sorted(LIVE_DIR.rglob("*.hcl"))]
    attached = {g for g in groups if any(f"security_groups.outputs.{g}" in s for s in sources)}
    chains = [u for u in UNITS if module_of(u) == "security-groups"]
    assert chains, "no unit of modules/security-groups"
    adopted = {
        output
        for output, name in ADOPTED_GROUPS.items()
        if all(evaluated(u).inputs.get(name) for u in chains)
    }
    unattached = groups - attached - adopted
    assert unattached - set(UNATTACHED_GROUPS) == set(), "groups no unit attaches"
    gone = set(UNATTACHED_GROUPS) - unattached
    assert not gone, f"attached now (or gone), remove from UNATTACHED_GROUPS: {sorted(gone)}"
    if unattached:
        pytest.xfail("; ".join(f"{g}: {UNATTACHED_GROUPS[g]}" for g in sorted(unattached)))


def test_modules_composed_inside_are_called_by_a_wired_module() -> None:
    """A COMPOSED_INSIDE entry is a claim: some module with units calls it as a submodule."""
    wired = {module_of(u) for u in UNITS}
    problems = []
    for inner in sorted(COMPOSED_INSIDE):
        callers = {
            path.parent.name
            for path in MODULES_DIR.glob("*/*.tf")
            if f'source = "../{inner}"' in " ".join(path.read_text().split())
        }
        if not callers & wired:
            problems.append(f"modules/{inner}: called by {sorted(callers)}, none of them wired")
    assert not problems, "\n".join(problems)
