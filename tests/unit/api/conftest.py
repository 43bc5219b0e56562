"""Set-up shared by the api tests (the seed landscape copy is `landscape` in tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def empty_project(tmp_path: Path) -> Path:
    """An SFDX project with nothing in it: read as an org (`source:`), it holds no component."""
    project = tmp_path / "project"
    (project / "force-app").mkdir(parents=True)
    (project / "sfdx-project.json").write_text('{"packageDirectories": [{"path": "force-app"}]}', encoding="utf-8")
    return project
