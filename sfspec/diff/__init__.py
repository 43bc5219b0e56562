"""Stage 6: desired × actual → one Change per component.

- create: the spec wants it and the org does not have it;
- update: both have it, managed by sfspec, and they differ by the rules of its type (compare.py);
- adopt: the org's unmanaged component that the spec takes under management (`manage: adopt`);
  every attribute the spec does not model is kept from the org (patch.py);
- delete: a managed component of a managed type that left the spec;
- conflict: the org holds an *unmanaged* component under a name the spec wants (Salesforce names
  ignore case, so `GEARSET_API` clashes with `Gearset_API`); never overwritten;
- no-op: the same; a *reference* (an object or field the spec declares but sfspec did not create)
  is a no-op once its existence and type are checked (`reference`), never a change.
An update or create is flagged as drift when the last apply's record shows the spec did not change
since then, so the org must have (a managed component edited or deleted by hand). Deletes of objects
and fields, and field changes that lose stored values, carry a `data_loss` reason.

Some types cannot carry the managed marker (PlatformEventChannelMember and PlatformEventSubscriberConfig
have no <description>): the generator's own component then has no marker either, and ownership
comes from the apply record (sfspec applied it) or, without a record, from equality (an identical
component is adopted, there is nothing to overwrite); a different one is a conflict.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from sfspec.diagnostics import SourceRange
from sfspec.diff.coexist import TriggerNote, framework_notes, trigger_notes
from sfspec.diff.compare import comparison_hash, difference
from sfspec.diff.existing import data_loss, delete_loss, incompatible
from sfspec.diff.model import Action, AttributeChange, Change, Difference
from sfspec.diff.patch import patched, with_components
from sfspec.model.claims import Claim, Claims
from sfspec.state import MANAGED_MARKER, ActualState, Component, ComponentKey, DesiredState, MetadataType

__all__ = ["Action", "AttributeChange", "Change", "Difference", "comparison_hash", "diff", "reconcile", "sharing_keys"]
REFERABLE = (
    MetadataType.CUSTOM_OBJECT,
    MetadataType.CUSTOM_FIELD,
    MetadataType.NAMED_CREDENTIAL,
    MetadataType.PLATFORM_EVENT_CHANNEL_MEMBER,  # CDC the org enabled itself
)  # a declaration may merely name these


def _managed(component: Component, applied: Mapping[str, str]) -> bool:
    # Middleware files' actual side is sfspec's own apply record, so they are always sfspec's.
    return component.type == MetadataType.MIDDLEWARE_FILE or component.managed or str(component.key) in applied


class _Org:
    """The org's components by exact key and, for the `asked` keys it does not hold exactly, by
    case-insensitive key."""

    def __init__(self, actual: ActualState, asked: Iterable[ComponentKey] = ()) -> None:
        self.actual = actual
        # Only the org's components that some asked key folds to: a case-insensitive index of the
        # whole org (a tuple and a lower-cased name per component) was a sixth of a plan's peak
        # memory, held through the diff (bench/scale.py). The last of equally folded ones wins.
        missing = {(k.type, k.name.lower()) for k in asked if k not in actual.components}
        self.folded: dict[tuple[str, str], Component] = {}
        if missing:
            for k, c in actual.components.items():
                folded = (k.type, k.name.lower())
                if folded in missing:
                    self.folded[folded] = c
        del missing
        # Objects the org proves it has by holding fields of them, read once (asked per object).
        self.field_holders = {k.name.split(".", 1)[0] for k in actual.components if k.type == MetadataType.CUSTOM_FIELD}

    def defined_elsewhere(self, key: ComponentKey) -> bool:
        """A custom object the org holds fields of but whose definition it does not show: another
        package's object an SFDX project extends (NPSP adds fields to npo02__Household__c, which
        Nonprofit Starter Pack's household package defines). It exists; sfspec could never create it."""
        return key.type == MetadataType.CUSTOM_OBJECT and key not in self.actual and key.name in self.field_holders

    def exact(self, key: ComponentKey) -> Component | None:
        return self.actual.get(key)

    def spelt_otherwise(self, key: ComponentKey) -> Component | None:
        """The org's component whose name differs from `key` (one of the keys asked) only in case."""
        found = self.folded.get((key.type, key.name.lower()))
        return found if found is not None and found.key != key else None


def sharing_keys(claims: Claims, desired: DesiredState) -> Claims:
    """`claims` keyed by the desired state's own ComponentKey objects where it holds an equal key.
    The spec claims every field it declares and the desired state generates most of them: an equal
    key (and its name) per claim beside the desired state's was a tenth of a plan's peak memory
    (bench/scale.py). The order of the claims is kept."""
    shared: dict[ComponentKey, Claim] = {}
    for key, claim in claims.components.items():
        comp = desired.components.get(key)
        if comp is not None and comp.key is not key:
            key = comp.key
            claim = replace(claim, key=key)
        shared[key] = claim
    return replace(claims, components=shared)


def reconcile(
    desired: DesiredState, actual: ActualState, claims: Claims, applied: Mapping[str, str] | None = None
) -> DesiredState:
    """What sfspec would deploy: references left out, and every component the org already holds
    patched over the org's copy (managed ones and adoptions), so no attribute is dropped."""
    applied = applied or {}
    org = _Org(actual)
    replaced: dict[ComponentKey, Component] = {}
    dropped: set[ComponentKey] = set()
    for key, want in desired.components.items():
        claim = claims.get(key)
        have = org.exact(key)
        if claim is not None and claim.reference_only:
            dropped.add(key)
        elif have is None:
            if claim is not None and org.defined_elsewhere(key):
                dropped.add(key)  # declared and existing, defined by another package: a reference
            continue
        elif _managed(have, applied) or (claim is not None and claim.adopting):
            merged = patched(want, have, adopting=not _managed(have, applied))
            if merged is not want:
                replaced[key] = merged
        elif claim is not None and key.type in REFERABLE:
            dropped.add(key)  # declared, existing and not sfspec's: a reference, never deployed
    return with_components(desired, replaced, dropped) if replaced or dropped else desired


