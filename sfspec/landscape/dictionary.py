"""The data dictionary: every object and field with its type, owner, external IDs, the flows that
read and write it, the environments, and the systems × objects matrix.

`dictionary(spec)` returns plain JSON-ready data (the `--format json` output, described by
schemas/dictionary.schema.json); the Markdown page is rendered from that same data by a template,
so both formats always say the same thing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sfspec.landscape.usage import Access, FieldUse, Relation, field_uses, matrix, object_flows, owned_by
from sfspec.model import field_owner, flow_objects, is_custom
from sfspec.model.objects import FieldSpec, ObjectSpec
from sfspec.model.spec import Spec

FORMAT_VERSION = 1
_FIELD_ATTRIBUTES = ("length", "precision", "scale", "values", "reference_to", "conflict")


def _flow_ref(spec: Spec, name: str, roles: list[str]) -> dict[str, Any]:
    flow = spec.flows[name]
    return {"flow": name, "source": flow.source, "target": flow.target, "roles": sorted(set(roles))}


def _uses(
    spec: Spec, uses: Mapping[tuple[str, str, Access], list[FieldUse]], obj: str, field: str, access: Access
) -> list[dict[str, Any]]:
    by_flow: dict[str, list[str]] = {}
    for use in uses.get((obj, field, access), []):
        by_flow.setdefault(use.flow, []).append(use.role.value)
    return [_flow_ref(spec, flow, roles) for flow, roles in sorted(by_flow.items())]


def _field(
    spec: Spec,
    obj_name: str,
    obj: ObjectSpec,
    name: str,
    declared: FieldSpec,
    uses: Mapping[tuple[str, str, Access], list[FieldUse]],
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": name,
        "type": str(declared.type),
        "label": declared.label,
        "description": declared.description,
        "owner": field_owner(obj, name),
        "custom": is_custom(name),
        "required": declared.required,
        "unique": declared.unique,
        "external_id": declared.external_id,
        "external_id_for": sorted(s for s, f in obj.external_ids.items() if f == name),
        "bidirectional": declared.bidirectional,
    }
    data.update({attr: getattr(declared, attr) for attr in _FIELD_ATTRIBUTES if getattr(declared, attr) is not None})
    data["read_by"] = _uses(spec, uses, obj_name, name, Access.READ)
    data["written_by"] = _uses(spec, uses, obj_name, name, Access.WRITE)
    return data


def _environments(spec: Spec, obj: str) -> list[dict[str, Any]]:
    touching = set(object_flows(spec, obj))
    found = []
    for name, env in spec.environments.items():
        overrides = {
            flow: override.model_dump(exclude_none=True, mode="json")
            for flow, override in sorted(env.flows.items())
            if flow in touching
        }
        found.append({"name": name, "org": str(env.org), "description": env.description, "flow_overrides": overrides})
    return found


def _object(
    spec: Spec, name: str, obj: ObjectSpec, uses: Mapping[tuple[str, str, Access], list[FieldUse]]
) -> dict[str, Any]:
    return {
        "name": name,
        "label": obj.label,
        "plural_label": obj.plural_label,
        "description": obj.description,
        "custom": is_custom(name),
        "owner": obj.owner,
        "external_ids": dict(sorted(obj.external_ids.items())),
        "flows": sorted(object_flows(spec, name)),
        "environments": _environments(spec, name),
        "fields": [_field(spec, name, obj, f, declared, uses) for f, declared in obj.fields.items()],
    }


def _system(spec: Spec, name: str) -> dict[str, Any]:
    system = spec.systems[name]
    whole, fields = owned_by(spec, name)
    return {
        "name": name,
        "kind": str(system.kind),
        "label": system.label,
        "description": system.description,
        "base_url": system.base_url,
        "owns_objects": whole,
        "owns_fields": fields,
        "flows_out": sorted(f for f, flow in spec.flows.items() if flow.source == name),
        "flows_in": sorted(f for f, flow in spec.flows.items() if flow.target == name),
        "flows_carried": sorted(f for f, flow in spec.flows.items() if flow.via == name),
    }


def dictionary(spec: Spec, environment: str | None = None) -> dict[str, Any]:
    uses: dict[tuple[str, str, Access], list[FieldUse]] = {}
    for use in field_uses(spec):
        uses.setdefault((use.object, use.field, use.access), []).append(use)
    table = matrix(spec)
    objects = list(spec.objects)
    for flow in spec.flows.values():
        objects.extend(o for o in flow_objects(flow) if o not in objects)
    order = [r for r in Relation]
    return {
        "format_version": FORMAT_VERSION,
        "landscape": spec.name,
        "description": spec.description,
        "environment": environment,
        "systems": [_system(spec, name) for name in spec.systems],
        "objects": [_object(spec, name, obj, uses) for name, obj in spec.objects.items()],
        "matrix": {
            "objects": objects,
            "rows": [
                {
                    "system": system,
                    "cells": {obj: [r.value for r in order if r in table[system][obj]] for obj in objects},
                }
                for system in spec.systems
            ],
        },
    }
