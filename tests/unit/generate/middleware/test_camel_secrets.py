"""Secrets are references, never values: every option the Camel catalog flags `secret` is a
placeholder, and every placeholder behind a secret resolves to an environment variable."""

from __future__ import annotations

import re
from typing import Any

from mwhelpers import endpoints, properties, walk

WHOLE_PLACEHOLDER = re.compile(r"^\{\{([^{}]+)\}\}$")
ENV_REF = re.compile(r"^\{\{env:[A-Z_][A-Z0-9_]*\}\}$")


def _secret_options(catalog: dict[str, Any], uri: str) -> set[str]:
    scheme = uri.split(":", 1)[0]
    if scheme == "master":
        return _secret_options(catalog, uri.split(":", 2)[2])
    return {k for k, v in catalog[scheme]["properties"].items() if v.get("secret")}


def secret_findings(catalog: dict[str, Any], doc: Any, props: dict[str, str]) -> list[str]:
    problems = []
    for uri, params in endpoints(doc):
        for name in sorted(_secret_options(catalog, uri) & set(params)):
            match = WHOLE_PLACEHOLDER.match(str(params[name]))
            if not match:
                problems.append(f"{uri}: secret option {name} is not a placeholder")
            elif not match.group(1).startswith("env:") and not ENV_REF.match(props.get(match.group(1), "")):
                problems.append(f"{uri}: {name} → {match.group(1)} does not resolve to {{{{env:…}}}}")
    # Credentials sent as headers (API keys) are placeholders too.
    for key, value in walk(doc):
        if key == "setHeader" and re.search(r"api[-_]?key|auth|token|secret", str(value.get("name")), re.I):
            constant = str(value.get("constant", {}).get("expression", ""))
            match = WHOLE_PLACEHOLDER.match(constant)
            if not match or not ENV_REF.match(props.get(match.group(1), "")):
                problems.append(f"header {value.get('name')} carries {constant!r}, not an env placeholder")
    return problems


def test_secret_options_are_placeholders(
    all_routes: dict[str, Any],
    camel_catalog: dict[str, Any],
    landscape_files: dict[str, str],
    shapes_files: dict[str, str],
) -> None:
    checked = 0
    for tag, files in (("landscape", landscape_files), ("shapes", shapes_files)):
        props = properties(files["middleware/camel/application.properties"])
        for name, doc in all_routes.items():
            if name.startswith(tag + ":"):
                assert secret_findings(camel_catalog, doc, props) == [], name
                checked += sum(len(_secret_options(camel_catalog, u) & set(p)) for u, p in endpoints(doc))
    assert checked >= 10


def test_secret_component_properties_are_env_placeholders(
    landscape_files: dict[str, str], shapes_files: dict[str, str], camel_catalog: dict[str, Any]
) -> None:
    for files in (landscape_files, shapes_files):
        props = properties(files["middleware/camel/application.properties"])
        for key, value in props.items():
            if key.startswith("camel.component."):
                component, option = key.split(".")[2:4]
                if camel_catalog[component]["componentProperties"].get(option, {}).get("secret"):
                    assert ENV_REF.match(value), f"{key}={value}"
            # anything that names a credential is a reference
            if re.search(r"(secret|password|apikey|token|clientid)$", key, re.I) and not key.endswith("tokenUrl"):
                assert ENV_REF.match(value), f"{key}={value}"


def test_a_literal_secret_is_caught(camel_catalog: dict[str, Any]) -> None:
    doc = [
        {
            "route": {
                "from": {
                    "uri": "timer:x",
                    "steps": [
                        {"to": {"uri": "https://h/x", "parameters": {"oauth2ClientSecret": "s3cr3t"}}},
                        {"to": {"uri": "https://h/y", "parameters": {"authPassword": "{{erp.password}}"}}},
                        {"setHeader": {"name": "X-API-Key", "constant": {"expression": "abc"}}},
                    ],
                }
            }
        }
    ]
    problems = secret_findings(camel_catalog, doc, {"erp.password": "hunter2"})
    assert len(problems) == 3


def test_salesforce_auth_is_never_username_password(
    landscape_files: dict[str, str], shapes_files: dict[str, str]
) -> None:
    kinds = set()
    for files in (landscape_files, shapes_files):
        props = properties(files["middleware/camel/application.properties"])
        kinds.add(props["camel.component.salesforce.authenticationType"])
        assert "camel.component.salesforce.password" not in props
    assert kinds == {"CLIENT_CREDENTIALS", "JWT"}
