"""The pipeline as plain functions: the only module the CLI calls for real work.

load → validate → model → rules here; later stages (resolve, org, diff, plan, apply, generate)
hang off `checked_spec`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sfspec import model, rules, validate
from sfspec.diagnostics import Diagnostics
from sfspec.load import SpecDocument, load_spec
from sfspec.model.spec import Spec


@dataclass(frozen=True)
class CheckedSpec:
    """A spec that passed every stage up to the semantic rules (warnings may remain)."""

    path: Path
    doc: SpecDocument
    spec: Spec


def check_spec(path: Path, disabled_rules: frozenset[str] = frozenset()) -> tuple[CheckedSpec | None, Diagnostics]:
    doc, diags = load_spec(path)
    if doc is None or diags.has_errors():
        return None, diags
    data = doc.plain()
    diags += validate.validate_document(doc, data)
    if diags.has_errors():
        return None, diags
    spec, found = model.build(doc, data)
    diags += found
    if spec is None:
        return None, diags
    diags += rules.run(spec, doc, disabled_rules)
    if diags.has_errors():
        return None, diags
    return CheckedSpec(path, doc, spec), diags
