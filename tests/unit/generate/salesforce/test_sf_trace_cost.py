"""The way back from generated files to spec lines costs the same however many files the spec has.

Traces in generated text (`Spec: folder/file.yaml:line`) computed the spec's common folder from every
file again, per trace: a folder of 2,000 object files made `build` quadratic (minutes). Since issue 14
generated text carries no trace; the source map (out/sfspec-sources.json) holds them, and must find
the spec's folder once per build, not once per file. Counted, not timed: the speed itself is in bench/.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from sfspec import api
from sfspec.apply import sourcemap

SPEC = "sfspec: 1\nname: many\nsystems:\n  crm: {kind: salesforce}\n"
OBJECT = "objects:\n  Thing{i}__c:\n    owner: crm\n    fields:\n      Code__c: {{type: Text, length: 40}}\n"


def test_the_spec_folder_is_found_once_not_once_per_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = tmp_path / "spec"
    (spec / "objects").mkdir(parents=True)
    (spec / "main.yaml").write_text(SPEC, encoding="utf-8")
    for i in range(60):
        (spec / "objects" / f"o{i:02}.yaml").write_text(OBJECT.format(i=i), encoding="utf-8")
    found, diags = api.desired(spec)
    assert found is not None, [d.format() for d in diags]
    assert not any("o59.yaml" in f.content for f in found.state.files), "generated text names no spec file"
    calls = []
    real = os.path.commonpath

    def commonpath(paths: list[str]) -> str:
        calls.append(len(paths))
        return real(paths)

    monkeypatch.setattr(sourcemap.os.path, "commonpath", commonpath)
    made = sourcemap.source_map(found.state.files)
    assert made is not None
    entries = json.loads(made.content)["files"]
    assert any(where.startswith("objects/o59.yaml:2:") for where in entries.values()), "relative to the spec folder"
    assert len(calls) <= 1, f"{len(calls)} computations of the spec folder over {max(calls)} files"
