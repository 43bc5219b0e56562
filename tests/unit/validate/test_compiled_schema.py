"""The compiled schema checker (sfspec/validate/compiled_schema.py) may skip jsonschema only because
it is never more lenient: whatever it passes, jsonschema passes too. That implication is checked
here over every spec the repository holds, the hardening corpus's schema and name breaks, and
random mutations of the bundled landscape; a checker compiled from a weakened schema must be caught
by the same check (negative control). It must also pass every valid spec, or the fast path would
silently never be taken, and it must be compiled from the committed schema."""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any

import fastjsonschema
import pytest

from sfspec.load import load_spec
from sfspec.model.schema import _checks_only, compiled_source
from sfspec.resources import schema_path, specs_dir
from sfspec.validate import _validator, compiled_schema, passes_compiled_schema, validate_document

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "specs"
SPECS = sorted(
    [
        *specs_dir().glob("examples/*.yaml"),
        specs_dir() / "landscape",
        *FIXTURES.glob("*/*.yaml"),
        *(p for p in FIXTURES.glob("*/*") if p.is_dir()),
    ]
)


def _jsonschema_errors(data: Any) -> list[str]:
    return [error.message for error in _validator("sfspec.schema.json").iter_errors(data)]


def _counterexample(passes: Callable[[Any], bool], documents: Iterable[Any]) -> Any:
    """The first document `passes` accepts although jsonschema finds an error in it, else None."""
    for data in documents:
        if passes(data) and _jsonschema_errors(data):
            return data
    return None


@cache
def _landscape() -> Any:
    doc, _ = load_spec(specs_dir() / "landscape")
    assert doc is not None
    return doc.plain()


# ── stale or not ───────────────────────────────────────────────────────────────────────────────
def test_compiled_from_the_committed_schema() -> None:
    committed = schema_path("sfspec.schema.json").read_text(encoding="utf-8")
    assert hashlib.sha256(committed.encode("utf-8")).hexdigest() == compiled_schema.SCHEMA_SHA256, (
        "run `python -m sfspec.model.schema` and commit sfspec/validate/compiled_schema.py"
    )


def test_regenerating_writes_the_committed_checker() -> None:
    committed = Path(compiled_schema.__file__).read_text(encoding="utf-8")
    if compiled_schema.VERSION != fastjsonschema.VERSION:
        pytest.skip(f"generated with fastjsonschema {compiled_schema.VERSION}, {fastjsonschema.VERSION} is installed")
    assert compiled_source(schema_path("sfspec.schema.json").read_text(encoding="utf-8")) == committed


# ── never more lenient than jsonschema ─────────────────────────────────────────────────────────
def test_every_spec_in_the_repository_is_judged_alike() -> None:
    """Valid specs pass the checker (so validate takes the fast path), broken ones are refused."""
    judged, differing = 0, []
    for spec in SPECS:
        doc, _ = load_spec(spec)
        if doc is None:
            continue  # refused before the schema stage (syntax, duplicate keys, size): nothing to judge
        data = doc.plain()
        judged += 1
        if passes_compiled_schema(data) != (not _jsonschema_errors(data)):
            differing.append(spec)
    assert judged >= 50
    assert differing == []


def _bad_names() -> list[Any]:
    """The landscape with one name broken at a time: the breaks a lenient checker lets through."""
    documents = []
    for bad in ["Bad Name", "erp\n", "1erp", "a" * 41, "ERP_Id__c__c", ""]:
        for section in ("systems", "objects", "flows"):
            data = copy.deepcopy(_landscape())
            first = next(iter(data[section]))
            data[section][bad] = data[section].pop(first)
            documents.append(data)
    return documents


def test_broken_names_are_never_passed() -> None:
    assert _counterexample(passes_compiled_schema, _bad_names()) is None


def test_a_lenient_checker_is_caught() -> None:
    """Negative control: a checker compiled without the schema's patterns passes bad names, and the
    check above finds it on the same corpus."""

    def without_patterns(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: without_patterns(v) for k, v in node.items() if k != "pattern"}
        if isinstance(node, list):
            return [without_patterns(v) for v in node]
        return node

    schema = without_patterns(_checks_only(json.loads(schema_path("sfspec.schema.json").read_text(encoding="utf-8"))))
    lenient = fastjsonschema.compile(schema, use_default=False, use_formats=False)

    def passes(data: Any) -> bool:
        try:
            lenient(data)
        except fastjsonschema.JsonSchemaException:
            return False
        return True

    assert _counterexample(passes, _bad_names()) is not None


# ── the fast path is what validate takes ───────────────────────────────────────────────────────
def test_a_valid_spec_does_not_run_jsonschema(monkeypatch: pytest.MonkeyPatch) -> None:
    doc, _ = load_spec(specs_dir() / "landscape")
    assert doc is not None

    def refuse(name: str) -> Any:
        raise AssertionError("jsonschema was run on a valid spec")

    monkeypatch.setattr("sfspec.validate._validator", refuse)
    assert not validate_document(doc).errors()


def test_an_invalid_spec_gets_every_error_from_jsonschema() -> None:
    data = copy.deepcopy(_landscape())
    system = next(iter(data["systems"]))
    data["systems"]["Bad Name"] = data["systems"].pop(system)
    data["unknown_top_level_key"] = 1
    assert not passes_compiled_schema(data)
    assert len(_jsonschema_errors(data)) >= 2
