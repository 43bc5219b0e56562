"""Judging a component the org already holds: is a referenced one what the spec says it is, and
does a change to a field lose data?"""

from __future__ import annotations

from sfspec.model.claims import Claim
from sfspec.model.objects import COMPUTED_TYPES, NUMBER_TYPES, TEXT_TYPES, FieldType
from sfspec.state import Component, MetadataType, plain

# Field type changes Salesforce makes without losing a stored value (wider text, a number shown
# differently, a single choice kept as text…); every other change can lose or truncate data.
LOSSLESS: frozenset[tuple[FieldType, FieldType]] = frozenset(
    {
        (FieldType.Text, FieldType.TextArea),
        (FieldType.Text, FieldType.LongTextArea),
        (FieldType.TextArea, FieldType.LongTextArea),
        (FieldType.LongTextArea, FieldType.Html),
        (FieldType.Email, FieldType.Text),
        (FieldType.Phone, FieldType.Text),
        (FieldType.Url, FieldType.Text),
        (FieldType.Picklist, FieldType.Text),
        (FieldType.Picklist, FieldType.MultiselectPicklist),
        (FieldType.Number, FieldType.Text),
        (FieldType.Number, FieldType.Currency),
        (FieldType.Number, FieldType.Percent),
        (FieldType.Currency, FieldType.Number),
        (FieldType.Currency, FieldType.Percent),
        (FieldType.Percent, FieldType.Number),
        (FieldType.Percent, FieldType.Currency),
        (FieldType.Date, FieldType.DateTime),
        (FieldType.AutoNumber, FieldType.Text),
        (FieldType.Lookup, FieldType.MasterDetail),
    }
)


def _int(value: object) -> int | None:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None


def computed(attributes: object) -> bool:
    """A formula, roll-up summary or auto number: its value is made by Salesforce, not stored input."""
    attrs = attributes if isinstance(attributes, dict) else {}
    return attrs.get("formula") not in (None, "") or str(attrs.get("type")) in COMPUTED_TYPES


def field_kind(attributes: object) -> str:
    attrs = attributes if isinstance(attributes, dict) else {}
    kind = str(attrs.get("type") or "")
    return f"formula ({kind})" if attrs.get("formula") not in (None, "") else kind


def incompatible(claim: Claim, have: Component) -> str:
    """Why the org's component is not what the spec declares ("" when it is)."""
    if have.type != MetadataType.CUSTOM_FIELD or claim.field_type is None:
        return ""
    org_type = str(have.attributes.get("type") or "")
    if org_type and org_type != claim.field_type:
        return (
            f"{have.name} is {field_kind(have.attributes)} in the org; the spec declares {claim.field_type} "
            "(declare the org's type, or adopt it to change it)"
        )
    if claim.computed and not computed(have.attributes):
        return f"{have.name} is a stored {org_type} field in the org; the spec declares a computed one"
    org_length = _int(have.attributes.get("length"))
    if claim.length is not None and org_length is not None and claim.length > org_length:
        # The spec's flows would accept values the org's field refuses (STRING_TOO_LONG on write).
        return (
            f"{have.name} is {org_type}({org_length}) in the org; the spec declares length {claim.length} "
            "(declare the org's length, or adopt it to change it)"
        )
    return ""


def data_loss(want: Component, have: Component) -> str:
    """How deploying `want` over `have` loses stored data ("" when it does not)."""
    if want.type != MetadataType.CUSTOM_FIELD or computed(have.attributes):
        return ""
    wanted = plain(want.attributes)  # built once: a generated component's are built when read
    before, after = str(have.attributes.get("type") or ""), str(wanted.get("type") or "")
    if before and after and before != after and (before, after) not in LOSSLESS:
        return f"type {before} -> {after}: values that do not convert are lost"
    if after in TEXT_TYPES and before in TEXT_TYPES:
        old, new = _int(have.attributes.get("length")), _int(wanted.get("length"))
        if old is not None and new is not None and new < old:
            return f"length {old} -> {new}: longer values are truncated"
    if after in NUMBER_TYPES and before in NUMBER_TYPES:
        for attr in ("precision", "scale"):
            old, new = _int(have.attributes.get(attr)), _int(wanted.get(attr))
            if old is not None and new is not None and new < old:
                return f"{attr} {old} -> {new}: digits are lost"
    return ""


def delete_loss(key_type: str) -> str:
    if key_type == MetadataType.CUSTOM_OBJECT:
        return "deletes the object and every record in it"
    if key_type == MetadataType.CUSTOM_FIELD:
        return "deletes the field and its value in every record"
    return ""
