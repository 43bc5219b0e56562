"""Traces (`Spec: folder/file.yaml:line`) cost the same however many files the spec has.

Each trace computed the spec's common folder from every file again: a folder of 2,000 object files
made `build` quadratic (minutes). Counted, not timed: the speed itself is in bench/.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sfspec import api
from sfspec.generate.salesforce import emit

SPEC = "sfspec: 1\nname: many\nsystems:\n  crm: {kind: salesforce}\n"
OBJECT = "objects:\n  Thing{i}__c:\n    owner: crm\n    fields:\n      Code__c: {{type: Text, length: 40}}\n"


def test_the_spec_folder_is_found_once_not_once_per_trace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = tmp_path / "spec"
    (spec / "objects").mkdir(parents=True)
    (spec / "main.yaml").write_text(SPEC, encoding="utf-8")
    for i in range(60):
        (spec / "objects" / f"o{i:02}.yaml").write_text(OBJECT.format(i=i), encoding="utf-8")
    calls = []
    real = os.path.commonpath

    def commonpath(paths: list[str]) -> str:
        calls.append(len(paths))
        return real(paths)

    monkeypatch.setattr(emit.os.path, "commonpath", commonpath)
    found, diags = api.desired(spec)
    assert found is not None, [d.format() for d in diags]
    traced = [f for f in found.state.files if "Spec: spec/objects/o59.yaml:2" in f.content]
    assert traced, "the objects are traced to their files, relative to the folder holding the spec"
    assert len(calls) <= 2, f"{len(calls)} computations of the spec folder over {max(calls)} files"
