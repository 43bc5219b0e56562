"""schemas/sfspec.schema.json is generated from the pydantic models and must not drift from them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from sfspec.load import load_spec
from sfspec.model.schema import render, spec_schema
from sfspec.resources import schema_path, specs_dir


def test_schema_is_current() -> None:
    committed = schema_path("sfspec.schema.json").read_text(encoding="utf-8")
    assert committed == render(spec_schema()), (
        "run `python -m sfspec.model.schema` and commit schemas/sfspec.schema.json"
    )


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    schema = json.loads(schema_path("sfspec.schema.json").read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def test_editor_docs_exist_for_every_top_level_key_and_definition() -> None:
    """VS Code's YAML extension shows `description` on hover and completion."""
    schema = spec_schema()
    assert schema.get("title") and schema.get("description")
    undocumented = [key for key, prop in schema["properties"].items() if not prop.get("description")]
    assert undocumented == []
    for name, definition in schema["$defs"].items():
        assert definition.get("title"), name
        for key, prop in definition.get("properties", {}).items():
            assert prop.get("description") or prop.get("$ref") or prop.get("title"), f"{name}.{key}"


def test_unknown_keys_are_refused_everywhere() -> None:
    for name, definition in spec_schema()["$defs"].items():
        if definition.get("type") == "object" and "properties" in definition:
            assert definition.get("additionalProperties") is False, name


@pytest.mark.parametrize(
    "spec", [*sorted((specs_dir() / "examples").glob("*.yaml")), specs_dir() / "landscape"], ids=lambda p: p.stem
)
def test_examples_pass_the_raw_schema(spec: Path) -> None:
    """Independent of our error mapping: plain jsonschema accepts every bundled example."""
    doc, diags = load_spec(spec)
    assert doc is not None, diags
    validator = Draft202012Validator(json.loads(schema_path("sfspec.schema.json").read_text(encoding="utf-8")))
    assert [e.message for e in validator.iter_errors(doc.plain())] == []


def test_regenerating_writes_the_committed_text(tmp_path: Path) -> None:
    from sfspec.model.schema import main

    target, compiled = tmp_path / "schema.json", tmp_path / "compiled_schema.py"
    assert main([str(target), str(compiled)]) == 0
    assert target.read_text(encoding="utf-8") == schema_path("sfspec.schema.json").read_text(encoding="utf-8")
    # the checker's content is compared with the committed one in tests/unit/validate
    assert "SCHEMA_SHA256" in compiled.read_text(encoding="utf-8")
