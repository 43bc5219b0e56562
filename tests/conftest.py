"""Shared pytest fixtures. The fake Salesforce lives in tests/fakesf (fixtures in fakesf/fixtures.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fakesf.fixtures import fake_salesforce, fake_salesforce_factory, fake_tls  # noqa: F401

from sfspec.resources import specs_dir


@pytest.fixture
def landscape(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """tmp_path/spec: the seed landscape with its own copy of orgs/dev.json; cwd = tmp_path.
    (tests/unit/landscape overrides the name with the checked, read-only seed landscape.)"""
    shutil.copytree(specs_dir() / "landscape", tmp_path / "spec")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NO_COLOR", "1")
    return tmp_path / "spec"
