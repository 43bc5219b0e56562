"""What every generator receives: the effective spec, a way back to spec lines, and the decisions
more than one generator reads (the Salesforce layout), made once per generation.

Spec locations (`at`) go into the plan and the source map, never into generated text: a file's
content must not change when the spec moves to another folder or a line above it is deleted."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from sfspec.diagnostics import SourceRange
from sfspec.load.document import SpecDocument
from sfspec.model import flows_by_object
from sfspec.model.spec import Spec
from sfspec.state import OrgInventory

if TYPE_CHECKING:
    from sfspec.generate.salesforce.layout import SalesforceLayout


@dataclass(frozen=True)
class GenerationContext:
    spec: Spec  # environment overrides already applied
    doc: SpecDocument
    environment: str | None = None
    # What the target org already holds (a plan's second pass): Apex names to avoid, triggers to meet.
    inventory: OrgInventory | None = None

    @cached_property
    def salesforce_layout(self) -> SalesforceLayout | None:
        """What the Salesforce side builds (None without a Salesforce system): the Salesforce generator
        renders it, the middleware generator reads the event names it chose."""
        # Imported here: generate.salesforce imports this module.
        from sfspec.generate.salesforce.layout import build_layout

        return build_layout(self.spec, self.inventory)

    @cached_property
    def flows_by_object(self) -> dict[str, list[str]]:
        """Flow names by the objects they move, in name order (`sfspec.model.flows_by_object`): for
        generators that look, per flow, for the other flows of its object."""
        return flows_by_object(self.spec)

    @property
    def api_version(self) -> str:
        return self.spec.salesforce.api_version

    def at(self, *path: str | int) -> SourceRange:
        return self.doc.locate(list(path))

    def locator(self, *prefix: str | int) -> Callable[[str | int], SourceRange]:
        """`step → at(*prefix, step)`, the prefix walked once (SpecDocument.locator)."""
        return self.doc.locator(prefix)

    def salesforce_at(self, setting: str) -> SourceRange:
        """Where an org setting comes from: this environment's override, else `salesforce.<setting>`."""
        env = self.spec.environments.get(self.environment) if self.environment else None
        if env is not None and env.salesforce is not None and getattr(env.salesforce, setting, None) is not None:
            return self.at("environments", self.environment or "", "salesforce", setting)
        return self.at("salesforce", setting)
