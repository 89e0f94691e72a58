"""Every setting is written once in Config: its flag, its PEERGROUP_* variable and its help follow."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from server.config import Config, add_serve_arguments, env_name, from_args, options


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser()
    add_serve_arguments(p)
    return p


def test_with_no_flag_and_no_variable_every_setting_is_configs_default() -> None:
    assert from_args(parser().parse_args([])) == Config()


def test_a_variable_sets_the_default_and_a_flag_overrides_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PEERGROUP_PORT", "9001")
    monkeypatch.setenv("PEERGROUP_ALLOWED_ORIGINS", "https://a.example, https://b.example")
    monkeypatch.setenv("PEERGROUP_REDIS_URL", "")
    config = from_args(parser().parse_args(["--lease-seconds", "3", "--data-dir", "/tmp/x"]))
    assert (config.port, config.allowed_origins, config.redis_url) == (
        9001,
        ["https://a.example", "https://b.example"],
        None,
    )
    assert (config.lease_seconds, config.data_dir) == (3.0, Path("/tmp/x"))
    assert from_args(parser().parse_args(["--port", "9002"])).port == 9002


def test_every_flag_names_its_variable_in_its_help() -> None:
    helps = {a.dest: a.help or "" for a in parser()._actions}
    for f in options():
        assert env_name(f.name) in helps[f.name], f.name