def _clash(want: Component) -> str:
    head = f"the org already has an unmanaged {want.type} named {want.name}; sfspec will not overwrite it"
    if want.type == MetadataType.NAMED_CREDENTIAL:
        return f"{head} (to call the system through it, name it in the system's `credential:`)"
    if want.managed:
        return f"{head} (rename it in the org, or adopt it by adding '{MANAGED_MARKER}' to it)"
    # the type cannot carry the marker: only an identical component is adopted
    return f"{head} (it differs from the spec: delete it in the org or make it match)"


def _case_clash(key: ComponentKey, theirs: Component, source: SourceRange | None) -> Change:
    return Change(
        Action.CONFLICT,
        key,
        source,
        reason=f"the org has {key.type} {theirs.name}, which differs from {key.name} only in case; Salesforce "
        f"names ignore case (use the org's spelling {theirs.name}, or bind or adopt it)",
    )


def _reference(claim: Claim, org: _Org) -> Change:
    """The verdict on a component the spec names without managing it."""
    have = org.exact(claim.key)
    if have is None and org.defined_elsewhere(claim.key):
        return Change(
            Action.NOOP,
            claim.key,
            claim.source,
            reason="exists in the org (it holds fields of it; its definition is another package's): referenced "
            "(checked, never changed)",
            reference=True,
        )
    if have is None:
        theirs = org.spelt_otherwise(claim.key)
        if theirs is not None:
            return _case_clash(claim.key, theirs, claim.source)
        return Change(
            Action.CONFLICT,
            claim.key,
            claim.source,
            reason=f"{claim.key.type} {claim.key.name} does not exist in the org; the spec references it "
            "(`manage: reference`, a platform event or a bound credential), so sfspec will not create it",
        )
    problem = incompatible(claim, have)
    if problem:
        return Change(Action.CONFLICT, claim.key, claim.source, reason=problem)
    return Change(
        Action.NOOP,
        claim.key,
        claim.source,
        reason="exists in the org and is not managed by sfspec: referenced (checked, never changed)",
        reference=True,
    )


def _compare(
    want: Component, org: _Org, applied: Mapping[str, str], claim: Claim | None, note: TriggerNote | None
) -> Change:
    recorded = applied.get(str(want.key))
    have = org.exact(want.key)
    if recorded is not None or have is not None:
        want = want.with_body()  # rendered here once (if generated) for the hash, the difference and `managed`
    unchanged_spec = recorded is not None and recorded == comparison_hash(want)
    if have is None:
        theirs = org.spelt_otherwise(want.key)
        if theirs is not None:
            return _case_clash(want.key, theirs, want.source)
        if note is not None:
            return Change(
                Action.CONFLICT if note.blocking else Action.CREATE, want.key, want.source, reason=note.reason
            )
        reason = "deleted in the org outside sfspec since the last apply" if unchanged_spec else ""
        return Change(Action.CREATE, want.key, want.source, reason=reason, drift=unchanged_spec)
    found = difference(want, have)
    if not _managed(have, applied):
        if claim is not None and claim.adopting:
            return Change(
                Action.ADOPT,
                want.key,
                want.source,
                found.attributes,
                found.body_diff,
                "exists in the org, not managed by sfspec: adopted (attributes the spec does not set are kept)",
                data_loss=data_loss(want, have),
            )
        if note is not None and note.blocking:
            return Change(Action.CONFLICT, want.key, want.source, found.attributes, found.body_diff, note.reason)
        if want.managed or found:
            return Change(Action.CONFLICT, want.key, want.source, found.attributes, found.body_diff, _clash(want))
    if not found:
        return Change(Action.NOOP, want.key, want.source)
    reason = "changed in the org outside sfspec since the last apply" if unchanged_spec else ""
    return Change(
        Action.UPDATE,
        want.key,
        want.source,
        found.attributes,
        found.body_diff,
        reason,
        unchanged_spec,
        data_loss=data_loss(want, have),
    )


def diff(
    desired: DesiredState,
    actual: ActualState,
    managed_types: Iterable[str],
    applied: Mapping[str, str] | None = None,
    claims: Claims | None = None,
) -> list[Change]:
    """Every change, in dependency order: creates and updates by TYPE_ORDER, then deletes reversed.
    `desired` is what `reconcile` returns (references left out); `claims` judge the references."""
    applied = applied or {}
    claims = claims or Claims()
    org = _Org(actual, [*desired.components, *claims.components])
    notes = {**trigger_notes(desired, actual, claims.trigger_modes), **framework_notes(desired, actual.inventory)}
    forward = [_compare(desired.components[key], org, applied, claims.get(key), notes.get(str(key))) for key in desired]
    referenced = [_reference(claims.components[key], org) for key in claims if key not in desired]
    managed = set(managed_types)
    gone: list[ComponentKey] = [
        key
        for key in actual
        if key not in desired
        and claims.get(key) is None
        and key.type in managed
        and _managed(actual.components[key], applied)
    ]
    deletes = [
        Change(
            Action.DELETE,
            key,
            None,
            reason="managed by sfspec and no longer in the spec",
            data_loss=delete_loss(key.type),
        )
        for key in reversed(gone)
    ]
    ordered = sorted(forward + referenced, key=lambda c: c.key.sort_key())
    return ordered + deletes
