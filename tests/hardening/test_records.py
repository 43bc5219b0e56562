"""The spec model's generated classes read schema-valid data exactly as the language's pydantic
definition does: over the corpus's schema and name breaks, the bundled specs and random mutations
of the landscape, every document jsonschema passes is refused by both or by neither, and when
read, gives the same values of the same types (enum members, ints, floats, org references).
`sfspec.model.build` relies on it to skip pydantic for a spec the schema has passed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from pydantic import ValidationError

from sfspec.load import load_spec
from sfspec.model.language.spec import Spec as SpecDefinition
from sfspec.model.record import Refused
from sfspec.model.spec import Spec
from sfspec.resources import specs_dir
from sfspec.validate import _validator

from .corpus import SPEC, name_cases, schema_cases, semantic_cases
from .test_compiled_schema import _mutated

REFUSED = "refused"


def _by_records(data: Any) -> Any:
    try:
        return Spec.from_data(data).model_dump()
    except (Refused, TypeError, ValueError, AttributeError, KeyError):
        return REFUSED


def _by_pydantic(data: Any) -> Any:
    try:
        return SpecDefinition.model_validate(data).model_dump()
    except ValidationError:
        return REFUSED


def _differences(ours: Any, theirs: Any, path: str = "") -> list[str]:
    """Where two readings differ in value, type or order (a float where pydantic has an int is a
    difference, though 80 == 80.0)."""
    if type(ours) is not type(theirs):
        return [f"{path}: {ours!r} ({type(ours).__name__}) vs {theirs!r} ({type(theirs).__name__})"]
    if isinstance(ours, dict):
        if list(ours) != list(theirs):
            return [f"{path}: keys {list(ours)} vs {list(theirs)}"]
        return [d for key in ours for d in _differences(ours[key], theirs[key], f"{path}.{key}")]
    if isinstance(ours, list):
        if len(ours) != len(theirs):
            return [f"{path}: {len(ours)} items vs {len(theirs)}"]
        return [d for i, (a, b) in enumerate(zip(ours, theirs, strict=True)) for d in _differences(a, b, f"{path}.{i}")]
    if ours != theirs and not (ours != ours and theirs != theirs):  # NaN equals NaN here
        return [f"{path}: {ours!r} vs {theirs!r}"]
    return []


def _schema_valid(data: Any) -> bool:
    return not any(True for _ in _validator("sfspec.schema.json").iter_errors(data))


def _check(data: Any) -> list[str]:
    return _differences(_by_records(data), _by_pydantic(data)) if _schema_valid(data) else []


def test_the_corpus_documents_the_schema_passes_read_alike(tmp_path: Path) -> None:
    documents = []
    for i, case in enumerate([*schema_cases(), *name_cases(), *semantic_cases()]):
        (tmp_path / f"{i}.yaml").write_bytes(case.files[SPEC])
        doc, _ = load_spec(tmp_path / f"{i}.yaml")  # as sfspec reads it (`2024-02-30` stays text)
        if doc is not None:
            documents.append(doc.plain())
    valid = [d for d in documents if _schema_valid(d)]
    assert len(valid) > 40
    refused_by_both = [d for d in valid if _by_pydantic(d) == REFUSED]
    assert refused_by_both, "the corpus has values only the language refuses (Account\\n, 2024-02-30)"
    assert {json.dumps(d, default=str)[:200]: _check(d) for d in valid if _check(d)} == {}


BUNDLED = ["landscape", *(f"examples/{p.name}" for p in sorted((specs_dir() / "examples").glob("*.yaml")))]


@pytest.mark.parametrize("name", BUNDLED)
def test_the_bundled_specs_read_alike(name: str) -> None:
    doc, diags = load_spec(specs_dir() / name)
    assert doc is not None, diags.items
    data = doc.plain()
    assert _by_records(data) != REFUSED
    assert _check(data) == []


def test_a_difference_is_seen() -> None:
    """The negative control: a reading that differs only in a number's type is a difference."""
    assert _differences({"a": [80]}, {"a": [80.0]}) == [".a.0: 80 (int) vs 80.0 (float)"]
    assert _differences({"a": 1, "b": 2}, {"b": 2, "a": 1}) != []


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_mutated())
def test_random_mutations_of_the_landscape_read_alike(data: Any) -> None:
    assert _check(data) == [], json.dumps(data, default=str)[:2000]
