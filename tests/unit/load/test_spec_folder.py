"""The files of a folder spec are found within limits; each way out is one SFS007 naming the path."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sfspec.load import folder as spec_folder
from sfspec.load import load_spec

SPEC = "sfspec: 1\nname: walk\nsystems:\n  crm: {kind: salesforce}\n"
MORE = "objects:\n  Extra__c: {owner: crm}\n"


def _spec(tmp_path: Path) -> Path:
    folder = tmp_path / "spec"
    (folder / "deep" / "er").mkdir(parents=True)
    (folder / "main.yaml").write_text(SPEC, encoding="utf-8")
    (folder / "deep" / "er" / "more.yml").write_text(MORE, encoding="utf-8")
    (folder / "deep" / "notes.txt").write_text("not a spec", encoding="utf-8")
    return folder


def _errors(folder: Path) -> list[str]:
    doc, diags = load_spec(folder)
    assert doc is None
    return [d.format() for d in diags]


def test_a_plain_folder_gives_what_sorted_rglob_gave(tmp_path: Path) -> None:
    folder = _spec(tmp_path)
    (folder / "a.yaml").write_text(MORE.replace("Extra", "A"), encoding="utf-8")
    found = spec_folder.walk(folder)
    assert not found.problems
    assert found.files == sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml"))
    doc, diags = load_spec(folder)
    assert doc is not None and not diags.has_errors()


def test_a_folder_that_cannot_be_listed_is_an_error_not_an_empty_part(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _spec(tmp_path)
    real = os.scandir

    def scandir(path: os.PathLike[str] | str) -> object:
        if Path(path).name == "er":  # root reads everything, so chmod 000 cannot show it here
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(spec_folder.os, "scandir", scandir)
    (line,) = _errors(folder)
    assert " SFS007 " in line and "cannot read folder: Permission denied" in line
    assert "deep/er" in line


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a folder whatever its mode")
def test_an_unreadable_folder_on_disk(tmp_path: Path) -> None:
    folder = _spec(tmp_path)
    (folder / "deep" / "er").chmod(0)
    try:
        assert any("cannot read folder" in line for line in _errors(folder))
    finally:
        (folder / "deep" / "er").chmod(0o755)


def test_links_that_leave_the_spec_folder_are_refused(tmp_path: Path) -> None:
    folder = _spec(tmp_path)
    (tmp_path / "elsewhere.yaml").write_text(MORE.replace("Extra", "Else"), encoding="utf-8")
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "x.yaml").write_text(MORE.replace("Extra", "Shared"), encoding="utf-8")
    (folder / "else.yaml").symlink_to("../elsewhere.yaml")
    (folder / "shared").symlink_to("../shared")
    lines = _errors(folder)
    assert len(lines) == 2 and all(" SFS007 " in line for line in lines)
    assert any("else.yaml" in line and "outside the spec folder" in line for line in lines)
    assert any("spec/shared" in line and "outside the spec folder" in line for line in lines)


def test_links_inside_the_folder_count_each_file_once(tmp_path: Path) -> None:
    folder = _spec(tmp_path)
    (folder / "again").symlink_to("deep")  # a folder link: its files are read where they are
    (folder / "loop").symlink_to(".")
    (folder / "alias.txt").symlink_to("main.yaml")  # not named as a spec file: not part of it
    found = spec_folder.walk(folder)
    assert not found.problems
    assert [p.relative_to(folder).as_posix() for p in found.files] == ["deep/er/more.yml", "main.yaml"]


def test_file_link_loops_and_dangling_links_are_named(tmp_path: Path) -> None:
    folder = _spec(tmp_path)
    (folder / "a.yaml").symlink_to("b.yaml")
    (folder / "b.yaml").symlink_to("a.yaml")
    (folder / "gone.yaml").symlink_to("nowhere.yaml")
    lines = _errors(folder)
    assert sum("symbolic link loop" in line for line in lines) == 2
    assert any("gone.yaml" in line and "link to nothing" in line for line in lines)


def test_too_many_files_are_refused_before_any_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _spec(tmp_path)
    monkeypatch.setattr(spec_folder, "MAX_FILES", 4)
    for i in range(2):
        (folder / f"o{i}.yaml").write_text(MORE.replace("Extra", f"O{i}"), encoding="utf-8")
    assert not spec_folder.walk(folder).problems  # 4 files: one more than the limit is needed
    (folder / "o2.yaml").write_text(": not even yaml [", encoding="utf-8")
    (line,) = _errors(folder)  # the count, not the syntax error of a file that was never read
    assert " SFS007 " in line and "holds more than 4 spec files" in line


def test_the_spec_files_together_are_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _spec(tmp_path)
    monkeypatch.setattr(spec_folder, "MAX_BYTES", 100)
    (folder / "big.yaml").write_text("# padding\n" * 8 + MORE.replace("Extra", "Big"), encoding="utf-8")
    assert sum(p.stat().st_size for p in spec_folder.walk(folder).files) > 100
    (line,) = _errors(folder)
    assert " SFS007 " in line and "MiB together, more than" in line


def test_a_reused_anchor_is_read_as_yaml_says_and_prints_nothing(tmp_path: Path) -> None:
    """YAML 1.2 lets an anchor be defined again; ruamel warned on stderr about it (issue 14), for a
    spec file as for a foreign YAML file beside it that is not part of the spec."""
    import warnings

    folder = _spec(tmp_path)
    (folder / "compose.yaml").write_text("a: &x 1\nb: &x 2\nc: *x\n", encoding="utf-8")
    (folder / "objects.yaml").write_text("objects:\n  A__c: &o {owner: crm}\n  B__c: &o {owner: crm}\n  C__c: *o\n")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        doc, diags = load_spec(folder)
    assert [str(w.message) for w in caught] == []
    assert doc is not None and not diags.has_errors()
    assert set(doc.plain()["objects"]) == {"A__c", "B__c", "C__c", "Extra__c"}
