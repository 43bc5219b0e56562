"""sfspec.discover: which files make up a spec, and which spec a changed file belongs to (issue 14)."""

from __future__ import annotations

from pathlib import Path

from sfspec.discover import OUT_MARKER, default_spec, spec_files, spec_of, specs_in

ROOT = "sfspec: 1\nsystems:\n  crm: {kind: salesforce}\n"
OBJECTS = "objects:\n  Account:\n    owner: crm\n"


def _tree(base: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (base / name).parent.mkdir(parents=True, exist_ok=True)
        (base / name).write_text(text, encoding="utf-8")
    return base


def test_a_folder_spec_skips_dot_folders_out_ignored_paths_and_nested_specs(tmp_path: Path) -> None:
    spec = _tree(
        tmp_path,
        {
            "landscape.yaml": ROOT,
            "flows/erp.yaml": OBJECTS,
            ".github/workflows/ci.yaml": "on: push\n",
            ".pre-commit-config.yaml": "repos: []\n",
            "out/middleware/meltano/meltano.yml": "environments: []\n",
            "build/x.yaml": OBJECTS,
            "drafts/old.yaml": OBJECTS,
            "other/sfspec.yaml": ROOT,
            ".sfspecignore": "drafts/\n",
        },
    )
    (spec / "build" / OUT_MARKER).write_text("", encoding="utf-8")
    assert [p.relative_to(spec).as_posix() for p in spec_files(spec)] == ["flows/erp.yaml", "landscape.yaml"]


def test_a_file_of_a_folder_spec_maps_to_its_folder(tmp_path: Path) -> None:
    spec = _tree(tmp_path / "landscape", {"landscape.yaml": ROOT, "objects.yaml": OBJECTS, "flows/a.yaml": OBJECTS})
    assert spec_of(spec / "objects.yaml") == spec
    assert spec_of(spec / "flows" / "a.yaml") == spec
    assert spec_of(spec / "landscape.yaml") == spec  # the root file has company: the folder is the spec


def test_yaml_that_is_no_part_of_a_spec_maps_to_nothing(tmp_path: Path) -> None:
    spec = _tree(tmp_path, {"landscape.yaml": ROOT, "objects.yaml": OBJECTS, ".github/ci.yaml": "on: push\n"})
    assert spec_of(spec / ".github" / "ci.yaml") is None
    assert spec_of(_tree(tmp_path, {"compose.yaml": "services: {}\n"}) / "compose.yaml") is None


def test_files_side_by_side_with_their_own_root_are_specs_of_their_own(tmp_path: Path) -> None:
    examples = _tree(tmp_path, {"minimal.yaml": ROOT, "rest.yaml": ROOT})
    assert spec_of(examples / "minimal.yaml") == examples / "minimal.yaml"


def test_a_lone_root_file_does_not_take_in_spec_like_files_deep_below_it(tmp_path: Path) -> None:
    """A repository with sfspec.yaml at its top and fixtures far below: validating sfspec.yaml
    checks that file, not every YAML file of the repository."""
    repo = _tree(tmp_path, {"sfspec.yaml": ROOT, "tests/fixtures/bad/objects.yaml": "objects: [\n"})
    assert spec_of(repo / "sfspec.yaml") == repo / "sfspec.yaml"
    # one folder down still counts as the spec's own (a `flows/` folder beside the root file)
    _tree(repo, {"flows/erp.yaml": OBJECTS})
    assert spec_of(repo / "sfspec.yaml") == repo


def test_without_an_argument_the_spec_here_is_found(tmp_path: Path) -> None:
    assert default_spec(tmp_path) is None
    _tree(tmp_path, {"landscape.yaml": ROOT})
    assert default_spec(tmp_path) == tmp_path
    _tree(tmp_path, {"specs/landscape/landscape.yaml": ROOT})
    assert default_spec(tmp_path) == tmp_path / "specs" / "landscape"


def test_a_specs_folder_of_specs_stands_for_its_one_spec_or_names_them_all(tmp_path: Path) -> None:
    _tree(tmp_path, {"specs/landscape/landscape.yaml": ROOT, "specs/landscape/objects.yaml": OBJECTS})
    assert default_spec(tmp_path) == tmp_path / "specs" / "landscape"
    _tree(tmp_path, {"specs/examples/a.yaml": ROOT, "specs/examples/b.yaml": ROOT})
    assert default_spec(tmp_path) is None
    specs = tmp_path / "specs"
    assert specs_in(specs) == [specs / "landscape", specs / "examples" / "a.yaml", specs / "examples" / "b.yaml"]


def test_the_default_excludes_match_as_pathspec_matches_them() -> None:
    """A folder without ignore files is matched without importing pathspec (sfspec.discover
    _DefaultExcludes): the same answers as pathspec's GitIgnoreSpec of DEFAULT_EXCLUDES for every
    relative path of these names up to three deep, as a file and as a folder (trailing /)."""
    import itertools

    import pathspec

    from sfspec.discover import DEFAULT_EXCLUDES, _DefaultExcludes

    theirs = pathspec.GitIgnoreSpec.from_lines(DEFAULT_EXCLUDES)
    mine = _DefaultExcludes()
    names = [
        "a",
        "out",
        "Out",
        "out2",
        "xout",
        ".a",
        ".",
        "..",
        "x.yaml",
        ".x.yaml",
        "a.",
        "out.yaml",
        ".out",
        "*",
        "!x",
    ]
    differ = [
        path
        for depth in (1, 2, 3)
        for parts in itertools.product(names, repeat=depth)
        for head in ("", "./", "/")
        for tail in ("", "/")
        if theirs.match_file(path := head + "/".join(parts) + tail) != mine.match_file(path)
    ]
    assert differ == []
    assert mine.match_file("out/x.yaml") and mine.match_file("a/.github/") and not mine.match_file("a/out/x.yaml")


def test_pathspec_reads_a_folders_own_ignore_files(tmp_path: Path) -> None:
    from sfspec.discover import _DefaultExcludes, ignore_spec

    assert isinstance(ignore_spec(tmp_path), _DefaultExcludes)
    (tmp_path / ".sfspecignore").write_text("drafts/\n", encoding="utf-8")
    ignored = ignore_spec(tmp_path)
    assert not isinstance(ignored, _DefaultExcludes)
    assert ignored.match_file("drafts/x.yaml") and ignored.match_file(".github/") and ignored.match_file("out/x")
