"""Shared helpers for the landscape tests: the real validators (Mermaid's parser, Graphviz,
mistune) and golden files (refresh with SFSPEC_UPDATE_GOLDEN=1)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sfspec.api import CheckedSpec, check_spec
from sfspec.resources import specs_dir

ROOT = Path(__file__).resolve().parents[3]
GOLDEN = ROOT / "tests" / "golden" / "landscape"
MERMAID = ROOT / "tests" / "validators" / "mermaid"


def missing(why: str) -> None:
    """A validator that is not installed fails the run in CI and skips it on a workstation."""
    if os.environ.get("CI"):
        pytest.fail(f"{why} (CI must install it: bash tests/validators/install.sh)")
    pytest.skip(why)


@pytest.fixture(scope="session")
def landscape() -> CheckedSpec:
    checked, diags = check_spec(specs_dir() / "landscape")
    assert checked is not None, [d.format() for d in diags]
    return checked


@pytest.fixture
def golden() -> Callable[[str, str], None]:
    def compare(name: str, text: str) -> None:
        path = GOLDEN / name
        if os.environ.get("SFSPEC_UPDATE_GOLDEN") == "1":
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        assert path.exists(), f"no golden file {path}; run with SFSPEC_UPDATE_GOLDEN=1 to create it"
        assert text == path.read_text(encoding="utf-8"), (
            f"{name} differs from its golden file (SFSPEC_UPDATE_GOLDEN=1 to accept)"
        )

    return compare


@pytest.fixture(scope="session")
def mermaid_parse(tmp_path_factory: pytest.TempPathFactory) -> Callable[[dict[str, str]], dict[str, Any]]:
    """name → Mermaid text in; name → Mermaid's parse result out (ok, error, vertices, edges …)."""
    node = shutil.which("node")
    if node is None or not (MERMAID / "node_modules" / "mermaid").is_dir():
        missing("Mermaid validator not installed (node + tests/validators/mermaid/node_modules)")
    folder = tmp_path_factory.mktemp("mermaid")

    def parse(diagrams: dict[str, str]) -> dict[str, Any]:
        files = []
        for name, text in diagrams.items():
            path = folder / f"{name}.mmd"
            path.write_text(text, encoding="utf-8")
            files.append(str(path))
        done = subprocess.run(
            [node, str(MERMAID / "check.mjs"), *files], capture_output=True, text=True, timeout=120, cwd=MERMAID
        )
        assert done.returncode == 0, done.stderr
        return {Path(r["file"]).stem: r for r in json.loads(done.stdout)}

    return parse


@pytest.fixture(scope="session")
def graphviz_svg() -> Callable[[str], str]:
    """DOT text in, SVG out; fails the test with Graphviz's own message when it rejects the DOT."""
    dot = shutil.which("dot")
    if dot is None:
        missing("Graphviz `dot` not installed")

    def render(text: str) -> str:
        done = subprocess.run([dot, "-Tsvg"], input=text, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0 and not done.stderr.strip(), f"Graphviz rejected the DOT: {done.stderr}"
        return done.stdout

    return render
