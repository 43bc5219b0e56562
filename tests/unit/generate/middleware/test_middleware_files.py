"""What the middleware generator emits for the bundled landscape: which flow goes to which
engine, markers and spec locations, determinism, plan components, golden files."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from mwhelpers import ROOT, build

from sfspec.generate import GENERATORS
from sfspec.resources import specs_dir
from sfspec.sfdx_format import components_from_files
from sfspec.state import MANAGED_MARKER, GeneratedFile

GOLDEN = ROOT / "tests" / "golden" / "middleware" / "landscape"


def test_flows_map_to_their_engines(landscape_files: dict[str, str]) -> None:
    assert sorted(landscape_files) == [
        "middleware/README.md",
        "middleware/camel/application.properties",
        "middleware/camel/consent-to-crm.camel.yaml",  # marketing → CRM, Kafka, upsert
        "middleware/camel/contacts-to-marketing.camel.yaml",  # CDC → marketing REST
        "middleware/camel/erp-credit-to-crm.camel.yaml",  # ERP webhook → upsert
        "middleware/camel/erp-invoices-to-crm.camel.yaml",  # hourly Bulk API 2.0 ingest
        "middleware/meltano/logging.yaml",
        "middleware/meltano/meltano.yml",  # nightly-warehouse-export
    ]
    readme = landscape_files["middleware/README.md"]
    assert "| nightly-warehouse-export | crm → warehouse |" in readme
    assert "account-to-erp" not in readme.replace("account-to-erp-", "")  # Apex callout, no middleware


def test_every_file_is_marked_and_named_by_its_flow_never_by_a_spec_location(landscape_files: dict[str, str]) -> None:
    # Spec paths and line numbers live in the plan: in a file they would make a moved or edited
    # spec plan an update of every generated file (issue 14).
    for path, text in landscape_files.items():
        assert MANAGED_MARKER in text, path
        assert not re.search(r"\.ya?ml:\d+|specs/landscape", text), path
        if path.endswith(".camel.yaml"):
            assert f"# Flow: {Path(path).name.removesuffix('.camel.yaml')}\n" in text


def test_output_is_deterministic(landscape_files: dict[str, str]) -> None:
    assert build(specs_dir().parent, "specs/landscape") == landscape_files


def test_registered_and_planned_as_middleware_files(landscape_files: dict[str, str]) -> None:
    assert "middleware" in GENERATORS
    components = components_from_files([GeneratedFile(p, t) for p, t in sorted(landscape_files.items())])
    assert {c.type for c in components} == {"MiddlewareFile"}
    assert all(c.managed for c in components)


def test_secrets_never_appear_as_values(landscape_files: dict[str, str]) -> None:
    text = "\n".join(landscape_files.values())
    # the spec's references become environment variables named after them
    for ref in ("secret:erp-client-secret", "secret:marketing-api-key", "secret:snowflake-password"):
        assert ref not in text
    assert "ERP_CLIENT_SECRET" in landscape_files["middleware/camel/application.properties"]


@pytest.mark.parametrize(
    "path",
    [
        "middleware/README.md",
        "middleware/camel/application.properties",
        "middleware/camel/consent-to-crm.camel.yaml",
        "middleware/camel/contacts-to-marketing.camel.yaml",
        "middleware/camel/erp-credit-to-crm.camel.yaml",
        "middleware/camel/erp-invoices-to-crm.camel.yaml",
        "middleware/meltano/logging.yaml",
        "middleware/meltano/meltano.yml",
    ],
)
def test_golden(landscape_files: dict[str, str], path: str) -> None:
    golden = GOLDEN / path
    if os.environ.get("SFSPEC_UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(landscape_files[path], encoding="utf-8")
    assert golden.exists(), f"no golden file {golden}; run with SFSPEC_UPDATE_GOLDEN=1 to create it"
    assert landscape_files[path] == golden.read_text(encoding="utf-8"), f"{path} differs (SFSPEC_UPDATE_GOLDEN=1)"
