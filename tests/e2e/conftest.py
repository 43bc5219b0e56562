"""End-to-end fixtures: a copy of the seed landscape and its dev mock org in tmp_path."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sfspec.resources import specs_dir


@pytest.fixture
def landscape(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """tmp_path/spec: the seed landscape with its own copy of orgs/dev.json; cwd = tmp_path."""
    shutil.copytree(specs_dir() / "landscape", tmp_path / "spec")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NO_COLOR", "1")
    return tmp_path / "spec"
