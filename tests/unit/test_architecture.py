"""The pipeline's layers only import downward (import-linter contracts in pyproject.toml)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _lint_imports() -> str:
    local = Path(sys.executable).with_name("lint-imports")
    found = str(local) if local.exists() else shutil.which("lint-imports")
    assert found, "import-linter is a test dependency: pip install -e .[test]"
    return found


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([_lint_imports(), "--no-cache", *args], cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_import_contracts_are_kept() -> None:
    result = _run()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "BROKEN" not in result.stdout and "0 broken" in result.stdout


def test_a_broken_contract_fails_the_check(tmp_path: Path) -> None:
    """The check can fail: with the layers turned upside down, every real import breaks them."""
    config = tmp_path / "upside-down.toml"
    config.write_text(
        '[tool.importlinter]\nroot_package = "sfspec"\n\n[[tool.importlinter.contracts]]\n'
        'name = "upside down"\ntype = "layers"\nlayers = ["sfspec.diagnostics", "sfspec.load", "sfspec.cli"]\n',
        encoding="utf-8",
    )
    result = _run("--config", str(config))
    assert result.returncode != 0
    assert "BROKEN" in result.stdout
