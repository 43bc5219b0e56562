"""Generated Salesforce projects for the bundled landscape, the examples and the fixtures, built once
per session and written to disk for the validators in tests/validators/salesforce.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from sf_support import generate_files, spec_cases, write_tree

from sfspec.state import GeneratedFile


@pytest.fixture(scope="session")
def projects(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[list[GeneratedFile], Path]]:
    out = {}
    for name, (path, env) in spec_cases().items():
        files = generate_files(path, env)
        out[name] = (files, write_tree(files, tmp_path_factory.mktemp(f"sf-{name}")))
    return out
