"""The deploy zip sfspec builds from the example landscape is valid Metadata API XML: every file
(package.xml, destructiveChanges.xml, objects with their fields folded in, credentials…) checked
against the Metadata API v63 XSD in simple-salesforce's metadata.wsdl (tests/validators)."""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

from sfspec import api
from sfspec.org.mdapi import components_zip, source_to_components
from sfspec.resources import specs_dir
from sfspec.state import ComponentKey

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "validators"))
import salesforce as validators


def test_every_file_of_the_deploy_zip_matches_the_xsd() -> None:
    wanted, diags = api.desired(specs_dir() / "landscape", "dev")
    assert wanted is not None, [d.format() for d in diags]
    components = source_to_components(wanted.state.files)
    data = components_zip(components, "63.0", [ComponentKey("ApexClass", "Old_Handler")])
    archive = zipfile.ZipFile(io.BytesIO(data))
    xml_files = [n for n in archive.namelist() if not n.endswith((".cls", ".trigger"))]
    assert "objects/Invoice__c.object" in xml_files and "destructiveChanges.xml" in xml_files
    problems = {n: validators.xsd_errors(archive.read(n).decode("utf-8")) for n in xml_files}
    assert {n: p for n, p in problems.items() if p} == {}
