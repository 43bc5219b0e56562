"""Use case `build`: the checked spec, resolved for one environment, compiled into the components
and files it wants (stage 4b), and written to out/."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sfspec.api.check import CheckedSpec, checked_for_environment
from sfspec.diagnostics import Diagnostics
from sfspec.resolve import Resolved
from sfspec.state import DesiredState, OrgInventory

if TYPE_CHECKING:
    from sfspec.apply.outdir import WrittenTree


@dataclass(frozen=True)
class Desired:
    """A checked spec, resolved for one environment, compiled into the components it wants."""

    checked: CheckedSpec
    resolved: Resolved
    state: DesiredState
    environment: str | None = None
    inventory: OrgInventory | None = None  # what generation knew of the org (a plan's second pass)


def desired(
    path: Path,
    environment: str | None = None,
    disabled_rules: Iterable[str] = (),
    inventory: OrgInventory | None = None,
) -> tuple[Desired | None, Diagnostics]:
    found_spec, diags = checked_for_environment(path, environment, disabled_rules)
    if found_spec is None:
        return None, diags
    wanted, found = generated(*found_spec, environment, inventory)
    diags += found
    return wanted, diags


def generated(
    checked: CheckedSpec, resolved: Resolved, environment: str | None, inventory: OrgInventory | None = None
) -> tuple[Desired | None, Diagnostics]:
    """A checked spec compiled for one environment: knowing the org's `inventory`, a plan's second
    generation, from the spec its first one checked (not loaded and checked again)."""
    # Imported here: the generators pull in jinja2 and every template module, which `validate`
    # never needs (CLI start-up budget, bench/startup.py).
    from sfspec.generate import generate
    from sfspec.generate.context import GenerationContext

    state, found = generate(GenerationContext(resolved.spec, checked.doc, environment, inventory))
    if found.has_errors():
        return None, found
    return Desired(checked, resolved, state, environment, inventory), found


def build(
    path: Path, environment: str | None, out_dir: Path, org: str | None = None, *, verbose: int = 0
) -> tuple[WrittenTree | None, Diagnostics]:
    """Generate every artifact and replace `out_dir` with them; nothing is written on errors. With
    an org, what `apply` would deploy there: components the org already holds patched over its copy
    (nothing it has is dropped), references left out. OrgError when that org cannot be read."""
    from sfspec.apply.outdir import write_tree

    if org is not None:
        # Imported here: changes.py builds on `desired` above, so a module-level import would cycle.
        from sfspec.api.changes import plan

        run, diags = plan(path, environment, org, out_dir, verbose=verbose)
        wanted = run.desired if run is not None else None
    else:
        wanted, diags = desired(path, environment)
    if wanted is None:
        return None, diags
    tree, found = write_tree(wanted.state.files, out_dir)
    diags += found
    return tree, diags
