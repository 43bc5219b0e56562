"""Use cases on an org by itself: `org snapshot` (save it as a mock org) and `import` (bootstrap a
spec from it). `org_option` reads an `--org` value for every use case that takes one."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from sfspec.api.build import desired
from sfspec.api.check import check_spec
from sfspec.diagnostics import Diagnostics
from sfspec.orgref import OrgRef
from sfspec.state import ORG_TYPES, MetadataType

if TYPE_CHECKING:
    from sfspec.landscape.importer import Imported


def org_option(org: str) -> OrgRef:
    """An `--org` value; its `mock:`/`source:` path is relative to the working directory.
    OrgError when it is not an org reference."""
    return OrgRef.parse(org).resolved(Path.cwd())


def org_snapshot(
    org: str, out: Path, spec: Path | None = None, environment: str | None = None, *, verbose: int = 0
) -> tuple[str | None, Diagnostics]:
    """Save an org as a mock snapshot: everything relevant, or (with a spec) the spec's components
    plus every sfspec-managed one. Returns a summary line. OrgError when the org cannot be read."""
    from sfspec.model import org_references
    from sfspec.model.claims import claims
    from sfspec.org import open_org
    from sfspec.org.export import take_snapshot, write_snapshot_file

    diags = Diagnostics()
    wanted = None
    if spec is not None:
        found, diags = desired(spec, environment)
        if found is None:
            return None, diags
        # what a plan reads: the generated components, and the objects, fields and components the
        # spec names without creating (standard ones, references, adoptions), which must exist
        named = org_references(found.resolved.spec) | set(claims(found.resolved.spec))
        wanted = sorted({k for k in found.state if k.type != MetadataType.MIDDLEWARE_FILE} | named)
    reader = open_org(org_option(org), verbose=verbose)
    state = take_snapshot(reader, wanted, ORG_TYPES)
    return write_snapshot_file(state, out), diags


@dataclass(frozen=True)
class ImportResult:
    """An imported spec's text, checked like any spec, and what went into it."""

    text: str
    imported: Imported


def import_org(
    org: str, output: Path, *, include_standard: bool = False, name: str | None = None, verbose: int = 0
) -> tuple[ImportResult | None, Diagnostics]:
    """Read an org (live, `source:DIR` or `mock:PATH`) and write nothing: return the spec text for
    `output`, checked by the whole validation pipeline first. OrgError when the org cannot be read."""
    import tempfile

    from sfspec.landscape.importer import build, landscape_name, render_spec
    from sfspec.org import open_org

    ref = org_option(org)
    state = open_org(ref, verbose=verbose).read_all()
    imported = build(state, landscape_name(name, ref), include_standard)
    imported.origin = org  # as the user wrote it: the header stays the same from any folder
    text = render_spec(imported)
    with tempfile.TemporaryDirectory(prefix="sfspec-import-") as tmp:
        probe = Path(tmp) / output.name
        probe.write_text(text, encoding="utf-8")
        checked, diags = check_spec(probe)
    if checked is None:
        found = Diagnostics()
        for d in diags:
            summary = f"the imported spec does not validate ({d.summary}); this is a bug in sfspec import"
            found.add(replace(d, summary=summary, source=None))
        return None, found
    return ImportResult(text, imported), diags
