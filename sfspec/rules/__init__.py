"""The semantic rules registry (DESIGN.md §4): one rule per file, codes unique, run in code order.

Add a rule: write `sfsNNN_name.py` with a `@rule("SFSNNN", "name")` check whose docstring is its
user documentation, import it below, add an invalid fixture under tests/fixtures/specs/invalid/.
"""

from __future__ import annotations

from sfspec.diagnostics import Diagnostics
from sfspec.load import SpecDocument
from sfspec.model.spec import Spec
from sfspec.rules import (
    sfs101_unknown_system,
    sfs104_one_salesforce,
    sfs105_owner_writes,
)
from sfspec.rules.base import Rule, RuleContext

_MODULES = (
    sfs101_unknown_system,
    sfs104_one_salesforce,
    sfs105_owner_writes,
)


def _registry() -> dict[str, Rule]:
    rules: dict[str, Rule] = {}
    for module in _MODULES:
        found = module.check
        if found.code in rules:
            raise RuntimeError(f"duplicate rule code {found.code} in {module.__name__}")
        rules[found.code] = found
    return dict(sorted(rules.items()))


RULES: dict[str, Rule] = _registry()


def run(spec: Spec, doc: SpecDocument, disabled: frozenset[str] = frozenset()) -> Diagnostics:
    ctx = RuleContext(spec, doc)
    diags = Diagnostics()
    for code, rule in RULES.items():
        if code not in disabled:
            diags.extend(rule.check(ctx))
    return diags
