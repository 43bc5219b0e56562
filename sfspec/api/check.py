"""Use case `validate`: stages 1-3b (load, schema, model, rules), and 4a (one environment's
overrides) for every use case that goes further."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sfspec import model, rules, validate
from sfspec.diagnostics import Diagnostics
from sfspec.load import load_spec
from sfspec.load.document import SpecDocument
from sfspec.model.spec import Spec
from sfspec.redact import KNOWN, env_references
from sfspec.resolve import Resolved, for_environment


@dataclass(frozen=True)
class CheckedSpec:
    """A spec that passed every stage up to the semantic rules (warnings may remain)."""

    path: Path
    doc: SpecDocument
    spec: Spec


def check_spec(path: Path, disabled_rules: Iterable[str] = ()) -> tuple[CheckedSpec | None, Diagnostics]:
    """Stages 1-3b. UsageError when `disabled_rules` names a code that is not a semantic rule."""
    disabled = rules.disabled_rules(disabled_rules)
    doc, diags = load_spec(path)
    if doc is None or diags.has_errors():
        return None, diags
    data = doc.plain()
    # the values of the spec's `env:NAME` references are secrets: masked in anything printed from now on
    KNOWN.add_environment(os.environ, env_references(data))
    diags += validate.validate_document(doc, data)
    if diags.has_errors():
        return None, diags
    spec, found = model.build(doc, data, schema_valid=True)
    diags += found
    if spec is None:
        return None, diags
    diags += rules.run(spec, doc, disabled)
    if diags.has_errors():
        return None, diags
    return CheckedSpec(path, doc, spec), diags


def checked_for_environment(
    path: Path,
    environment: str | None = None,
    disabled_rules: Iterable[str] = (),
) -> tuple[tuple[CheckedSpec, Resolved] | None, Diagnostics]:
    """Stages 1-4a: a checked spec with one environment's overrides applied."""
    checked, diags = check_spec(path, disabled_rules)
    if checked is None:
        return None, diags
    resolved, found = for_environment(checked.spec, checked.doc, path, environment)
    diags += found
    return (None if resolved is None else (checked, resolved)), diags
