"""out/ is replaced as a whole, never half-written, never outside itself, never a foreign folder."""

from __future__ import annotations

from sfspec.apply.outdir import OUT_MARKER, write_tree
from sfspec.state import GeneratedFile


def files(*pairs: tuple[str, str]) -> list[GeneratedFile]:
    return [GeneratedFile(p, c) for p, c in pairs]


def test_writes_exactly_the_generated_files_and_replaces_the_old_tree(tmp_path):
    out = tmp_path / "out"
    tree, diags = write_tree(
        files(
            ("force-app/main/default/classes/A.cls", "class A {}\n"), ("middleware/camel/routes.yaml", "- route: {}\n")
        ),
        out,
    )
    assert not diags and tree is not None
    assert (out / "force-app/main/default/classes/A.cls").read_text() == "class A {}\n"
    tree, diags = write_tree(files(("middleware/camel/routes.yaml", "- route: {id: x}\n")), out)
    assert not (out / "force-app").exists()  # stale files from the previous run are gone
    assert (out / "middleware/camel/routes.yaml").read_text() == "- route: {id: x}\n"
    assert (out / OUT_MARKER).is_file()
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no staging leftovers


def test_paths_escaping_the_folder_are_refused_and_nothing_is_written(tmp_path):
    out = tmp_path / "out"
    tree, diags = write_tree(files(("ok.txt", "x"), ("../evil.txt", "x"), ("/etc/passwd", "x")), out)
    assert tree is None
    assert [d.code for d in diags] == ["SFS901", "SFS901"]
    assert not out.exists() and not (tmp_path / "evil.txt").exists()


def test_a_foreign_non_empty_folder_is_never_replaced(tmp_path):
    (tmp_path / "project.txt").write_text("precious")
    tree, diags = write_tree(files(("a.txt", "x")), tmp_path)
    assert tree is None and diags.errors()[0].code == "SFS902"
    assert (tmp_path / "project.txt").read_text() == "precious"


def test_line_endings_are_written_as_given(tmp_path):
    write_tree(files(("a.cls", "a\nb\n")), tmp_path / "out")
    assert (tmp_path / "out" / "a.cls").read_bytes() == b"a\nb\n"
