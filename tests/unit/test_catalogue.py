"""The packaged standard-object catalogue, read one object at a time, answers as the whole file parsed."""

from __future__ import annotations

import json

import pytest

from sfspec.catalogue import Catalogue, _packaged, standard
from sfspec.resources import catalogue_path


@pytest.fixture(scope="module")
def whole() -> dict[str, object]:
    doc: dict[str, object] = json.loads(catalogue_path().read_text(encoding="utf-8"))
    return doc


def test_the_packaged_file_is_read_lazily(whole: dict[str, object]) -> None:
    _head, objects = _packaged(catalogue_path().read_text(encoding="utf-8"))
    assert type(objects).__name__ == "_PackagedObjects"  # the layout build_catalogue.py writes was recognised


def test_every_object_reads_as_in_the_whole_file(whole: dict[str, object]) -> None:
    head, objects = _packaged(catalogue_path().read_text(encoding="utf-8"))
    expected = whole["objects"]
    assert isinstance(expected, dict) and len(expected) > 3000
    assert list(objects) == list(expected) and len(objects) == len(expected)
    for name, entry in expected.items():
        assert objects[name] == entry, name
    assert {k: v for k, v in whole.items() if k != "objects"} == head


@pytest.mark.parametrize("name", ["NoSuchObject", "", "Account ", "account", 'Acc"ount', "Account\n", "Id", "objects"])
def test_names_the_file_does_not_hold_are_unknown(name: str) -> None:
    """Including the keys of system_fields and of the file's head, and fields of an object's line."""
    assert standard().object(name) is None
    assert standard().supports_cdc(name) is None


def test_catalogue_answers_match_the_whole_file(whole: dict[str, object]) -> None:
    objects = whole["objects"]
    assert isinstance(objects, dict)
    eager = Catalogue(str(whole["api_version"]), objects, whole["system_fields"])  # type: ignore[arg-type]
    lazy = standard()
    assert lazy.api_version == eager.api_version and lazy.names() == eager.names()
    for name in ("Account", "Contact", "Opportunity", "Case", "Lead", "User", "AccountShare", "WorkOrder"):
        assert lazy.object(name) == eager.object(name), name
        assert lazy.supports_cdc(name) == eager.supports_cdc(name)
    assert lazy.field("Account", "Name") is not None and lazy.field("Account", "Name").required  # type: ignore[union-attr]


def test_a_file_in_another_layout_is_parsed_whole(whole: dict[str, object]) -> None:
    """Edited by hand or written by another tool: slower, same answers."""
    head, objects = _packaged(json.dumps(whole, indent=2))
    assert isinstance(objects, dict) and objects == whole["objects"] and head["api_version"] == whole["api_version"]
