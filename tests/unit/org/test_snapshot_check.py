"""The fast snapshot check gives jsonschema's verdict (it decides whether jsonschema has to run at
all, so a snapshot it wrongly accepted would be read unchecked): on the hardening corpus, on the
bundled org, and on random mutations of a snapshot at every level of its tree."""

from __future__ import annotations

import copy
import json
import math
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sfspec.org.snapshot import components_from_json, text_leaves
from sfspec.org.snapshot_check import check
from sfspec.org.snapshot_load import validator
from sfspec.resources import specs_dir

BASE: dict[str, Any] = {
    "format_version": 1,
    "org": {
        "instance": "x",
        "api_version": "63.0",
        "edition": "enterprise",
        "licenses": 5,
        "limits": {"DailyApiRequests": {"Max": 10, "Remaining": 5}},
    },
    "objects": {
        "Account": {
            "attributes": {"label": "Account", "nameField": {"label": "Name", "type": "Text"}},
            "fields": {
                "Name": {"label": "Name", "type": "Text"},
                "Kind__c": {"type": "Picklist", "valueSet": {"value": [{"fullName": "A"}, {"fullName": "B"}]}},
            },
        },
        "Only_Fields__c": {"fields": {"F__c": {"type": "Text", "length": "80"}}},
    },
    "components": {
        "ApexClass": {"Svc": {"attributes": {"apiVersion": "63.0", "status": "Active"}, "body": "class Svc {}"}},
        "RemoteSiteSetting": {"Site": {"attributes": {"url": "https://x.example", "isActive": "true"}}},
    },
}
ODD_VALUES = [
    None,
    True,
    False,
    0,
    1,
    1.0,
    1.5,
    -1,
    math.nan,
    math.inf,
    "",
    " x",
    "x",
    "63.0\n",
    "6.0",
    "1abc",
    [],
    ["a"],
    ["a", "b"],
    [["a", "b"], "c"],
    [None],
    {},
    {"fullName": "x"},
    {"Max": 1},
    {"Max": 1, "Remaining": 2.0},
    {"Max": True, "Remaining": 1},
    {"a": {"b": [1, "2"]}},
]
ODD_KEYS = ["", " a", "a b", "1abc", "Abc", "abc_1", "fullName", "$schema", "body", "attributes", "ApexClass", "Foo"]


def jsonschema_says(data: Any) -> bool:
    return not any(True for _ in validator().iter_errors(data))


def containers(node: Any, path: tuple = ()) -> list[tuple]:
    """Every path to a dict or list in the tree (the places a mutation can happen)."""
    out = [path]
    children = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else []
    for key, child in children:
        if isinstance(child, (dict, list)):
            out.extend(containers(child, (*path, key)))
    return out


def at(node: Any, path: tuple) -> Any:
    for step in path:
        node = node[step]
    return node


@st.composite
def mutated(draw: st.DrawFn) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    for _ in range(draw(st.integers(1, 3))):
        places = containers(data)
        target = at(data, draw(st.sampled_from(places)))
        action = draw(st.sampled_from(["set", "add", "delete"]))
        if isinstance(target, dict):
            keys = list(target)
            if action == "delete" and keys:
                del target[draw(st.sampled_from(keys))]
            elif action == "add" or not keys:
                target[draw(st.sampled_from(ODD_KEYS))] = copy.deepcopy(draw(st.sampled_from(ODD_VALUES)))
            else:
                target[draw(st.sampled_from(keys))] = copy.deepcopy(draw(st.sampled_from(ODD_VALUES)))
        elif isinstance(target, list):
            if action == "delete" and target:
                target.pop(draw(st.integers(0, len(target) - 1)))
            else:
                target.append(copy.deepcopy(draw(st.sampled_from(ODD_VALUES))))
    return data


def test_the_base_and_the_bundled_org_are_valid_and_normal() -> None:
    assert check(BASE) == (True, True) and jsonschema_says(BASE)
    dev = json.loads((specs_dir() / "landscape" / "orgs" / "dev.json").read_text(encoding="utf-8"))
    assert check(dev)[0] and jsonschema_says(dev)


@pytest.mark.parametrize("value", [*ODD_VALUES, BASE["org"], "x" * 3], ids=repr)
@pytest.mark.parametrize(
    "path",
    [
        ("format_version",),
        ("org",),
        ("org", "api_version"),
        ("org", "licenses"),
        ("org", "limits", "DailyApiRequests"),
        ("objects",),
        ("objects", "Account"),
        ("objects", "Account", "attributes"),
        ("objects", "Account", "attributes", "label"),
        ("objects", "Account", "fields", "Name"),
        ("objects", "Account", "fields", "Name", "type"),
        ("components", "ApexClass", "Svc"),
        ("components", "ApexClass", "Svc", "body"),
        ("components", "ApexClass", "Svc", "attributes"),
    ],
)
def test_every_odd_value_at_every_level_gets_jsonschemas_verdict(path: tuple, value: Any) -> None:
    data = copy.deepcopy(BASE)
    at(data, path[:-1])[path[-1]] = copy.deepcopy(value)
    assert check(data)[0] == jsonschema_says(data)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_random_mutations_get_jsonschemas_verdict(data: dict[str, Any]) -> None:
    valid, normal = check(data)
    assert valid == jsonschema_says(data), json.dumps(data, default=str)[:2000]
    if valid and normal:  # "normal" lets the reader skip text_leaves: it must really be a no-op
        for comp in components_from_json(data, normal=True):
            assert text_leaves(comp.attributes) == comp.attributes


def test_the_hardening_corpus_gets_jsonschemas_verdict() -> None:
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from hardening.corpus import snapshot_cases

    seen = 0
    for case in snapshot_cases():
        try:
            data = json.loads(case.content)
        except (ValueError, RecursionError):
            continue  # not JSON: refused before the check
        seen += 1
        assert check(data)[0] == jsonschema_says(data), case.id
    assert seen >= 10
