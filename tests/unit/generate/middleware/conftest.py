"""Generated middleware for the bundled landscape and the all-shapes fixture, plus the pinned
Camel validators (tests/validators/camel: YAML DSL JSON Schema and component catalog)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from mwhelpers import CAMEL, HERE, build, load_yaml

from sfspec.resources import specs_dir


@pytest.fixture(scope="session")
def landscape_files() -> dict[str, str]:
    return build(specs_dir().parent, "specs/landscape")


@pytest.fixture(scope="session")
def shapes_files() -> dict[str, str]:
    return build(HERE, "data/shapes.yaml")


@pytest.fixture(scope="session")
def all_routes(landscape_files: dict[str, str], shapes_files: dict[str, str]) -> dict[str, Any]:
    """`landscape:<path>` / `shapes:<path>` → parsed Camel YAML of every generated route."""
    out = {}
    for tag, files in (("landscape", landscape_files), ("shapes", shapes_files)):
        for path, text in files.items():
            if path.endswith(".camel.yaml"):
                out[f"{tag}:{path}"] = load_yaml(text)
    return out


@pytest.fixture(scope="session")
def camel_schema() -> dict[str, Any]:
    return json.loads((CAMEL / "camelYamlDsl.json").read_text())


@pytest.fixture(scope="session")
def camel_catalog() -> dict[str, Any]:
    return json.loads((CAMEL / "components.json").read_text())
