"""Stage 5: read an org's actual state, whatever kind of org it is.

Four readers share one protocol: a mock snapshot (`mock:PATH`), an SFDX project taken as the
org's state (`source:DIR`), and a live org through simple-salesforce (`sf:ALIAS`, `env`).
`open_org` turns an `--org` reference into a reader; every failure to open or read one is an
OrgError with a single safe line (never a token or key).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from sfspec.orgref import OrgKind, OrgRef
from sfspec.state import ActualState, ComponentKey


class OrgReader(Protocol):
    origin: str  # e.g. "mock:specs/landscape/orgs/dev.json"; never contains a secret

    def read(self, wanted: Iterable[ComponentKey], *, managed_types: Iterable[str] = ()) -> ActualState:
        """The wanted components that exist, plus every sfspec-managed component of `managed_types`."""
        ...

    def read_all(self) -> ActualState:
        """Everything relevant the org holds (for `sfspec org snapshot` without a spec)."""
        ...


def open_org(ref: OrgRef, *, verbose: int = 0, console: Any = None) -> OrgReader:
    """A reader for an org reference; OrgError when the org cannot be read."""
    if ref.kind is OrgKind.MOCK:
        from sfspec.org.mock import MockOrg

        return MockOrg(ref.path)
    if ref.kind is OrgKind.SOURCE:
        from sfspec.org.sfdx import SfdxProject

        return SfdxProject(ref.path)
    from sfspec.org.live import open_live

    return open_live(ref, verbose=verbose, console=console)


__all__ = ["OrgReader", "open_org"]
