"""The compiled schema checker is never more lenient than jsonschema (it lets validate skip
jsonschema): over the corpus's schema and name breaks and random mutations of the landscape, any
document it passes has no jsonschema error. tests/unit/validate/test_compiled_schema.py holds the
negative control and the staleness checks."""

from __future__ import annotations

import copy
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from sfspec.validate import _validator, passes_compiled_schema

from . import hostile
from .corpus import SPEC, base_data, name_cases, schema_cases


def _wrongly_passed(data: Any) -> bool:
    return passes_compiled_schema(data) and any(True for _ in _validator("sfspec.schema.json").iter_errors(data))


def test_the_corpus_breaks_are_never_passed() -> None:
    yaml = YAML(typ="safe", pure=True)
    documents = [yaml.load(case.files[SPEC]) for case in [*schema_cases(), *name_cases()]]
    assert len(documents) > 100
    assert [json.dumps(d, default=str)[:300] for d in documents if _wrongly_passed(d)] == []


# Values a mutation puts anywhere: every JSON type, the look-alikes YAML produces (1.0, True for 1,
# a number as text), text a pattern's `$` would let through with a trailing newline, hostile names.
_ODD_TEXT = [
    "ERP_Id__c\n",
    "erp\n",
    "account-to-erp\n",
    "",
    " ",
    "a" * 300,
    "x\u2028y",
    *hostile.BAD_NAMES,
]
_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([0, 1, 1.0, 0.5, -1, 1e308, float("inf"), float("nan")]),
    st.sampled_from(_ODD_TEXT),
    st.text(max_size=12),
    st.lists(st.sampled_from([1, "a", None, True, {}]), max_size=3),
    st.dictionaries(st.sampled_from(["a", "name", "type", "Bad Key", ""]), st.sampled_from([1, "x", None]), max_size=2),
)


def _containers(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    children = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else []
    for key, child in children:
        if isinstance(child, dict | list):
            found += _containers(child, (*path, key))
    return found


_BASE = base_data()
_PLACES = _containers(_BASE)


@st.composite
def _mutated(draw: st.DrawFn) -> Any:
    data = copy.deepcopy(_BASE)
    for _ in range(draw(st.integers(1, 3))):
        node = data
        for step in draw(st.sampled_from(_PLACES)):
            # a path of the base: an earlier mutation may have removed or replaced part of it
            in_dict = isinstance(node, dict) and step in node
            if in_dict or (isinstance(node, list) and isinstance(step, int) and step < len(node)):
                node = node[step]
            else:
                break
        if isinstance(node, dict) and node:
            key = draw(st.sampled_from(sorted(node, key=str)))
            action = draw(st.sampled_from(["set", "del", "rename", "add"]))
            if action == "set":
                node[key] = draw(_VALUES)
            elif action == "del":
                del node[key]
            elif action == "rename":
                node[draw(st.sampled_from([*_ODD_TEXT, "Name", "label"]))] = node.pop(key)
            else:
                node[draw(st.text(max_size=8))] = draw(_VALUES)
        elif isinstance(node, list) and node:
            index = draw(st.integers(0, len(node) - 1))
            node[index] = draw(_VALUES)
    return data


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_mutated())
def test_random_mutations_of_the_landscape_are_never_passed_wrongly(data: Any) -> None:
    assert not _wrongly_passed(data), json.dumps(data, default=str)[:2000]
