"""A fast yes/no check of a parsed snapshot against schemas/mock-org.schema.json.

jsonschema takes about 200× `json.loads` on a 5,000-component snapshot (bench/org.py), and every
plan and apply reads one. This walks the tree once, in the schema's own terms (same patterns, same
`re.search` semantics, JSON Schema's idea of integer and number), and answers only "valid or
not": when it says no, `snapshot_load.problems` runs jsonschema for the positioned messages, so
what a user sees about a bad snapshot is unchanged. tests/unit/org/test_snapshot_check.py holds
the two to the same verdict on the hardening corpus and on random mutations of valid snapshots.

It also reports whether every attribute tree is already in the normal form (text leaves, no
one-item lists), in which case the reader can use the parsed values as they are.
"""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

from sfspec.resources import schema_path

SCHEMA_FILE = "mock-org.schema.json"


@cache
def _schema() -> dict[str, Any]:
    return json.loads(schema_path(SCHEMA_FILE).read_text(encoding="utf-8"))


@cache
def _rules() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], frozenset[str]]:
    """The schema's patterns and type names, read from the schema file itself (no second copy)."""
    schema = _schema()
    defs = schema["$defs"]
    components = schema["properties"]["components"]
    return (
        re.compile(defs["apiName"]["pattern"]),
        re.compile(components["additionalProperties"]["propertyNames"]["pattern"]),
        re.compile(defs["org"]["properties"]["api_version"]["pattern"]),
        frozenset(components["propertyNames"]["enum"]),
    )


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _is_integer(v: Any) -> bool:  # JSON Schema: 1.0 is an integer, true is not
    return (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and v.is_integer())


class _Invalid(Exception):
    pass


_TEXT = {str}


def _value(v: Any) -> bool:
    """Raise _Invalid unless `v` is a `value`; return whether it is already in normal form
    (what `snapshot.text_leaves` would return unchanged)."""
    if isinstance(v, str):
        return True
    if isinstance(v, dict):
        normal = True
        for item in v.values():
            if not isinstance(item, str) and not _value(item):
                normal = False
        return normal
    if isinstance(v, list):
        normal = len(v) != 1  # a repeated element seen once is the element itself
        for item in v:
            if not isinstance(item, str) and not _value(item):
                normal = False
        return normal
    if isinstance(v, bool) or _is_number(v):
        return False  # valid, but not text
    raise _Invalid


def _attributes(v: Any) -> bool:
    if type(v) is not dict or "fullName" in v:
        raise _Invalid
    if set(map(type, v.values())) <= _TEXT:  # the common case, decided in C: every value is text
        return True
    normal = True
    for item in v.values():
        if not isinstance(item, str) and not _value(item):
            normal = False
    return normal


def _org(org: Any, api_version: re.Pattern[str]) -> None:
    if not isinstance(org, dict) or "api_version" not in org or "edition" not in org:
        raise _Invalid
    for key, v in org.items():
        if key == "api_version":
            ok = isinstance(v, str) and api_version.search(v) is not None
        elif key == "edition":
            ok = isinstance(v, str) and len(v) >= 1
        elif key == "instance":
            ok = isinstance(v, str)
        elif key == "licenses":
            ok = v is None or (_is_integer(v) and v >= 0)
        elif key == "limits":
            ok = isinstance(v, dict) and all(
                isinstance(lim, dict)
                and "Max" in lim
                and "Remaining" in lim
                and _is_integer(lim["Max"])
                and _is_integer(lim["Remaining"])
                for lim in v.values()
            )
        else:
            ok = False
        if not ok:
            raise _Invalid


def check(data: Any) -> tuple[bool, bool]:
    """(valid, normal): whether `data` satisfies the snapshot schema, and whether its attribute
    trees are already text-only with no one-item lists. Never raises on any JSON value."""
    api_name, component_name, api_version, types = _rules()
    try:
        if not isinstance(data, dict):
            raise _Invalid
        for key in ("format_version", "org", "objects", "components"):
            if key not in data:
                raise _Invalid
        for key, v in data.items():
            if key == "$schema":
                if not isinstance(v, str):
                    raise _Invalid
            elif key == "format_version":
                if not _is_number(v) or v != 1:
                    raise _Invalid
            elif key not in ("org", "objects", "components"):
                raise _Invalid
        _org(data["org"], api_version)
        normal = True
        objects = data["objects"]
        if not isinstance(objects, dict):
            raise _Invalid
        for name, entry in objects.items():
            if api_name.search(name) is None or not isinstance(entry, dict):
                raise _Invalid
            for key, v in entry.items():
                if key == "attributes":
                    normal = _attributes(v) and normal
                elif key == "fields":
                    if not isinstance(v, dict):
                        raise _Invalid
                    for field, attrs in v.items():
                        if api_name.search(field) is None:
                            raise _Invalid
                        normal = _attributes(attrs) and normal
                else:
                    raise _Invalid
        components = data["components"]
        if not isinstance(components, dict):
            raise _Invalid
        for type_, members in components.items():
            if type_ not in types or not isinstance(members, dict):
                raise _Invalid
            for name, entry in members.items():
                if not name or component_name.search(name) is None or not isinstance(entry, dict):
                    raise _Invalid
                if "attributes" not in entry or not all(k in ("attributes", "body") for k in entry):
                    raise _Invalid
                if "body" in entry and not isinstance(entry["body"], str):
                    raise _Invalid
                normal = _attributes(entry["attributes"]) and normal
    except (_Invalid, RecursionError):
        return False, False
    return True, normal
