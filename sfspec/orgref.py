"""Org references, the one place their grammar lives: `mock:PATH`, `source:DIR`, `sf:ALIAS`, `env`.

An environment's `org:` and the `--org` option are both parsed here into an OrgRef; `mock:` and
`source:` paths are resolved against a base folder (the spec's for an environment, the working
directory for `--org`). `str(ref)` is the reference text again, as plans and records store it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sfspec.enums import StrEnum
from sfspec.errors import OrgError
from sfspec.paths import canonical_path, portable_path

ORG_FORMS = "mock:PATH, source:DIR, sf:ALIAS or env"
# What a spec may write (the JSON Schema's pattern): no whitespace, aliases as the sf CLI spells them.
# `--org` is parsed more leniently (a path on the command line may hold spaces).
ORG_REF_PATTERN = r"^(?:mock:[^\s]+|source:[^\s]+|sf:[A-Za-z0-9@._-]+|env)$"


class OrgKind(StrEnum):
    MOCK = "mock"  # a JSON snapshot file (sfspec.org.mock)
    SOURCE = "source"  # an SFDX project read as the org's state, read-only (sfspec.org.sfdx)
    SF = "sf"  # a live org through a Salesforce CLI alias
    ENV = "env"  # a live org from SF_* environment variables


_WITH_PATH = (OrgKind.MOCK, OrgKind.SOURCE)


@dataclass(frozen=True)
class OrgRef:
    kind: OrgKind
    target: str = ""  # the path (mock, source) or the alias (sf); empty for env

    @classmethod
    def parse(cls, text: str) -> OrgRef:
        """OrgError naming the accepted forms when `text` is not an org reference."""
        if text == OrgKind.ENV.value:
            return cls(OrgKind.ENV)
        kind, sep, target = text.partition(":")
        if sep and target and kind in (OrgKind.MOCK.value, OrgKind.SOURCE.value, OrgKind.SF.value):
            return cls(OrgKind(kind), target)
        raise OrgError(f"unknown org reference {text!r}: use {ORG_FORMS}")

    @classmethod
    def of_path(cls, kind: OrgKind, path: Path) -> OrgRef:
        return cls(kind, str(path))

    @property
    def path(self) -> Path:
        """The snapshot file or project folder of a `mock:` or `source:` reference."""
        if self.kind not in _WITH_PATH:
            raise ValueError(f"{self} names no path")
        return Path(self.target)

    @property
    def live(self) -> bool:
        return self.kind not in _WITH_PATH

    def resolved(self, base: Path) -> OrgRef:
        """A `mock:`/`source:` path read against `base` (the spec's folder for an environment, the
        working directory for `--org`, a saved plan's or record's folder for theirs), in the one
        form sfspec keeps in memory (sfspec.paths.canonical_path): the same org is the same text
        however it was named. Other forms unchanged."""
        if self.kind not in _WITH_PATH:
            return self
        return OrgRef(self.kind, canonical_path(base / self.path))

    def portable(self, folder: Path) -> OrgRef:
        """As a file in `folder` stores it: its path relative to that folder, so a saved plan or
        an apply record names the same org from any working directory (read back with `resolved`)."""
        if self.kind not in _WITH_PATH:
            return self
        return OrgRef(self.kind, portable_path(self.path, folder))

    def __str__(self) -> str:
        return self.kind.value if self.kind is OrgKind.ENV else f"{self.kind.value}:{self.target}"
