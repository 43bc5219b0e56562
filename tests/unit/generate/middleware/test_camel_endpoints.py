"""Every endpoint URI the routes use exists in the pinned Camel 4.14.9 component catalog: the
scheme, the Salesforce operation, each option name, and enum/boolean/integer option values."""

from __future__ import annotations

import re
from typing import Any

import pytest
from mwhelpers import PLACEHOLDER, endpoints, properties

WHOLE_PLACEHOLDER = re.compile(r"^\{\{[^{}]+\}\}$")


def check_endpoint(catalog: dict[str, Any], uri: str, params: dict[str, Any]) -> list[str]:
    scheme, _, rest = uri.partition(":")
    if scheme not in catalog:
        return [f"{uri}: unknown component {scheme!r}"]
    if scheme == "master":
        namespace, _, delegate = rest.partition(":")
        if not namespace or not delegate:
            return [f"{uri}: master needs master:<namespace>:<endpoint>"]
        return check_endpoint(catalog, delegate, params)
    problems = []
    if not rest:
        problems.append(f"{uri}: the path is empty")
    options = catalog[scheme]["properties"]
    if scheme == "salesforce":
        operation = rest.split(":", 1)[0]
        if operation not in options["operationName"]["enum"]:
            problems.append(f"{uri}: {operation!r} is not a salesforce operation")
    for name, value in params.items():
        option = options.get(name)
        if option is None or option.get("kind") == "path":
            problems.append(f"{uri}: unknown option {name!r}")
            continue
        text = str(value).lower() if isinstance(value, bool) else str(value)
        if WHOLE_PLACEHOLDER.match(text):
            continue
        if option.get("enum") and text not in option["enum"]:
            problems.append(f"{uri}: {name}={text!r} is not one of {option['enum']}")
        if option["type"] == "boolean" and text not in ("true", "false"):
            problems.append(f"{uri}: {name}={text!r} is not a boolean")
        if option["type"] == "integer" and not text.isdigit():
            problems.append(f"{uri}: {name}={text!r} is not an integer")
        if option["type"] == "duration" and not re.fullmatch(r"\d+|(\d+[hms])+", text):
            problems.append(f"{uri}: {name}={text!r} is not a duration")
    return problems


def test_every_endpoint_is_in_the_catalog(all_routes: dict[str, Any], camel_catalog: dict[str, Any]) -> None:
    problems = []
    count = 0
    for name, doc in sorted(all_routes.items()):
        for uri, params in endpoints(doc):
            count += 1
            problems += [f"{name}: {p}" for p in check_endpoint(camel_catalog, uri, params)]
    assert problems == []
    assert count >= 50  # the walk really found the endpoints


def test_every_endpoint_kind_is_covered(all_routes: dict[str, Any]) -> None:
    schemes = set()
    operations = set()
    for doc in all_routes.values():
        for uri, _ in endpoints(doc):
            inner = uri.split(":", 2)[2] if uri.startswith("master:") else uri
            schemes.add(inner.split(":", 1)[0])
            if inner.startswith("salesforce:"):
                operations.add(inner.split(":")[1])
    assert schemes == {"salesforce", "https", "platform-http", "kafka", "quartz", "timer", "file"}
    assert operations == {
        "pubSubSubscribe",
        "getSObject",
        "upsertSObject",
        "updateSObject",
        "raw",
        "compositeUpsertSObjectCollections",
        "compositeUpdateSObjectCollections",
        "bulk2CreateJob",
        "bulk2CreateBatch",
        "bulk2CloseJob",
        "bulk2GetJob",
        "bulk2GetFailedResults",
    }


@pytest.mark.parametrize(
    ("uri", "params", "finding"),
    [
        ("salesforce:upsertSObjekt", {}, "not a salesforce operation"),
        ("salesforce:upsertSObject", {"sObjectIdNam": "X"}, "unknown option"),
        ("master:ns:salesforce:pubSubSubscribe:/data/X", {"replayPreset": "NEWEST"}, "is not one of"),
        ("https://example.com/x", {"throwExceptionOnFailure": "maybe"}, "not a boolean"),
        ("camelot:x", {}, "unknown component"),
    ],
)
def test_the_catalog_check_rejects_bad_endpoints(
    camel_catalog: dict[str, Any], uri: str, params: dict[str, Any], finding: str
) -> None:
    assert any(finding in p for p in check_endpoint(camel_catalog, uri, params))


def test_component_properties_exist_in_the_catalog(
    landscape_files: dict[str, str], shapes_files: dict[str, str], camel_catalog: dict[str, Any]
) -> None:
    problems = []
    for files in (landscape_files, shapes_files):
        for key in properties(files["middleware/camel/application.properties"]):
            if key.startswith("camel.component."):
                component, option = key.split(".")[2:4]
                if option not in camel_catalog[component]["componentProperties"]:
                    problems.append(key)
    assert problems == []


def test_every_placeholder_is_defined(
    all_routes: dict[str, Any], landscape_files: dict[str, str], shapes_files: dict[str, str]
) -> None:
    import json

    for tag, files in (("landscape", landscape_files), ("shapes", shapes_files)):
        props = properties(files["middleware/camel/application.properties"])
        for name, doc in all_routes.items():
            if not name.startswith(tag + ":"):
                continue
            for key in PLACEHOLDER.findall(json.dumps(doc)):
                assert key.startswith("env:") or key in props, f"{name}: {{{{{key}}}}} is not in application.properties"
