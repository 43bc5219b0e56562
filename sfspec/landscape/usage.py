"""Who touches what: which flows read and write each field, and the systems × objects matrix.

A flow reads data from its source system and writes it into its target system. Fields are
Salesforce fields, so the field view takes Salesforce's side: a flow *writes* a field when its
target is the Salesforce system and *reads* it otherwise (out of Salesforce, or between two other
systems); a bidirectional flow does both. A flow without a mapping (a bulk export of whole
objects) touches every declared field of its objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from sfspec.model import field_owner, flow_objects, salesforce_system, split_field
from sfspec.model.flows import Direction, Flow
from sfspec.model.spec import Spec


class Access(str, Enum):
    READ = "read"
    WRITE = "write"


class Role(str, Enum):
    MAPPING = "mapping"  # the field is in the flow's mapping
    MATCH_KEY = "match_key"  # the external ID the flow matches records by
    TRIGGER = "trigger"  # a change of the field starts the flow
    WHOLE_OBJECT = "whole_object"  # the flow moves whole records (no mapping)


@dataclass(frozen=True, order=True)
class FieldUse:
    object: str
    field: str
    flow: str
    access: Access
    role: Role


class Relation(str, Enum):
    OWNS = "owns"  # source of truth of the object, or of some of its fields
    READS = "reads"  # a flow reads the object from this system (the system is a source)
    WRITES = "writes"  # a flow writes the object into this system (the system is a target)
    CARRIES = "carries"  # flows of the object pass through this middleware


def _accesses(spec: Spec, flow: Flow) -> tuple[Access, ...]:
    sf = salesforce_system(spec)
    if flow.direction is Direction.bidirectional:
        return (Access.READ, Access.WRITE)
    return (Access.WRITE,) if flow.target == sf else (Access.READ,)


def _flow_field_roles(spec: Spec, flow: Flow) -> list[tuple[str, str, Role]]:
    """(object, field, role) for every field the flow touches, mapping order first."""
    found: list[tuple[str, str, Role]] = []
    objects = flow_objects(flow)
    for mapping in flow.mapping:
        obj, fld = split_field(flow, mapping.field)
        if obj:
            found.append((obj, fld, Role.MAPPING))
    if flow.match_key and objects:
        found.append((objects[0], flow.match_key, Role.MATCH_KEY))
    if flow.trigger and flow.trigger.fields and objects:
        found.extend((objects[0], fld, Role.TRIGGER) for fld in flow.trigger.fields)
    if not flow.mapping:
        for obj in objects:
            declared = spec.objects.get(obj)
            if declared is not None:
                found.extend((obj, fld, Role.WHOLE_OBJECT) for fld in declared.fields)
    return found


def field_uses(spec: Spec) -> list[FieldUse]:
    uses: set[FieldUse] = set()
    for name, flow in spec.flows.items():
        for access in _accesses(spec, flow):
            for obj, fld, role in _flow_field_roles(spec, flow):
                uses.add(FieldUse(obj, fld, name, access, role))
    return sorted(uses)


def object_flows(spec: Spec, obj: str) -> list[str]:
    return [name for name, flow in spec.flows.items() if obj in flow_objects(flow)]


def field_owners(spec: Spec, obj: str) -> set[str]:
    declared = spec.objects.get(obj)
    if declared is None:
        return set()
    return {declared.owner} | {field_owner(declared, f) for f in declared.fields}


def matrix(spec: Spec) -> dict[str, dict[str, set[Relation]]]:
    """system → object → relations, for every declared system and every object named anywhere."""
    objects = list(spec.objects)
    for flow in spec.flows.values():
        objects.extend(o for o in flow_objects(flow) if o not in objects)
    table: dict[str, dict[str, set[Relation]]] = {s: {o: set() for o in objects} for s in spec.systems}
    for obj in objects:
        for owner in field_owners(spec, obj):
            if owner in table:
                table[owner][obj].add(Relation.OWNS)
    for flow in spec.flows.values():
        bidirectional = flow.direction is Direction.bidirectional
        for obj in flow_objects(flow):
            for system, relation in ((flow.source, Relation.READS), (flow.target, Relation.WRITES)):
                if system in table:
                    table[system][obj].add(relation)
                    if bidirectional:
                        table[system][obj].add(Relation.WRITES if relation is Relation.READS else Relation.READS)
            if flow.via and flow.via in table:
                table[flow.via][obj].add(Relation.CARRIES)
    return table


def owned_by(spec: Spec, system: str) -> tuple[list[str], dict[str, list[str]]]:
    """(objects the system owns, {object: fields it owns on objects owned by another system})."""
    whole = [name for name, obj in spec.objects.items() if obj.owner == system]
    fields: dict[str, list[str]] = {}
    for name, obj in spec.objects.items():
        if obj.owner == system:
            continue
        mine = [f for f, spec_field in obj.fields.items() if spec_field.owner == system]
        if mine:
            fields[name] = mine
    return whole, fields
