"""What "the same" means, per component type (as dbt compares nodes with same_body/same_config).

- Metadata: canonical XML attributes (sfdx_format.canonical), restricted to the attributes the
  spec sets (an org returns many defaulted elements sfspec never writes) minus those Salesforce
  itself manages; an attribute the org omits counts as its Metadata API default.
- Apex (classes, triggers): the metadata as above plus the body, ignoring trailing whitespace and
  line-ending differences only; anything else (indentation, comments) is a real change to Apex.
- Middleware files: byte-equal.
"""

from __future__ import annotations

import difflib
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sfspec.diff.model import AttributeChange, Difference
from sfspec.sfdx_format import canonical
from sfspec.state import Component, MetadataType

_FALSE = "false"


@dataclass(frozen=True)
class TypeRules:
    body: str = "none"  # "none" | "apex" (whitespace-tolerant) | "exact"
    ignored: frozenset[str] = frozenset()  # attributes Salesforce owns (never compared)
    defaults: Mapping[str, str] = field(default_factory=dict)  # value of an attribute the org omits
    # Repeated elements a deploy only adds to (permission set entries): the org's entries that the
    # spec does not name are not compared, since no deploy of the spec could remove them.
    additive: frozenset[str] = frozenset()


_FIELD_DEFAULTS = {
    "required": _FALSE,
    "unique": _FALSE,
    "externalId": _FALSE,
    "trackHistory": _FALSE,
    "trackTrending": _FALSE,
    "caseSensitive": _FALSE,
}
RULES: dict[str, TypeRules] = {
    MetadataType.APEX_CLASS: TypeRules(body="apex", ignored=frozenset({"packageVersions"})),
    MetadataType.APEX_TRIGGER: TypeRules(body="apex", ignored=frozenset({"packageVersions"})),
    MetadataType.CUSTOM_FIELD: TypeRules(defaults=_FIELD_DEFAULTS),
    MetadataType.CUSTOM_OBJECT: TypeRules(ignored=frozenset({"fields", "listViews", "compactLayouts", "webLinks"})),
    MetadataType.PERMISSION_SET: TypeRules(
        defaults={"hasActivationRequired": _FALSE},
        additive=frozenset(
            {
                "fieldPermissions",
                "objectPermissions",
                "classAccesses",
                "customPermissions",
                "pageAccesses",
                "externalCredentialPrincipalAccesses",
                "recordTypeVisibilities",
                "tabSettings",
                "applicationVisibilities",
                "userPermissions",
                "customMetadataTypeAccesses",
                "customSettingAccesses",
            }
        ),
    ),
    MetadataType.MIDDLEWARE_FILE: TypeRules(body="exact"),
}
DEFAULT_RULES = TypeRules()


def rules_for(type_: str) -> TypeRules:
    return RULES.get(type_, DEFAULT_RULES)


def normalise_apex(body: str) -> str:
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).rstrip("\n")


def _body_form(rules: TypeRules, body: str | None) -> str | None:
    if body is None or rules.body == "none":
        return None
    return normalise_apex(body) if rules.body == "apex" else body


def _flatten(value: Any, prefix: str, out: dict[str, Any]) -> None:
    if isinstance(value, dict) and (value or not prefix):
        for k, v in value.items():
            _flatten(v, f"{prefix}.{k}" if prefix else k, out)
    else:
        out[prefix] = value


_IDENTITY = (
    "field",
    "object",
    "apexClass",
    "apexPage",
    "externalCredentialPrincipal",
    "recordType",
    "tab",
    "application",
    "name",
)


def _identity(entry: Any) -> str:
    if isinstance(entry, dict):
        for key in _IDENTITY:
            if key in entry:
                return f"{key}={entry[key]}"
    return json.dumps(entry, sort_keys=True)


def _entries(value: Any) -> list[Any]:
    """A repeated element as a list: XML gives a lone child as a dict, several as a list."""
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _restrict_additive(want: dict[str, Any], have: dict[str, Any], rules: TypeRules) -> dict[str, Any]:
    have = dict(have)
    for key in rules.additive & set(want):
        # both sides are canonical already (sorted lists); filtering keeps the order
        want[key] = _entries(want[key])
        named = {_identity(e) for e in want[key]}
        have[key] = [e for e in _entries(have.get(key)) if _identity(e) in named]
    return have


def compared_attributes(component: Component, rules: TypeRules) -> dict[str, Any]:
    return {k: canonical(v) for k, v in component.attributes.items() if k not in rules.ignored}


def difference(desired: Component, actual: Component) -> Difference:
    rules = rules_for(desired.type)
    want_attrs = compared_attributes(desired, rules)
    have_attrs = _restrict_additive(want_attrs, {k: canonical(v) for k, v in actual.attributes.items()}, rules)
    want: dict[str, Any] = {}
    have: dict[str, Any] = {}
    _flatten(want_attrs, "", want)
    _flatten(have_attrs, "", have)
    changes = []
    for path in sorted(want):  # only what the spec sets: the org adds elements sfspec never writes
        before = have.get(path, rules.defaults.get(path))
        after = want[path] if want[path] is not None else rules.defaults.get(path)
        if before != after:
            changes.append(AttributeChange(path, before, after))
    return Difference(tuple(changes), _body_diff(desired, actual, rules))


def _body_diff(desired: Component, actual: Component, rules: TypeRules) -> str | None:
    wanted, held = desired.body, actual.body  # each read once: a generated body is rendered per read
    want, have = _body_form(rules, wanted), _body_form(rules, held)
    if want == have:
        return None
    before = (held or "").replace("\r\n", "\n").splitlines(keepends=True)
    after = (wanted or "").replace("\r\n", "\n").splitlines(keepends=True)
    text = "".join(difflib.unified_diff(before, after, f"org/{desired.name}", f"spec/{desired.name}", n=3))
    if not text:  # differs only in what the unified diff cannot show (e.g. a final newline, bare CR)
        text = f"--- org/{desired.name}\n+++ spec/{desired.name}\n@@ whitespace or line endings differ @@\n"
    return text if text.endswith("\n") else text + "\n"


def comparison_hash(component: Component) -> str:
    """Hash of what `difference` looks at: equal hashes mean "the same" desired content."""
    rules = rules_for(component.type)
    payload = {"a": compared_attributes(component, rules), "b": _body_form(rules, component.body)}
    return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
