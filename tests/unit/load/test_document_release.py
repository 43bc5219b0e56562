"""SpecDocument.release: a plan lets the spec's tree go once it has generated (issue 16, peak
memory), and the first location asked for afterwards reads the kept text again. Every location
must be the one given before, for every path of every bundled spec and of merged folder specs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from split_spec import MAIN as SPLIT_MAIN
from split_spec import MORE as SPLIT_MORE

from sfspec.diagnostics import SourceRange
from sfspec.load import load_spec
from sfspec.load.document import SourceFile, SpecDocument
from sfspec.resources import specs_dir

# an alias: libyaml's reader leaves this file to ruamel's round-trip loader (load.positioned)
SPLIT_ALIASED = """\
objects:
  Account:
    fields:
      Tier__c: &text {type: Text, length: 20, owner: erp}
      Region__c: *text
"""


def _bundled() -> list[Path]:
    return [*sorted((specs_dir() / "examples").glob("*.yaml")), specs_dir() / "landscape"]


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    children = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for step, child in children:
        yield from _paths(child, (*prefix, step))


def _locations(doc: SpecDocument) -> dict[tuple[Any, ...], tuple[SourceRange, ...]]:
    """Every path's key and value position, a step that is not there, and each container's locator."""
    found: dict[tuple[Any, ...], tuple[SourceRange, ...]] = {}
    for path in _paths(doc.plain()):
        at = (doc.locate(path), doc.locate(path, value=True), doc.locate([*path, "no-such-key"]))
        node: Any = doc.plain()
        for step in path:
            node = node[step]
        steps = list(node) if isinstance(node, dict) else range(len(node)) if isinstance(node, list) else []
        locate_under = doc.locator(path)
        found[path] = (*at, *(locate_under(step) for step in steps))
    return found


def _merged_folder(tmp_path: Path) -> Path:
    for name, text in (("main", SPLIT_MAIN), ("more", SPLIT_MORE), ("objects", SPLIT_ALIASED)):
        (tmp_path / f"{name}.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def _loaded(path: Path) -> SpecDocument:
    doc, diags = load_spec(path)
    assert doc is not None and not diags.has_errors(), [d.format() for d in diags]
    return doc


@pytest.mark.parametrize("spec", _bundled(), ids=lambda p: p.name)
def test_every_location_is_the_same_after_release(spec: Path) -> None:
    doc = _loaded(spec)
    before, data = _locations(doc), doc.plain()
    doc.release()
    assert not doc.holds_tree and all(f.data is None for f in doc.files)
    assert _locations(doc) == before
    assert doc.holds_tree and doc.plain() == data and doc.plain() is not data  # read again, equal


def test_a_merged_folder_locates_each_entry_in_its_own_file_after_release(tmp_path: Path) -> None:
    doc = _loaded(_merged_folder(tmp_path))
    assert len(doc.files) == 3
    before = _locations(doc)
    assert {r.path for rs in before.values() for r in rs} == {f.path for f in doc.files}  # every file is met
    doc.release()
    assert _locations(doc) == before
    assert doc.locate(["waivers", 1]).path.endswith("more.yaml")
    assert doc.locate(["objects", "Account", "fields", "Region__c"]).path.endswith("objects.yaml")


def test_the_tree_is_read_from_the_kept_text_not_from_disk(tmp_path: Path) -> None:
    """The files may change after the plan has read them: its locations are those of what it read."""
    folder = _merged_folder(tmp_path)
    doc = _loaded(folder)
    before = _locations(doc)
    for f in folder.glob("*.yaml"):
        f.write_text("# edited since\n\n" + f.read_text(encoding="utf-8"), encoding="utf-8")
    doc.release()
    assert _locations(doc) == before


def test_release_can_be_repeated_and_keeps_the_text(tmp_path: Path) -> None:
    doc = _loaded(_merged_folder(tmp_path))
    texts, before = [f.text for f in doc.files], _locations(doc)
    for _ in range(2):
        doc.release()
        doc.release()  # twice in a row: nothing more to let go
        assert [f.text for f in doc.files] == texts
        assert _locations(doc) == before


def test_a_document_without_files_keeps_its_tree() -> None:
    """Built from data by a caller: there is no text to read it again from."""
    data = {"sfspec": 1, "systems": {}}
    doc = SpecDocument(data, [])
    doc.release()
    assert doc.holds_tree and doc.plain() is data


def test_a_released_file_keeps_its_text_compressed() -> None:
    text = "sfspec: 1\n" + "".join(f"# line {i} é\n" for i in range(2000))
    f = SourceFile("spec.yaml", text, {"sfspec": 1})
    f.release()
    assert f.data is None and f.text == text
    assert f._text is None and f._packed is not None and len(f._packed) < len(text) // 4
