"""What every generator receives: the effective spec and a way back to spec lines."""

from __future__ import annotations

from dataclasses import dataclass

from sfspec.diagnostics import SourceRange
from sfspec.load import SpecDocument
from sfspec.model.spec import Spec


@dataclass(frozen=True)
class GenerationContext:
    spec: Spec  # environment overrides already applied
    doc: SpecDocument
    environment: str | None = None

    @property
    def api_version(self) -> str:
        return self.spec.salesforce.api_version

    def at(self, *path: str | int) -> SourceRange:
        return self.doc.locate(list(path))

    def salesforce_at(self, setting: str) -> SourceRange:
        """Where an org setting comes from: this environment's override, else `salesforce.<setting>`."""
        env = self.spec.environments.get(self.environment) if self.environment else None
        if env is not None and env.salesforce is not None and getattr(env.salesforce, setting, None) is not None:
            return self.at("environments", self.environment or "", "salesforce", setting)
        return self.at("salesforce", setting)

    def trace(self, *path: str | int) -> str:
        """`spec-file:line` of a spec node, for the header comment of a generated file."""
        where = self.at(*path)
        return f"{where.path}:{where.start.line}"
