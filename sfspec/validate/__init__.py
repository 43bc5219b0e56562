"""Stage 2: check the loaded document against schemas/sfspec.schema.json (JSON Schema 2020-12).

Each jsonschema error becomes a positioned Diagnostic with a code by kind of problem, and every
error of the run is reported. Values under secret-reference keys are never echoed.

A document is first put to the compiled checker (compiled_schema.py, generated from the same
schema): most specs are valid, and then jsonschema is neither run nor imported. Only a document
the checker refuses is walked by jsonschema, which finds and words every error; the checker is
never more lenient than jsonschema (tests/unit/validate/test_compiled_schema.py), so a spec it
passes has no schema error to report.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING, Any

from sfspec.codes import Code, Severity
from sfspec.diagnostics import Diagnostic, Diagnostics
from sfspec.load.document import SpecDocument
from sfspec.model.patterns import (
    API_NAME_PATTERN,
    FLOW_NAME_PATTERN,
    LABEL_PATTERN,
    SCOPE_PATTERN,
    SECRET_REF_PATTERN,
    SYSTEM_NAME_PATTERN,
    TEXT_PATTERN,
)
from sfspec.resources import schema_path

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

_PATTERN_HINTS = {
    API_NAME_PATTERN: "a Salesforce API name: letters, digits and single underscores, e.g. ERP_Id__c",
    SYSTEM_NAME_PATTERN: "a system name: lower-case letters, digits and _, e.g. erp",
    FLOW_NAME_PATTERN: "a flow name: lower-case words joined by - or _, e.g. account-to-erp",
    LABEL_PATTERN: "a label is one line of visible text, without control characters",
    TEXT_PATTERN: "remove the control characters; tabs and line breaks are fine",
    SCOPE_PATTERN: "OAuth scopes are visible ASCII tokens separated by single spaces, without quotes, backslashes "
    "or braces (Camel would resolve {{...}} and ${...} in them)",
}


# JSON Schema's type names, in the YAML author's words.
_YAML_TYPES = {"object": "mapping", "array": "list", "boolean": "boolean (true/false)", "null": "null"}
_PY_TYPES = {
    "dict": "mapping",
    "list": "list",
    "str": "string",
    "int": "integer",
    "float": "number",
    "bool": "boolean",
    "NoneType": "null",
}


@cache
def load_schema(name: str = "sfspec.schema.json") -> dict[str, Any]:
    return json.loads(schema_path(name).read_text(encoding="utf-8"))


@cache
def _validator(name: str) -> Draft202012Validator:
    from jsonschema import Draft202012Validator  # imported here: a valid spec never needs it

    return Draft202012Validator(load_schema(name))


def passes_compiled_schema(instance: Any) -> bool:
    """True when the compiled checker finds nothing wrong with `instance`. Any failure of its own
    (an exception other than its verdict) counts as "not sure" and sends the document to jsonschema."""
    from sfspec.validate import compiled_schema

    try:
        compiled_schema.validate(instance)
    except Exception:  # a refusal or a surprise: jsonschema, the reference, decides
        return False
    return True


def _a(noun: str) -> str:
    return f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun}"


def dotted(path: Iterable[Any]) -> str:
    return ".".join(str(p) for p in path) or "(top level)"


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


def _allowed_keys(schema: dict[str, Any]) -> list[str]:
    return sorted(schema.get("properties", {}))


def _diagnostics_for(error: ValidationError, doc: SpecDocument) -> Iterable[Diagnostic]:
    # jsonschema types these `Any | Unset`; they are always set on the errors iter_errors yields.
    instance: Any = error.instance
    expected: Any = error.validator_value
    path = list(error.absolute_path)
    where = dotted(path)
    kind = error.validator
    schema = error.schema if isinstance(error.schema, dict) else {}
    if kind == "additionalProperties" and isinstance(instance, dict):
        allowed = _allowed_keys(schema)
        for key in sorted(set(instance) - set(allowed), key=str):
            close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
            hint = f"did you mean {close[0]!r}?" if close else f"allowed keys: {', '.join(allowed)}"
            yield Diagnostic(
                Code.SFS010, f"unknown key {str(key)!r} in {where}", Severity.ERROR, doc.locate([*path, key]), hint
            )
        return
    if "propertyNames" in error.relative_schema_path:
        # jsonschema checks a key against propertyNames without extending the path: the
        # instance is the key itself, the path is its parent mapping.
        name = instance
        pattern = expected if kind == "pattern" else ""
        hint = _PATTERN_HINTS.get(pattern, f"names must match {pattern}")
        traversal = isinstance(name, str) and ("/" in name or "\\" in name or ".." in name)
        summary = f"invalid name {_short(name)} in {where}" + (
            " (path separators are not allowed)" if traversal else ""
        )
        yield Diagnostic(Code.SFS015, summary, Severity.ERROR, doc.locate([*path, name]), hint)
        return
    if kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else str(expected)
        yield Diagnostic(
            Code.SFS012,
            f"missing required key {missing!r} in {where}",
            Severity.ERROR,
            doc.locate(path),
            f"add `{missing}:`",
        )
        return
    if kind == "type":
        wanted = expected if isinstance(expected, list) else [expected]
        expected = " or ".join(_YAML_TYPES.get(str(t), str(t)) for t in wanted)
        got = _PY_TYPES.get(type(instance).__name__, type(instance).__name__)
        yield Diagnostic(
            Code.SFS011,
            f"{where} must be {_a(expected)}, not {_a(got)}",
            Severity.ERROR,
            doc.locate(path, value=True),
            schema.get("description"),
        )
        return
    if kind == "pattern" and expected == SECRET_REF_PATTERN:
        # Never echo the value: it may be the secret itself.
        yield Diagnostic(
            Code.SFS109,
            f"{where} holds a literal value where a secret reference is required",
            Severity.ERROR,
            doc.locate(path, value=True),
            "store the secret outside the spec and write `secret:NAME` or `env:NAME`",
        )
        return
    if kind == "pattern":
        pattern_hint: str | None = _PATTERN_HINTS.get(expected, schema.get("description"))
        if isinstance(instance, str) and (".." in instance or instance.startswith("/")) and "name" in str(pattern_hint):
            pattern_hint = f"{pattern_hint}; path traversal is not allowed"
        yield Diagnostic(
            Code.SFS013,
            f"{where}: {_short(instance)} is not valid",
            Severity.ERROR,
            doc.locate(path, value=True),
            pattern_hint,
        )
        return
    if kind in ("enum", "const"):
        options = expected if kind == "enum" else [expected]
        close = difflib.get_close_matches(str(instance), [str(o) for o in options], n=1, cutoff=0.5)
        hint = f"did you mean {close[0]!r}?" if close else f"one of: {', '.join(str(o) for o in options)}"
        yield Diagnostic(
            Code.SFS013,
            f"{where}: {_short(instance)} is not an allowed value",
            Severity.ERROR,
            doc.locate(path, value=True),
            hint,
        )
        return
    message = error.message if len(error.message) < 160 else error.message[:157] + "..."
    yield Diagnostic(
        Code.SFS013, f"{where}: {message}", Severity.ERROR, doc.locate(path, value=True), schema.get("description")
    )


def validate_document(doc: SpecDocument, data: dict[str, Any] | None = None) -> Diagnostics:
    """All schema findings for the document, in source order."""
    diags = Diagnostics()
    instance = data if data is not None else doc.plain()
    if passes_compiled_schema(instance):
        return diags
    seen: set[tuple[str, str, int, int]] = set()
    for error in _validator("sfspec.schema.json").iter_errors(instance):
        for diag in _diagnostics_for(error, doc):
            key = (
                diag.code,
                diag.summary,
                diag.source.start.line if diag.source else 0,
                diag.source.start.col if diag.source else 0,
            )
            if key not in seen:
                seen.add(key)
                diags.add(diag)
    return diags
