"""Helpers for the middleware generator tests: build the generated files, read Camel route
files (endpoints, expressions), and the validator locations. Imported by name (`mwhelpers`)
because several folders have a conftest.py."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from sfspec.api import check_spec
from sfspec.generate.context import GenerationContext
from sfspec.generate.middleware import generate

ROOT = Path(__file__).resolve().parents[4]
HERE = Path(__file__).resolve().parent
CAMEL = ROOT / "tests" / "validators" / "camel" / "camel-4.14.9"
MELTANO_VENV = ROOT / "tests" / "validators" / "meltano" / ".venv"
ENDPOINT_KEYS = ("from", "to", "toD", "wireTap", "enrich")
PLACEHOLDER = re.compile(r"\{\{([^{}]+)\}\}")


def missing(why: str) -> None:
    """A validator that is not installed fails the run in CI and skips it on a workstation."""
    if os.environ.get("CI"):
        pytest.fail(f"{why} (CI must install it: bash tests/validators/install.sh)")
    pytest.skip(why)


def build(folder: Path, spec: str) -> dict[str, str]:
    """Generate from a spec path relative to `folder` (cwd), as the CLI does."""
    cwd = Path.cwd()
    os.chdir(folder)
    try:
        checked, diags = check_spec(Path(spec))
        assert checked is not None, [d.format() for d in diags.items]
        files = generate(GenerationContext(checked.spec, checked.doc))
    finally:
        os.chdir(cwd)
    return {f.path: f.content for f in files}


def load_yaml(text: str) -> Any:
    return YAML(typ="safe", pure=True).load(text)


def properties(text: str) -> dict[str, str]:
    """application.properties as java.util.Properties.load reads it (line terminators \\n, \\r and
    \\r\\n, comments, continuations, escapes): the javaproperties package."""
    try:
        import javaproperties
    except ImportError:  # a test extra: pip install -e '.[test]'
        missing("javaproperties is not installed (a test extra: pip install -e '.[test]')")
    return dict(javaproperties.loads(text))


def walk(node: Any) -> Iterator[tuple[str, Any]]:
    """Every (key, value) pair in a parsed YAML tree."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield key, value
            yield from walk(value)
    elif isinstance(node, list):
        for item in node:
            yield from walk(item)


def endpoints(route_doc: Any) -> list[tuple[str, dict[str, Any]]]:
    """(uri, parameters) of every endpoint a route file sends to or consumes from."""
    found = []
    for key, value in walk(route_doc):
        if key in ENDPOINT_KEYS and isinstance(value, dict) and "uri" in value:
            uri, _, query = str(value["uri"]).partition("?")
            params = dict(p.split("=", 1) for p in query.split("&") if p)
            params.update({k: v for k, v in (value.get("parameters") or {}).items()})
            found.append((uri, params))
        elif key == "deadLetterUri":
            found.append((str(value), {}))
        elif key == "pollEnrich":
            uri, _, query = str(value["constant"]["expression"]).partition("?")
            found.append((uri, dict(p.split("=", 1) for p in query.split("&") if p)))
    return found


def expressions(route_doc: Any, language: str) -> list[str]:
    """Every expression text of one language (jq, jsonpath, simple) in a route file."""
    return [v["expression"] for k, v in walk(route_doc) if k == language and isinstance(v, dict)]
