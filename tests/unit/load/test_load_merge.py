"""Stage 1: folder specs merge entry by entry, and every entry remembers its file, line and column."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from split_spec import MAIN, MORE

from sfspec.diagnostics import SourcePos, SourceRange
from sfspec.load import load_spec
from sfspec.load.document import SpecDocument, _child_position


def _folder(tmp_path: Path, **files: str) -> Path:
    for name, text in files.items():
        (tmp_path / f"{name}.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def test_folder_sections_merge_entry_by_entry(tmp_path: Path) -> None:
    doc, diags = load_spec(_folder(tmp_path, a_main=MAIN, b_more=MORE))
    assert doc is not None and not diags
    data = doc.plain()
    assert list(data["systems"]) == ["crm", "erp"]
    assert data["name"] == "split" and data["flows"]["account-to-erp"]["target"] == "erp"
    assert [w["component"] for w in data["waivers"]] == ["ApexClass:A", "ApexClass:B"]
    assert [f.path for f in doc.files] == [str(tmp_path / "a_main.yaml"), str(tmp_path / "b_more.yaml")]


def test_positions_point_into_the_file_that_holds_the_entry(tmp_path: Path) -> None:
    doc, _ = load_spec(_folder(tmp_path, a_main=MAIN, b_more=MORE))
    assert doc is not None
    crm = doc.locate(["systems", "crm"])
    assert (Path(crm.path).name, crm.start.line, crm.start.col) == ("a_main.yaml", 4, 3)
    url = doc.locate(["systems", "erp", "base_url"], value=True)
    assert (Path(url.path).name, url.start.line, url.start.col) == ("b_more.yaml", 5, 15)
    target = doc.locate(["flows", "account-to-erp", "target"])
    assert (Path(target.path).name, target.start.line) == ("b_more.yaml", 9)
    second_waiver = doc.locate(["waivers", 1])
    assert (Path(second_waiver.path).name, second_waiver.start.line) == ("b_more.yaml", 11)


def test_one_position_table_and_origins_only_where_files_meet(tmp_path: Path) -> None:
    """Memory: the files' position tables are moved into the document's, not copied, and a file is
    recorded for the root and the merged entries only (everything under an entry is in its file)."""
    doc, _ = load_spec(_folder(tmp_path, a_main=MAIN, b_more=MORE))
    assert doc is not None
    assert all(f.positions == {} for f in doc.files)
    erp = doc.plain()["systems"]["erp"]
    assert id(erp) not in doc.origins and id(erp) in doc.positions
    single = tmp_path / "single"
    single.mkdir()
    (single / "one.yaml").write_text(MORE.replace("# second file", "sfspec: 1"), encoding="utf-8")
    one, _ = load_spec(single / "one.yaml")
    assert one is not None and one.files[0].positions == {} and list(one.origins) == [id(one.root)]
    url = one.locate(["systems", "erp", "base_url"], value=True)
    assert (Path(url.path).name, url.start.line, url.start.col) == ("one.yaml", 5, 15)


def test_locate_stops_at_the_deepest_existing_node(tmp_path: Path) -> None:
    doc, _ = load_spec(_folder(tmp_path, a_main=MAIN, b_more=MORE))
    assert doc is not None
    missing = doc.locate(["systems", "erp", "auth", "token_url"])
    assert (Path(missing.path).name, missing.start.line) == ("b_more.yaml", 3)
    assert doc.locate([]).start.line == 1


def test_a_single_file_keeps_its_own_tree(tmp_path: Path) -> None:
    spec = tmp_path / "one.yaml"
    spec.write_text(MAIN, encoding="utf-8")
    doc, diags = load_spec(spec)
    assert doc is not None and not diags
    assert doc.root is doc.files[0].data
    assert doc.locate(["waivers", 0]).start.line == 6


def test_duplicate_entries_across_files_are_reported_at_the_second(tmp_path: Path) -> None:
    dup = "systems:\n  crm: {kind: salesforce}\n"
    _, diags = load_spec(_folder(tmp_path, a_main=MAIN, b_dup=dup))
    (d,) = list(diags)
    assert d.code == "SFS014" and Path(d.source.path).name == "b_dup.yaml" and d.source.start.line == 2
    assert "a_main.yaml" in d.summary


def test_only_mergeable_sections_may_repeat(tmp_path: Path) -> None:
    _, diags = load_spec(_folder(tmp_path, a_main=MAIN, b_name="name: other\n"))
    assert [(d.code, Path(d.source.path).name, d.source.start.line) for d in diags] == [("SFS014", "b_name.yaml", 1)]


def test_nested_folders_and_yml_files_are_read_in_order(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "landscape.yaml").write_text(MAIN, encoding="utf-8")
    (tmp_path / "sub" / "erp.yml").write_text(MORE, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("ignored", encoding="utf-8")
    doc, diags = load_spec(tmp_path)
    assert doc is not None and not diags and set(doc.plain()["systems"]) == {"crm", "erp"}


def test_every_broken_file_of_a_folder_is_reported(tmp_path: Path) -> None:
    _, diags = load_spec(_folder(tmp_path, a="sfspec: [1\n", b="- a list\n", c=""))
    assert sorted((Path(d.source.path).name, d.code) for d in diags) == [
        ("a.yaml", "SFS001"),
        ("b.yaml", "SFS004"),
        ("c.yaml", "SFS006"),
    ]


def test_self_referencing_alias_is_an_ordinary_error(tmp_path: Path) -> None:
    """ruamel resolves an alias to its own, unfinished anchor as null: a schema error, no hang."""
    from sfspec.api import check_spec

    spec = tmp_path / "loop.yaml"
    spec.write_text("sfspec: 1\nsystems: &s\n  crm: *s\n", encoding="utf-8")
    checked, diags = check_spec(spec)
    assert checked is None and [(d.code, d.source.start.line) for d in diags] == [("SFS011", 2)]


def _locate_step_by_step(doc: SpecDocument, path: list[str | int], value: bool) -> SourceRange:
    """The definition locate stands for: a position and the file at every step, the last kept."""
    node: Any = doc.root
    file = doc.origins.get(id(doc.root), doc.primary_path)
    pos = SourcePos(1, 1)
    for step in path:
        found = _child_position(node, step, value, doc.positions)
        if found is None:
            break
        pos = SourcePos(found[0] + 1, found[1] + 1)
        file = doc.key_origins.get((id(node), step), doc.origins.get(id(node), file))
        node = node[step]
    return SourceRange(file, pos)


def _paths(node: Any, prefix: list[str | int]) -> list[list[str | int]]:
    """Every path in the tree, and beside each a step that does not exist (wrong name, index, type)."""
    out = [prefix, [*prefix, "missing"], [*prefix, 7], [*prefix, -1]]
    children = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else []
    for step, child in children:
        out += _paths(child, [*prefix, step])
    return out


def test_locate_and_locator_find_every_path_of_a_merged_folder_as_step_by_step(tmp_path: Path) -> None:
    examples = Path(__file__).resolve().parents[3] / "specs" / "landscape"
    for folder in [_folder(tmp_path, a_main=MAIN, b_more=MORE), examples]:
        doc, _ = load_spec(folder)
        assert doc is not None
        paths = _paths(doc.root, [])
        assert len(paths) > 80
        for path in paths:
            for value in (False, True):
                expected = _locate_step_by_step(doc, path, value)
                assert doc.locate(path, value=value) == expected, path
                if path:  # the last step under its prefix, walked once
                    assert doc.locator(path[:-1], value=value)(path[-1]) == expected, path
                    assert doc.locator([*path, "missing"], value=value)(0) == expected, path
