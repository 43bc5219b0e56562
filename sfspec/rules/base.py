"""What a semantic rule is: a stable code, a name, and a pure check over the typed spec."""

from __future__ import annotations

import difflib
import inspect
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sfspec.catalogue import Catalogue, standard
from sfspec.codes import Code, Severity, Stage, UndeclaredCode, declared
from sfspec.diagnostics import Diagnostic, SourceRange
from sfspec.load.document import SpecDocument
from sfspec.model.spec import Spec


@dataclass(frozen=True)
class RuleContext:
    spec: Spec
    doc: SpecDocument
    # The platform's standard objects; extended with the org's own when an org has been read.
    catalogue: Catalogue = field(default_factory=standard)

    def at(self, *path: str | int, value: bool = False) -> SourceRange:
        return self.doc.locate(list(path), value=value)


Check = Callable[[RuleContext], Iterable[Diagnostic]]


@dataclass(frozen=True)
class Rule:
    code: Code
    name: str
    check: Check

    @property
    def severity(self) -> Severity:
        return self.code.severity

    @property
    def summary(self) -> str:
        return self.code.summary

    @property
    def doc(self) -> str:
        """The user documentation of the rule: its code's summary, then its check function's docstring."""
        details = inspect.cleandoc(self.check.__doc__ or "")
        return f"{self.summary}\n\n{details}" if details else self.summary

    def finding(self, summary: str, source: SourceRange | None, hint: str | None = None) -> Diagnostic:
        return Diagnostic(self.code, summary, self.severity, source, hint)


def rule(code: Code, name: str) -> Callable[[Callable[..., Any]], Rule]:
    """Declare a rule: `@rule(Code.SFS101, "unknown-system")` over `def check(ctx, r): ...`; the code's
    severity and summary are declared in sfspec/codes.py, its explanation is the check's docstring."""
    if declared(code).stage is not Stage.RULES:
        raise UndeclaredCode(f"{code} is not declared as a semantic rule in sfspec/codes.py")

    def wrap(fn: Callable[[RuleContext, Rule], Iterable[Diagnostic]]) -> Rule:
        holder: list[Rule] = []

        def bound(ctx: RuleContext) -> Iterable[Diagnostic]:
            return fn(ctx, holder[0])

        bound.__doc__ = fn.__doc__
        bound.__module__ = fn.__module__  # where the rule lives, for docs and tracebacks
        made = Rule(code, name, bound)
        holder.append(made)
        return made

    return wrap


def names(items: Sequence[str]) -> str:
    return ", ".join(sorted(items)) or "(none)"


def did_you_mean(name: str, known: Sequence[str], what: str) -> str:
    """A hint naming the closest known name, or listing them all when nothing is close."""
    close = difflib.get_close_matches(name, list(known), n=1)
    return f"did you mean {close[0]!r}?" if close else f"declared {what}: {names(known)}"
