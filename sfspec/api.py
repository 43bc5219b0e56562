"""The pipeline as plain functions: the only module the CLI calls for real work.

load → validate → model → rules here; later stages (resolve, org, diff, plan, apply, generate)
hang off `checked_spec`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sfspec import model, rules, validate
from sfspec.diagnostics import Diagnostics
from sfspec.generate import generate
from sfspec.generate.context import GenerationContext
from sfspec.load import SpecDocument, load_spec
from sfspec.model.spec import Spec
from sfspec.resolve import Resolved, for_environment
from sfspec.state import DesiredState

if TYPE_CHECKING:
    from sfspec.apply.outdir import WrittenTree


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


# ── build / plan / apply / drift (issue 6) ─────────────────────────────────────────────────
@dataclass(frozen=True)
class Desired:
    """A checked spec, resolved for one environment, compiled into the components it wants."""

    checked: CheckedSpec
    resolved: Resolved
    state: DesiredState


def desired(path: Path, environment: str | None = None,
            disabled_rules: frozenset[str] = frozenset()) -> tuple[Desired | None, Diagnostics]:
    checked, diags = check_spec(path, disabled_rules)
    if checked is None:
        return None, diags
    resolved, found = for_environment(checked.spec, checked.doc, path, environment)
    diags += found
    if resolved is None:
        return None, diags
    state, found = generate(GenerationContext(resolved.spec, checked.doc, environment))
    diags += found
    if diags.has_errors():
        return None, diags
    return Desired(checked, resolved, state), diags


def build(path: Path, environment: str | None, out_dir: Path) -> tuple["WrittenTree | None", Diagnostics]:
    """Generate every artifact and replace `out_dir` with them; nothing is written on errors."""
    from sfspec.apply.outdir import write_tree

    wanted, diags = desired(path, environment)
    if wanted is None:
        return None, diags
    tree, found = write_tree(wanted.state.files, out_dir)
    diags += found
    return tree, diags
