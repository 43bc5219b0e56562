"""End-to-end fixtures: a copy of the seed landscape and its dev mock org in tmp_path.

Until the real generators register themselves (sfspec.generate.GENERATORS), `generators` adds a
small stand-in that emits managed CustomFields, one managed Apex class per flow and one middleware
file, in the same SFDX layout, so plan/apply/drift are exercised end to end either way.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sfspec.generate import GENERATORS
from sfspec.generate.context import GenerationContext
from sfspec.resources import specs_dir
from sfspec.state import MANAGED_MARKER, GeneratedFile

ROOT = "force-app/main/default"


def _standin(ctx: GenerationContext) -> list[GeneratedFile]:
    files: list[GeneratedFile] = []
    for obj, spec in sorted(ctx.spec.objects.items()):
        for name, f in sorted(spec.fields.items()):
            if obj.endswith("__c") or not name.endswith("__c"):  # custom fields of standard objects only
                continue
            xml = (f'<?xml version="1.0" encoding="UTF-8"?>\n<CustomField xmlns="http://soap.sforce.com/2006/04/metadata">\n'
                   f"    <fullName>{name}</fullName>\n    <description>{MANAGED_MARKER}</description>\n"
                   f"    <label>{f.label or name}</label>\n    <type>Text</type>\n    <length>{f.length or 80}</length>\n"
                   f"</CustomField>\n")
            files.append(GeneratedFile(f"{ROOT}/objects/{obj}/fields/{name}.field-meta.xml", xml,
                                       ctx.at("objects", obj, "fields", name)))
    for flow in sorted(ctx.spec.flows):
        cls = "Sfspec" + "".join(part.title() for part in flow.replace("_", "-").split("-"))
        src = ctx.at("flows", flow)
        files.append(GeneratedFile(f"{ROOT}/classes/{cls}.cls",
                                   f"// {MANAGED_MARKER}: flow {flow}. Do not edit.\npublic class {cls} {{\n}}\n", src))
        files.append(GeneratedFile(f"{ROOT}/classes/{cls}.cls-meta.xml",
                                   '<?xml version="1.0" encoding="UTF-8"?>\n<ApexClass xmlns="http://soap.sforce.com/2006/04/metadata">\n'
                                   "    <apiVersion>63.0</apiVersion>\n    <status>Active</status>\n</ApexClass>\n", src))
    files.append(GeneratedFile("middleware/camel/application.properties",
                               f"# {MANAGED_MARKER}\nerp.url={ctx.spec.systems['erp'].base_url}\n", ctx.at("systems", "erp")))
    return files


@pytest.fixture
def generators(monkeypatch: pytest.MonkeyPatch) -> bool:
    """True when the real generators are registered; otherwise installs the stand-in."""
    if GENERATORS:
        return True
    monkeypatch.setitem(GENERATORS, "standin", _standin)
    return False


@pytest.fixture
def landscape(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, generators: bool) -> Path:
    """tmp_path/spec: the seed landscape with its own copy of orgs/dev.json; cwd = tmp_path."""
    shutil.copytree(specs_dir() / "landscape", tmp_path / "spec")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NO_COLOR", "1")
    return tmp_path / "spec"
