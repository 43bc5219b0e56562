"""The semantic rules registry: one rule per file, codes unique, run in code order.

Add a rule: declare its code (severity, summary) in sfspec/codes.py, write `sfsNNN_name.py` with a
`@rule("SFSNNN", "name")` check whose docstring explains it, name it in `_RULE_MODULES` below, add an
invalid fixture under tests/fixtures/specs/invalid/.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib import import_module

from sfspec.catalogue import Catalogue
from sfspec.codes import CODES
from sfspec.diagnostics import Diagnostics
from sfspec.errors import UsageError
from sfspec.load.document import SpecDocument
from sfspec.model.spec import Spec
from sfspec.rules.base import Rule, RuleContext

# The registry, in code order; each name is a module of this package holding one `check` rule.
_RULE_MODULES = (
    "sfs101_unknown_system",
    "sfs102_unknown_object",
    "sfs103_unknown_field",
    "sfs104_one_salesforce",
    "sfs105_owner_writes",
    "sfs106_field_cycle",
    "sfs107_upsert_needs_external_id",
    "sfs108_limits",
    "sfs110_https",
    "sfs111_write_back_to_owner",
    "sfs112_streaming_event",
    "sfs113_conflict_policy",
    "sfs114_schedule",
    "sfs115_source_is_target",
    "sfs116_middleware",
    "sfs117_object_or_objects",
    "sfs118_auth_references",
    "sfs119_field_attributes",
    "sfs120_transport_volume",
    "sfs121_org_path",
    "sfs122_secret_in_text",
    "sfs123_unknown_flow",
    "sfs124_trigger_receive",
    "sfs125_callout_base_url",
    "sfs126_api_version",
    "sfs127_cdc_unsupported",
    "sfs128_read_only_field",
    "sfs129_name_clash",
    "sfs130_name_length",
    "sfs131_master_detail",
    "sfs132_upsert_key_never_filled",
    "sfs133_create_without_required",
)


def _registry() -> dict[str, Rule]:
    rules: dict[str, Rule] = {}
    for name in _RULE_MODULES:
        module = import_module(f"sfspec.rules.{name}")
        found = module.check
        if found.code in rules:
            raise RuntimeError(f"duplicate rule code {found.code} in {module.__name__}")
        rules[found.code] = found
    return dict(sorted(rules.items()))


RULES: dict[str, Rule] = _registry()


def disabled_rules(codes: Iterable[str]) -> frozenset[str]:
    """The rule codes `--disable` names (any case); UsageError naming a code that is unknown or that
    is not a semantic rule (only rules can be skipped)."""
    wanted = frozenset(code.upper() for code in codes)
    for code in sorted(wanted - set(RULES)):
        if code in CODES:
            raise UsageError(
                f"--disable {code}: only semantic rules can be disabled, {code} is a {CODES[code].stage.value} finding"
            )
        raise UsageError(f"--disable {code}: no such code; `sfspec rules` lists them")
    return wanted


def run(
    spec: Spec, doc: SpecDocument, disabled: frozenset[str] = frozenset(), catalogue: Catalogue | None = None
) -> Diagnostics:
    """Every enabled rule; `catalogue` defaults to the standard objects (pass an org-extended one)."""
    ctx = RuleContext(spec, doc) if catalogue is None else RuleContext(spec, doc, catalogue)
    diags = Diagnostics()
    for code, rule in RULES.items():
        if code not in disabled:
            diags.extend(rule.check(ctx))
    return diags
