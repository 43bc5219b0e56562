"""Problems as data: every stage returns findings instead of raising on user error.

A Diagnostic carries a stable code (SFSnnn, declared in sfspec/codes.py), a summary, a hint and the
source range that caused it, so a finding made in the last stage still points at the spec line of
the first.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sfspec.codes import Code, Severity, declared


@dataclass(frozen=True, order=True, slots=True)
class SourcePos:
    """1-based line and column."""

    line: int
    col: int


@dataclass(frozen=True, slots=True)
class SourceRange:
    path: str
    start: SourcePos
    end: SourcePos | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.start.line}:{self.start.col}"

    @classmethod
    def at(cls, path: str | Path, line: int, col: int) -> SourceRange:
        return cls(str(path), SourcePos(line, col))


@dataclass(frozen=True)
class Diagnostic:
    code: Code
    summary: str
    severity: Severity = Severity.ERROR
    source: SourceRange | None = None
    hint: str | None = None

    def __post_init__(self) -> None:
        # An undeclared code (or one reported with another severity) is a bug in sfspec: fail at
        # once, where it is made, so no user meets a code `sfspec rules` cannot explain.
        # Normalised to the member, so a code read back as text compares, sorts and prints the same.
        object.__setattr__(self, "code", declared(self.code, self.severity))

    def format(self) -> str:
        where = f"{self.source}: " if self.source else ""
        sev = "" if self.severity is Severity.ERROR else f"{self.severity.value}: "
        text = f"{where}{self.code} {sev}{self.summary}"
        if self.hint:
            text += f" (hint: {self.hint})"
        return text

    def to_dict(self) -> dict[str, object]:
        src = self.source
        return {
            "code": self.code.value,
            "severity": self.severity.value,
            "summary": self.summary,
            "hint": self.hint,
            "path": src.path if src else None,
            "line": src.start.line if src else None,
            "col": src.start.col if src else None,
        }


@dataclass
class Diagnostics:
    """An ordered collection of findings; `+=` appends, like Terraform's tfdiags.Append."""

    items: list[Diagnostic] = field(default_factory=list)

    def add(self, diagnostic: Diagnostic) -> None:
        self.items.append(diagnostic)

    def error(self, code: Code, summary: str, source: SourceRange | None = None, hint: str | None = None) -> None:
        self.items.append(Diagnostic(code, summary, Severity.ERROR, source, hint))

    def warning(self, code: Code, summary: str, source: SourceRange | None = None, hint: str | None = None) -> None:
        self.items.append(Diagnostic(code, summary, Severity.WARNING, source, hint))

    def extend(self, others: Iterable[Diagnostic]) -> None:
        self.items.extend(others)

    def __iadd__(self, others: Iterable[Diagnostic]) -> Diagnostics:
        self.items.extend(others)
        return self

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __bool__(self) -> bool:
        return bool(self.items)

    def has_errors(self) -> bool:
        return any(d.severity is Severity.ERROR for d in self.items)

    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.ERROR]

    def sorted(self) -> list[Diagnostic]:
        def key(d: Diagnostic) -> tuple[str, int, int, str]:
            if d.source is None:
                return ("", 0, 0, d.code)
            return (d.source.path, d.source.start.line, d.source.start.col, d.code)

        return sorted(self.items, key=key)
