"""Stage 5: read an org's actual state, whatever kind of org it is.

Four readers share one protocol: a mock snapshot (`mock:PATH`), an SFDX project taken as the
org's state (`source:DIR`), and a live org through simple-salesforce (`sf:ALIAS`, `env`).
`open_org` turns an `--org` reference into a reader; every failure to open or read one is an
OrgError with a single safe line (never a token or key).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, Protocol

from sfspec.errors import OrgError
from sfspec.state import ActualState, ComponentKey

ORG_FORMS = "mock:PATH, source:DIR, sf:ALIAS or env"


class OrgReader(Protocol):
    origin: str  # e.g. "mock:specs/landscape/orgs/dev.json"; never contains a secret

    def read(self, wanted: Iterable[ComponentKey], *, managed_types: Iterable[str] = ()) -> ActualState:
        """The wanted components that exist, plus every sfspec-managed component of `managed_types`."""
        ...

    def read_all(self) -> ActualState:
        """Everything relevant the org holds (for `sfspec org snapshot` without a spec)."""
        ...


def open_org(ref: str, *, verbose: int = 0, console: Any = None) -> OrgReader:
    """A reader for an `--org` reference; OrgError when the reference is bad or the org unreadable."""
    kind, sep, rest = ref.partition(":")
    if kind == "mock" and sep and rest:
        from sfspec.org.mock import MockOrg

        return MockOrg(Path(rest))
    if kind == "source" and sep and rest:
        from sfspec.org.sfdx import SfdxProject

        return SfdxProject(Path(rest))
    if (kind == "sf" and sep and rest) or ref == "env":
        from sfspec.org.live import open_live

        return open_live(ref, verbose=verbose, console=console)
    raise OrgError(f"unknown org reference {ref!r}: use {ORG_FORMS}")


def read_all(reader: OrgReader) -> ActualState:
    return reader.read_all()


__all__ = ["ORG_FORMS", "OrgReader", "open_org", "read_all"]
