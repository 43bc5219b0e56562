"""Stage 3: build the typed Spec from a schema-valid document, plus read-only queries over it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sfspec.codes import Code
from sfspec.diagnostics import Diagnostics
from sfspec.load.document import SpecDocument
from sfspec.model.flows import Flow
from sfspec.model.objects import ObjectSpec
from sfspec.model.record import Refused
from sfspec.model.spec import Spec
from sfspec.model.systems import SystemKind

if TYPE_CHECKING:
    from sfspec.state import ComponentKey

__all__ = ["Spec", "build", "field_owner", "flow_objects", "is_custom", "org_references", "salesforce_system"]


def build(
    doc: SpecDocument, data: dict[str, Any] | None = None, *, schema_valid: bool = False
) -> tuple[Spec | None, Diagnostics]:
    """The typed Spec of the document's data, or SFS016 for every value the language refuses.

    `schema_valid`: the caller has checked the data against the schema (stage 2), so the model's
    classes only convert it, and pydantic is imported only when they refuse a value. Other data
    (an API caller's) is judged by the language's pydantic definition first."""
    data = data if data is not None else doc.plain()
    if schema_valid:
        try:
            return Spec.from_data(data), Diagnostics()
        except (Refused, TypeError, ValueError, AttributeError, KeyError):
            pass  # a value only the language's definition can judge: pydantic words it below
    judged, diags = _judged(doc, data)
    return (None if judged is None else Spec.from_data(judged)), diags


def _judged(doc: SpecDocument, data: dict[str, Any]) -> tuple[dict[str, Any] | None, Diagnostics]:
    """The data as the language's pydantic definition reads it, or SFS016 for every value it
    refuses, positioned in the document."""
    from pydantic import ValidationError

    from sfspec.model.language.spec import Spec as SpecDefinition

    diags = Diagnostics()
    try:
        return SpecDefinition.model_validate(data).model_dump(), diags
    except ValidationError as exc:
        for err in exc.errors(include_url=False, include_input=False):
            loc = [p for p in err["loc"] if not (isinstance(p, str) and p.startswith(("function-", "literal[")))]
            # a name may hold a line break (`crm\n`): shown escaped, so a finding stays one line
            where = ".".join(str(p) if str(p).isprintable() else repr(str(p))[1:-1] for p in loc) or "(top level)"
            diags.error(Code.SFS016, f"{where}: {err['msg']}", doc.locate(loc, value=True))
        return None, diags


def salesforce_system(spec: Spec) -> str | None:
    # the first one (SFS104 allows one): asked once per flow, so stop there rather than list them all
    return next((name for name, system in spec.systems.items() if system.kind is SystemKind.salesforce), None)


def is_salesforce(spec: Spec, system: str) -> bool:
    sys_ = spec.systems.get(system)
    return sys_ is not None and sys_.kind is SystemKind.salesforce


def field_owner(obj: ObjectSpec, field: str) -> str:
    spec_field = obj.fields.get(field)
    return spec_field.owner if spec_field is not None and spec_field.owner else obj.owner


def cdc_entity(obj: str) -> str:
    """The change event of an object: AccountChangeEvent, Order__ChangeEvent."""
    return obj[:-3] + "__ChangeEvent" if obj.endswith("__c") else obj + "ChangeEvent"


def cdc_member(obj: str) -> str:
    """The ChangeEvents channel member that turns CDC on for `obj`, named as Salesforce names it
    (developer names cannot hold `__`: Order__ChangeEvent's member is ChangeEvents_Order_ChangeEvent),
    so an org that enabled CDC itself holds this very name."""
    return "ChangeEvents_" + cdc_entity(obj).replace("__", "_")


def flow_objects(flow: Flow) -> list[str]:
    names = list(flow.objects or [])
    if flow.object and flow.object not in names:
        names.insert(0, flow.object)
    return names


def flows_by_object(spec: Spec) -> dict[str, list[str]]:
    """Flow names by each object they move (`flow_objects`), in name order: built once for the
    checks that ask, per flow, which other flows touch its object (a scan of every flow each time
    is quadratic in the number of flows)."""
    index: dict[str, list[str]] = {}
    for name in sorted(spec.flows):
        for obj in flow_objects(spec.flows[name]):
            index.setdefault(obj, []).append(name)
    return index


def split_field(flow: Flow, qualified: str) -> tuple[str | None, str]:
    """`Object.Field` or `Field` (of the flow's single object) → (object, field)."""
    if "." in qualified:
        obj, field = qualified.split(".", 1)
        return obj, field
    objects = flow_objects(flow)
    return (objects[0] if objects else None), qualified


def is_custom(api_name: str) -> bool:
    return api_name.endswith(("__c", "__e", "__mdt", "__x", "__b"))


def org_references(spec: Spec) -> set[ComponentKey]:
    """Every org component the spec names: its objects (and lookup targets) and their fields. The
    generated ones are created; the others (standard objects and fields) must exist in the org, and
    a plan that relies on them goes stale when they change."""
    from sfspec.state import ComponentKey, MetadataType  # state's many dataclasses: not for `validate`

    keys: set[ComponentKey] = set()
    for obj_name, obj in spec.objects.items():
        keys.add(ComponentKey(MetadataType.CUSTOM_OBJECT, obj_name))
        for field_name, field in obj.fields.items():
            keys.add(ComponentKey(MetadataType.CUSTOM_FIELD, f"{obj_name}.{field_name}"))
            if field.reference_to:
                keys.add(ComponentKey(MetadataType.CUSTOM_OBJECT, field.reference_to))
    return keys
