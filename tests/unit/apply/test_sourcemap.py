"""out/sfspec-sources.json maps each generated file to the spec line that made it (issue 14)."""

from __future__ import annotations

import json
from pathlib import Path

from sfspec.apply.outdir import write_tree
from sfspec.apply.sourcemap import SOURCE_MAP, source_map
from sfspec.diagnostics import SourceRange
from sfspec.state import GeneratedFile


def _files(spec_folder: Path) -> list[GeneratedFile]:
    return [
        GeneratedFile("force-app/b.cls", "b", SourceRange.at(str(spec_folder / "flows.yaml"), 4, 3)),
        GeneratedFile("force-app/a.xml", "a", SourceRange.at(str(spec_folder / "sub" / "objects.yaml"), 64, 7)),
        GeneratedFile("sfdx-project.json", "{}"),  # no spec location: not in the map
    ]


def test_the_map_names_spec_files_relative_to_the_spec_folder(tmp_path: Path) -> None:
    found = source_map(_files(tmp_path / "specs" / "landscape"))
    assert found is not None and found.path == SOURCE_MAP and found.source is None
    assert json.loads(found.content)["files"] == {
        "force-app/a.xml": "sub/objects.yaml:64:7",
        "force-app/b.cls": "flows.yaml:4:3",
    }


def test_the_map_is_the_same_wherever_the_spec_lives(tmp_path: Path) -> None:
    here = source_map(_files(tmp_path / "a"))
    there = source_map(_files(tmp_path / "deep" / "er" / "b"))
    assert here is not None and there is not None and here.content == there.content


def test_files_without_locations_get_no_map_and_out_holds_it_beside_them(tmp_path: Path) -> None:
    assert source_map([GeneratedFile("x.txt", "x")]) is None
    tree, diags = write_tree(_files(tmp_path / "spec"), tmp_path / "out")
    assert not diags and tree is not None and SOURCE_MAP in tree.files
    assert json.loads((tmp_path / "out" / SOURCE_MAP).read_text())["files"]["force-app/b.cls"] == "flows.yaml:4:3"
