"""Offline toolchain discovery: a usable mirror is found; anything missing is named."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from tfharness import toolchain as tc


def fake_mirror(root: Path, version: str = "5.100.0") -> Path:
    binary = (
        root
        / "registry.terraform.io"
        / "hashicorp"
        / "aws"
        / version
        / tc.provider_platform()
        / f"terraform-provider-aws_v{version}_x5"
    )
    binary.parent.mkdir(parents=True)
    binary.write_text("")
    return root


def test_env_override_wins(tmp_path: Path) -> None:
    mirror = fake_mirror(tmp_path / "m")
    assert tc.find_mirror({tc.MIRROR_ENV: str(mirror), "HOME": str(tmp_path)}) == mirror


def test_env_override_without_provider_names_the_variable(tmp_path: Path) -> None:
    with pytest.raises(tc.ToolchainError, match=tc.MIRROR_ENV):
        tc.find_mirror({tc.MIRROR_ENV: str(tmp_path), "HOME": str(tmp_path)})


def test_versions_outside_the_range_are_ignored(tmp_path: Path) -> None:
    fake_mirror(tmp_path / "old", "5.99.0")
    fake_mirror(tmp_path / "new", "6.0.0")
    assert tc.aws_versions_in(tmp_path / "old", tc.provider_platform()) == []
    assert tc.aws_versions_in(tmp_path / "new", tc.provider_platform()) == []


def test_search_finds_a_nested_mirror(tmp_path: Path) -> None:
    mirror = fake_mirror(tmp_path / "opt" / "plugins")
    env = {"HOME": str(tmp_path / "home"), "XDG_DATA_DIRS": str(tmp_path / "none")}
    assert tc.find_mirror(env, search_roots=[tmp_path]) == mirror


def test_no_mirror_explains_how_to_point_at_one(tmp_path: Path) -> None:
    env = {"HOME": str(tmp_path), "XDG_DATA_DIRS": str(tmp_path)}
    with pytest.raises(tc.ToolchainError) as error:
        tc.find_mirror(env, search_roots=[tmp_path])
    assert "hashicorp/aws" in str(error.value) and tc.MIRROR_ENV in str(error.value)


def test_missing_terraform_is_named(tmp_path: Path) -> None:
    with pytest.raises(tc.ToolchainError, match="terraform was not found on PATH"):
        tc.find_terraform({"PATH": str(tmp_path)})


def test_old_terraform_is_refused(tmp_path: Path) -> None:
    fake = tmp_path / "terraform"
    fake.write_text('#!/bin/sh\necho \'{"terraform_version": "1.5.7"}\'\n')
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    with pytest.raises(tc.ToolchainError, match=r"needs >= 1\.11"):
        tc.terraform_version(fake)


def test_cli_config_is_mirror_only_without_checkpoint(tmp_path: Path) -> None:
    text = tc.render_cli_config(tmp_path)
    assert "disable_checkpoint = true" in text
    assert f'path    = "{tmp_path}"' in text
    assert 'exclude = ["registry.terraform.io/hashicorp/*"]' in text


def test_ensure_toolchain_writes_a_config_terraform_accepts(tmp_path: Path) -> None:
    config = tmp_path / "cli.tfrc"
    found = tc.ensure_toolchain(dict(os.environ), config_path=config)
    assert config.read_text() == tc.render_cli_config(found.mirror)
    assert found.env()["TF_CLI_CONFIG_FILE"] == str(config)


def test_terraform_runs_with_a_relaxed_go_gc_unless_told_otherwise(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chain = tc.Toolchain(Path("terraform"), "1.11.4", tmp_path, "5.100.0", tmp_path / "cli.tfrc")
    monkeypatch.delenv("GOGC", raising=False)
    assert chain.env()["GOGC"] == tc.DEFAULT_GOGC
    monkeypatch.setenv("GOGC", "100")
    assert chain.env()["GOGC"] == "100"
