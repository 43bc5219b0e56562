"""Every generated Camel route validates against the pinned Camel YAML DSL JSON Schema (4.14.9)."""

from __future__ import annotations

import copy
from typing import Any

import jsonschema
import pytest
from mwhelpers import load_yaml


def _errors(schema: dict[str, Any], doc: Any) -> list[str]:
    validator = jsonschema.Draft7Validator(schema)
    return [f"{list(e.absolute_path)}: {e.message[:300]}" for e in validator.iter_errors(doc)]


def test_there_are_routes_to_check(all_routes: dict[str, Any]) -> None:
    # landscape: 4 camel flows; shapes: 10 flows, one of them with two objects
    assert len([k for k in all_routes if k.startswith("landscape:")]) == 4
    assert len([k for k in all_routes if k.startswith("shapes:")]) == 11


def test_every_route_matches_the_camel_yaml_dsl_schema(
    all_routes: dict[str, Any], camel_schema: dict[str, Any]
) -> None:
    failures = {name: _errors(camel_schema, doc) for name, doc in sorted(all_routes.items())}
    assert {k: v for k, v in failures.items() if v} == {}


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d[1]["route"]["from"].__setitem__("stepz", []),  # unknown key
        lambda d: d[0]["routeConfiguration"]["errorHandler"]["deadLetterChannel"]["redeliveryPolicy"].__setitem__(
            "redeliveryDelay", 2000
        ),  # the schema wants a string
    ],
    ids=["unknown-key", "wrong-type"],
)
def test_the_schema_check_rejects_a_broken_route(
    all_routes: dict[str, Any], camel_schema: dict[str, Any], mutate: Any
) -> None:
    doc = copy.deepcopy(all_routes["landscape:middleware/camel/erp-credit-to-crm.camel.yaml"])
    mutate(doc)
    assert _errors(camel_schema, doc)


def test_generated_yaml_parses_with_the_round_trip_loader_too(landscape_files: dict[str, str]) -> None:
    for path, text in landscape_files.items():
        if path.endswith((".yaml", ".yml")):
            assert load_yaml(text) is not None, path
