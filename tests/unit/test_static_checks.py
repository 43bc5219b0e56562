"""mypy (pydantic plugin, every function typed) and ruff (lint and format) over the tree: run here so
`bash tests/run` and CI enforce them like any test. Each has a negative control."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHECKED = ("sfspec", "tests", "bench")


def _tool(name: str) -> str:
    local = Path(sys.executable).with_name(name)
    found = str(local) if local.exists() else shutil.which(name)
    assert found, f"{name} is a test dependency: pip install -e .[test]"
    return found


def _run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), cwd=cwd, capture_output=True, text=True, timeout=600)


def test_mypy_finds_nothing() -> None:
    result = _run(_tool("mypy"))  # what to check and how: [tool.mypy] in pyproject.toml
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_can_fail(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("def f(x):\n    return x\n\n\ncount: int = 'one'\n", encoding="utf-8")
    result = _run(_tool("mypy"), "--config-file", str(ROOT / "pyproject.toml"), str(bad), cwd=tmp_path)
    assert result.returncode == 1
    assert "[no-untyped-def]" in result.stdout and "[assignment]" in result.stdout


def test_ruff_lint_and_format_are_clean() -> None:
    lint = _run(_tool("ruff"), "check", *CHECKED)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    layout = _run(_tool("ruff"), "format", "--check", *CHECKED)
    assert layout.returncode == 0, layout.stdout + layout.stderr


def test_ruff_can_fail(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "bad.py").write_text("import os\nx = {'a':1}\n", encoding="utf-8")
    assert "F401" in _run(_tool("ruff"), "check", "bad.py", cwd=tmp_path).stdout
    assert _run(_tool("ruff"), "format", "--check", "bad.py", cwd=tmp_path).returncode == 1
